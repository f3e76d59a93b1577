@_spi(Tooling) import InfluenceGraph
#if canImport(Glibc)
import Glibc
#endif

/// One `influence-bench` run: builds or reads the graph outside the timed regions,
/// runs each group's measurements, prints a table line per measurement and keeps
/// them for `--json`.
public struct Benchmark {
    public var options: BenchmarkOptions
    /// Every measurement so far, in run order.
    public private(set) var measurements: [Measurement] = []
    /// Receives each output line (with its newline).
    let write: (String) -> Void
    let scratch: String

    public init(options: BenchmarkOptions, write: @escaping (String) -> Void) {
        self.options = options
        self.write = write
        scratch = "/tmp/influence-bench-\(getpid())-\(Int(monotonicSeconds() * 1e6) % 1_000_000)"
    }

    /// Runs every wanted group. Files it makes live in a scratch folder removed at the end.
    public mutating func run() throws -> [Measurement] {
        mkdir(scratch, 0o755)
        defer { removeTree(scratch) }
        write(Self.machineLine(options) + "\n")
        write("\(pad("measurement", 44)) \(pad("median", 12)) \(pad("min", 12)) \(pad("max", 12)) unit\n")

        let needsGraph = ["load", "snapshot", "pagerank", "personalized", "hits", "reach", "cascade", "imm", "export"].contains(where: options.wants)
        if needsGraph {
            let edgeList = try edgeListPath()
            let graph = try loadGroup(edgeList)
            let stats = GraphStatistics(graph)
            write("graph: \(stats.customers) customers, \(stats.followEdges) follow edges\n")
            if options.wants("snapshot") { try snapshotGroup(graph) }
            rankGroups(graph)
            audienceGroups(graph)
            if options.wants("export") { try exportGroup(graph) }
        }
        if options.wants("attribution") { try attributionGroup() }
        if options.wants("report") { try reportGroup() }
        if options.wants("csv") { try csvGroup() }
        record(Measurement(name: "peak resident memory", unit: "MB", values: [Double(peakResidentBytes()) / 1e6], params: []))
        if let path = options.json {
            let text = measurements.map(\.json).joined(separator: "\n") + "\n"
            try AtomicFile.write(to: path) { file throws(OutputError) in try file.write(text) }
        }
        return measurements
    }

    /// The configuration printed above the numbers.
    static func machineLine(_ options: BenchmarkOptions) -> String {
        #if DEBUG
        let configuration = "debug (numbers are not meaningful; use -c release)"
        #else
        let configuration = "release"
        #endif
        #if compiler(>=6.3)
        let swift = "6.3+"
        #elseif compiler(>=6.2)
        let swift = "6.2"
        #else
        let swift = "6.0–6.1"
        #endif
        return "influence-bench  cores \(Threads.available)  threads \(options.threads)  swift \(swift)  build \(configuration)  repeat \(options.trials)  commit \(commit() ?? "unknown")"
    }

    /// The checked-out commit, read from `.git` in the working directory.
    static func commit() -> String? {
        guard let head = try? FileBytes.read(".git/HEAD") else { return nil }
        let text = String(decoding: head, as: UTF8.self).split(separator: "\n").first.map(String.init) ?? ""
        guard text.hasPrefix("ref: ") else { return String(text.prefix(12)) }
        guard let ref = try? FileBytes.read(".git/" + text.dropFirst(5)) else { return nil }
        return String(String(decoding: ref, as: UTF8.self).prefix(12))
    }

    mutating func record(_ m: Measurement) {
        measurements.append(m)
        write(m.line + "\n")
    }

    /// The distinct customers `SplitMix64(seed: 7)` picks, `count` of them (all when fewer).
    static func randomSeeds(_ count: Int, in graph: CustomerGraph) -> [Int] {
        var rng = SplitMix64(seed: 7)
        var seen = Set<Int>()
        var seeds: [Int] = []
        while seeds.count < min(count, graph.customerCount) {
            let c = rng.nextIndex(below: graph.customerCount)
            if seen.insert(c).inserted { seeds.append(c) }
        }
        return seeds
    }

    /// The `count` most-followed customers, ties by index.
    static func mostFollowed(_ count: Int, in graph: CustomerGraph) -> [Int] {
        Ranking.top(count, of: (0..<graph.customerCount).map { Double(graph.follows.followers.degree(of: $0)) })
    }
}

/// Removes a folder and the files directly in it.
func removeTree(_ path: String) {
    guard let dir = opendir(path) else { return }
    while let entry = readdir(dir) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        if name != "." && name != ".." { unlink(path + "/" + name) }
    }
    closedir(dir)
    rmdir(path)
}
