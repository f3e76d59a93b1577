@_spi(Tooling) import InfluenceGraph

/// `influence export`: hand the graph to Apache Spark or Neo4j.
enum ExportCommand: Command {
    static let spec = CommandSpec(
        name: "export",
        abstract: "Write the graph as partitioned CSV for Apache Spark or as Neo4j bulk-import files.",
        discussion: """
            spark writes vertices/, follows/ and referrals/ of part-NNNNN.csv files with a header each (edges partitioned by src, so a part's rows are contiguous), schema.json and _SUCCESS. neo4j writes header and part files for neo4j-admin database import full, and import.sh with the exact command. The directory is written under DIR.tmp-PID and renamed to DIR when complete; DIR must not exist or be empty. One row per written file goes to stdout.
            """,
        arguments: [CommonOptions.source],
        options: [
            .value("to", "engine", help: "The layout to write.", choices: ExportFormat.allCases.map(\.rawValue)),
            .value("output", short: "o", "dir", help: "The directory to create."),
            .value("partitions", "n", help: "Parts per table.",
                   default: "one per \(GraphExport.rowsPerAutomaticPartition) rows of the largest table",
                   range: .integers(1...GraphExport.partitionLimit)),
            .flag("with-scores", help: "Add pagerank, advocate and profile columns, the values 'rank --by advocate' computes."),
            RankOptions.damping, RankOptions.tolerance, RankOptions.maxIterations, RankOptions.iterations,
            RankOptions.weighted, RankOptions.weights, RankOptions.thresholds,
            CommonOptions.format, CommonOptions.threads, CommonOptions.skipBadRows,
        ],
        exclusive: [["max-iterations", "iterations"]])

    /// The options that only shape the scores.
    static let scoreOptions = ["damping", "tolerance", "max-iterations", "iterations", "weighted", "weights", "thresholds"]

    static func run(_ arguments: ParsedArguments, _ context: inout CommandContext) throws {
        guard let engine = arguments.string("to") else { throw arguments.fail("Missing expected option '--to <engine>'") }
        guard let output = arguments.string("output") else { throw arguments.fail("Missing expected option '--output <dir>'") }
        let format = ExportFormat(rawValue: engine) ?? .spark
        var export = GraphExport(format: format, threads: try arguments.threads())
        export.partitions = try arguments.int("partitions", in: 1...GraphExport.partitionLimit)
        let advocate = try RankOptions.advocate(arguments)
        let withScores = arguments.flag("with-scores")
        if !withScores, let given = scoreOptions.first(where: { arguments.string($0) != nil || arguments.flag($0) }) {
            throw arguments.fail("'--\(given)' applies only with '--with-scores'")
        }

        let loaded = try SourceLoading.load(arguments, &context)
        let graph = loaded.graph
        var start = monotonicSeconds()
        let scores = withScores ? advocate.run(on: graph) : nil
        let scoreSeconds = monotonicSeconds() - start
        start = monotonicSeconds()
        let summary = try export.write(graph, scores: scores, to: output)
        let exportSeconds = monotonicSeconds() - start

        var table = ResultTable(columns: ["file", "rows", "bytes"])
        table.rows = summary.files.map { [.text($0.path), .int($0.rows), .int($0.bytes)] }
        let megabytesPerSecond = Double(summary.bytes) / 1e6 / max(exportSeconds, 1e-9)
        context.note("Exported \(graph.customerCount) customers, \(graph.follows.count) follows and \(graph.referrals.count) referrals to \(output) (\(format.rawValue), \(summary.partitions) part\(summary.partitions == 1 ? "" : "s") per table): \(summary.bytes) bytes in \(formatFixed(exportSeconds, digits: 3)) s, \(formatFixed(megabytesPerSecond, digits: 0)) MB/s")
        switch arguments.format() {
        case .table: context.stdout.write(table.renderTable())
        case .csv: context.stdout.write(table.renderCSV())
        case .json:
            let object: [(String, JSONValue)] = [
                ("to", .string(format.rawValue)), ("directory", .string(output)), ("partitions", .int(summary.partitions)),
                ("with_scores", .bool(withScores)), ("customers", .int(graph.customerCount)),
                ("follows", .int(graph.follows.count)), ("referrals", .int(graph.referrals.count)), ("bytes", .int(summary.bytes)),
                ("timings", .object([("load_seconds", .double(loaded.seconds)), ("score_seconds", .double(scoreSeconds)),
                                     ("export_seconds", .double(exportSeconds))])),
                ("files", table.jsonRows),
            ]
            context.stdout.write(JSONValue.object(object).rendered() + "\n")
        }
    }
}
