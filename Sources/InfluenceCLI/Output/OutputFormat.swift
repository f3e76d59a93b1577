/// How a command prints its results.
enum OutputFormat: String, CaseIterable, Sendable {
    case table, csv, json
}
