import InfluenceGraph

/// The settings of one `influence-bench` run.
public struct BenchmarkOptions: Sendable {
    /// log2 of the R-MAT node count. Default 20.
    public var scale = 20
    /// Threads for the parallel runs; single-thread figures are measured too. Default: all cores.
    public var threads = Threads.available
    /// Trials per measurement. Default 3.
    public var trials = 3
    /// The groups to run; `nil` means all.
    public var only: Set<String>?
    /// An edge list to measure instead of a generated graph.
    public var graph: String?
    /// Where to write one JSON object per measurement.
    public var json: String?
    /// Monte Carlo runs of the independent-cascade measurement (the weighted-cascade
    /// targets always run 10,000). Default 200.
    public var runs = 200
    /// Referral rows of the synthetic attribution dataset. Default 10,000,000.
    public var referrals = 10_000_000
    /// Customers of the social-CRM dataset attributed, reported on and loaded as CSV. Default 1,000,000.
    public var scrmCustomers = 1_000_000

    /// Every group, in run order.
    public static let groups = ["load", "snapshot", "pagerank", "personalized", "hits", "reach", "cascade", "imm", "export", "attribution", "report", "csv"]

    public init() {}

    /// Whether `group` runs.
    func wants(_ group: String) -> Bool { only?.contains(group) ?? true }

    /// The one-line usage.
    public static let usageLine = "influence-bench [--scale S] [--threads T] [--repeat R] [--only NAME,…] [--graph PATH] [--json FILE] [--runs N] [--referrals N] [--scrm-customers N]"

    /// The `--help` text.
    public static let help = """
        OVERVIEW: Measure InfluenceGraph on an R-MAT graph (GAP parameters) or an edge list.

        Each measurement is the median of R trials, with min and max. Run it from a release build.

        USAGE: \(usageLine)

        OPTIONS:
          --scale <s>             log2 of the node count of the generated graph. (default: 20)
          --threads <t>           Threads for the parallel runs. (default: all cores)
          --repeat <r>            Trials per measurement. (default: 3)
          --only <names>          Comma-separated subset of: \(groups.joined(separator: ", ")).
          --graph <path>          Measure this edge list instead of a generated one.
          --json <file>           Also write one JSON object per measurement, one per line.
          --runs <n>              Monte Carlo runs of the IC measurement; WC always runs 10,000. (default: 200)
          --referrals <n>         Referral rows of the synthetic attribution dataset. (default: 10000000)
          --scrm-customers <n>    Customers of the generated social-CRM dataset. (default: 1000000)
          -h, --help              Show help information.

        """

    /// Parses the arguments after the program name.
    ///
    /// - Throws: `BenchmarkUsageError` naming the bad word.
    public static func parse(_ arguments: [String]) throws(BenchmarkUsageError) -> BenchmarkOptions? {
        var options = BenchmarkOptions()
        var words = arguments[...]
        while let word = words.popFirst() {
            if word == "-h" || word == "--help" { return nil }
            var name = word, inline: String? = nil
            if let eq = word.firstIndex(of: "="), word.hasPrefix("--") {
                name = String(word[..<eq]); inline = String(word[word.index(after: eq)...])
            }
            let known = ["--scale", "--threads", "--repeat", "--only", "--graph", "--json", "--runs", "--referrals", "--scrm-customers"]
            guard known.contains(name) else { throw BenchmarkUsageError("Unknown option '\(word)'") }
            guard let value = inline ?? words.popFirst() else { throw BenchmarkUsageError("Missing value for '\(name)'") }
            func int(_ range: ClosedRange<Int>) throws(BenchmarkUsageError) -> Int {
                guard let v = Int(value), range.contains(v) else {
                    throw BenchmarkUsageError("The value '\(value)' is invalid for '\(name)': expected \(range.lowerBound)...\(range.upperBound)")
                }
                return v
            }
            switch name {
            case "--scale": options.scale = try int(4...26)
            case "--threads": options.threads = try int(1...1024)
            case "--repeat": options.trials = try int(1...1000)
            case "--runs": options.runs = try int(1...10_000_000)
            case "--referrals": options.referrals = try int(10...100_000_000)
            case "--scrm-customers": options.scrmCustomers = try int(SocialCRMGenerator.customerCounts.lowerBound...SocialCRMGenerator.customerCounts.upperBound)
            case "--only":
                let names = value.split(separator: ",").map(String.init)
                if let bad = names.first(where: { !groups.contains($0) }) {
                    throw BenchmarkUsageError("The value '\(bad)' is invalid for '--only'. Please provide any of \(groups.map { "'\($0)'" }.joined(separator: ", "))")
                }
                options.only = Set(names)
            case "--graph": options.graph = value
            default: options.json = value
            }
        }
        return options
    }
}

/// A bad command line; the message names the bad word.
public struct BenchmarkUsageError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
