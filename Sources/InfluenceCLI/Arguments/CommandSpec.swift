import InfluenceGraph

/// A named option of a command: `--name <value>` or a flag `--name`.
struct OptionSpec: Sendable {
    var name: String
    var short: Character?
    /// The value's placeholder in usage (`n` shows as `<n>`); `nil` makes a flag.
    var valueName: String?
    var help: String
    var defaultValue: String?
    /// The accepted values, when the option is a choice.
    var choices: [String]?
    /// The accepted numbers (or dates), when the option takes them.
    var range: ValueRange?

    static func flag(_ name: String, short: Character? = nil, help: String) -> OptionSpec {
        OptionSpec(name: name, short: short, valueName: nil, help: help)
    }

    static func value(_ name: String, short: Character? = nil, _ valueName: String, help: String,
                      default defaultValue: String? = nil, choices: [String]? = nil, range: ValueRange? = nil) -> OptionSpec {
        OptionSpec(name: name, short: short, valueName: valueName, help: help, defaultValue: defaultValue, choices: choices, range: range)
    }

    var isFlag: Bool { valueName == nil }

    /// `--top <n>` or `--weighted`.
    var label: String { isFlag ? "--\(name)" : "--\(name) <\(valueName!)>" }
}

/// The values a numeric (or date) option accepts. Help shows it as `(range: …)`, and
/// `ParsedArguments` refuses anything outside it with a usage error naming the
/// option, the value and the range, before the command does any work.
enum ValueRange: Sendable {
    /// Whole numbers in the range.
    case integers(ClosedRange<Int>)
    /// Finite numbers in the range (an upper bound of `greatestFiniteMagnitude` means none).
    case numbers(ClosedRange<Double>)
    /// Values the command checks itself (lists, durations, dates, `all`), as help says them.
    case described(String)

    /// How help and error messages say the range: `1 to 4096`, `0 or more`.
    var text: String {
        switch self {
        case .integers(let r):
            return r.upperBound == Int.max ? "\(r.lowerBound) or more" : "\(r.lowerBound) to \(r.upperBound)"
        case .numbers(let r):
            let low = defaultText(r.lowerBound)
            return r.upperBound == .greatestFiniteMagnitude ? "\(low) or more" : "\(low) to \(defaultText(r.upperBound))"
        case .described(let text):
            return text
        }
    }
}

/// A positional argument of a command.
struct ArgumentSpec: Sendable {
    var name: String
    var help: String
    var optional: Bool
}

/// Everything the parser and the help renderer know about a command.
struct CommandSpec: Sendable {
    var name: String
    var abstract: String
    var discussion: String = ""
    var arguments: [ArgumentSpec] = []
    var options: [OptionSpec] = []
    /// Groups of options of which at most one may be given.
    var exclusive: [[String]] = []

    func option(named name: String) -> OptionSpec? { options.first { $0.name == name } }
    func option(short: Character) -> OptionSpec? { options.first { $0.short == short } }
}

/// Options and arguments every data command shares.
enum CommonOptions {
    static let source = ArgumentSpec(
        name: "source",
        help: "A data directory of CSV files, a SNAP edge list, or a .igs snapshot. Defaults to the bundled demo data unless --customers, --follows or --referrals name CSV files.",
        optional: true)
    static let format = OptionSpec.value("format", "format", help: "Output format.", default: "table", choices: ["table", "csv", "json"])
    static let threads = OptionSpec.value("threads", "n", help: "Threads to compute with; results never depend on it.", default: "all cores",
                                          range: .integers(1...4096))
    /// The most customers or referral rows a graph holds (32-bit indices): the bound of
    /// options that count them, such as `--top`.
    static let countLimit = Int(UInt32.max)
    /// The range of random seeds: any unsigned 64-bit integer.
    static let seedRange = ValueRange.described("0 to \(UInt64.max)")
    static let skipBadRows = OptionSpec.flag("skip-bad-rows", help: "Skip and count unreadable input rows instead of stopping at the first.")
    /// The options that name and describe CSV files, on every command that takes a SOURCE (see `SourceLoading`).
    static let csvFiles: [OptionSpec] = [
        .value("customers", "file", help: "The customers CSV file (any name; - reads standard input), instead of SOURCE's customers.csv."),
        .value("follows", "file", help: "The follows CSV file (any name; - reads standard input), instead of SOURCE's follows.csv."),
        .value("referrals", "file", help: "The referrals CSV file (any name; - reads standard input), instead of SOURCE's referrals.csv."),
        .value("columns", "mappings", help: "Which header holds each field: ROLE.FIELD=HEADER,… such as customers.id=customer_id. Unmapped fields are found by name or a known alias."),
        .value("columns-file", "file", help: "Column mappings, one ROLE.FIELD=HEADER per line (# comments); --columns wins."),
        .value("delimiter", "delimiter", help: "The CSV field delimiter.", default: "detected from each header",
               choices: CSVDelimiter.allCases.map(\.rawValue)),
    ]
}

/// A library default as help shows it: `0.85`, `1e-9` (Swift spells it `1e-09`), `10000`.
func defaultText(_ value: Double) -> String {
    if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
    var text = String(value)
    if let e = text.firstIndex(of: "e") {
        var exponent = text[text.index(after: e)...]
        let sign = exponent.first == "-" ? "-" : ""
        exponent = exponent.drop { $0 == "-" || $0 == "+" || $0 == "0" }
        text = text[..<e] + "e" + sign + exponent
    }
    return text
}
