@_spi(Tooling) import InfluenceGraph
#if canImport(Glibc)
import Glibc
#endif

extension Benchmark {
    /// Loading a social-CRM CSV export as a growth team brings it (string ids,
    /// names, segments, weights, times, revenues; `--scrm-customers`, default 1M):
    /// seconds and MB/s per file and in total at 1 thread and at T, the speed-up,
    /// the graph's bytes, and, when the `influence` binary sits beside this one, the
    /// peak memory of `influence stats` on the export and `rank --by advocate` from
    /// the export and from a snapshot of it (`advocateRankRuns`).
    ///
    /// Per-file times come from the load's own progress messages (a file starts with
    /// "parsing PATH", the graph build with "building graph"), so they are the times
    /// of one ordinary load, not of loads cut apart.
    mutating func csvGroup() throws {
        let directory = scratch + "/csv-scrm"
        let start = monotonicSeconds()
        try SocialCRMGenerator(customers: options.scrmCustomers, seed: 7).write(toDirectory: directory, threads: options.threads)
        defer { removeTree(directory) }
        let names = ["customers.csv", "follows.csv", "referrals.csv"]
        let sizes = names.map { name -> Int in
            var info = stat()
            return stat(directory + "/" + name, &info) == 0 ? Int(info.st_size) : 0
        }
        let total = sizes.reduce(0, +)
        write("csv: \(options.scrmCustomers) customers, \(fixed(Double(total) / 1e6, 1)) MB generated in \(fixed(monotonicSeconds() - start, 1)) s\n")
        var totals: [Int: [Double]] = [:]
        var graphBytes = 0, customers = 0
        for threads in Set([1, options.threads]).sorted() {
            var perFile = [[Double]](repeating: [], count: names.count)
            var build: [Double] = [], whole: [Double] = []
            for _ in 0..<options.trials {
                let marks = ProgressMarks()
                let begin = monotonicSeconds()
                let graph = try CustomerGraph.load(from: directory, options: LoadOptions(threads: threads, progress: { marks.note($0) }))
                let end = monotonicSeconds()
                let starts = names.map { name in marks.first { $0.hasPrefix("parsing ") && $0.hasSuffix(name) } ?? begin }
                let building = marks.first { $0 == "building graph" } ?? end
                for i in names.indices { perFile[i].append((i + 1 < names.count ? starts[i + 1] : building) - starts[i]) }
                build.append(end - building)
                whole.append(end - begin)
                graphBytes = graph.byteCount
                customers = graph.customerCount
                consume(Double(graph.follows.count))
            }
            let params = [("threads", "\(threads)"), ("customers", "\(options.scrmCustomers)"), ("bytes", "\(total)")]
            for (i, name) in names.enumerated() {
                record(Measurement(name: "csv \(name) (\(threads) thr)", unit: "s", values: perFile[i], params: params))
                record(Measurement(name: "csv \(name) (\(threads) thr)", unit: "MB/s", values: perFile[i].map { Double(sizes[i]) / 1e6 / $0 }, params: params))
            }
            record(Measurement(name: "csv build graph (\(threads) thr)", unit: "s", values: build, params: params))
            record(Measurement(name: "csv load, all files (\(threads) thr)", unit: "s", values: whole, params: params))
            record(Measurement(name: "csv load, all files (\(threads) thr; target >= 300)", unit: "MB/s",
                               values: whole.map { Double(total) / 1e6 / $0 }, params: params))
            totals[threads] = whole
        }
        if options.threads > 1, let one = totals[1], let many = totals[options.threads] {
            record(Measurement(name: "csv speed-up \(options.threads) vs 1 threads (target >= 1.7)", unit: "x",
                               values: zip(one, many).map { $0 / $1 }, params: []))
        }
        record(Measurement(name: "csv graph bytes", unit: "MB", values: [Double(graphBytes) / 1e6], params: []))
        record(Measurement(name: "csv graph bytes per customer", unit: "B", values: [Double(graphBytes) / Double(max(1, customers))], params: []))
        // The memory a user sees: `influence stats` on the export, in a process of its own.
        let cli = Self.siblingExecutable("influence")
        guard access(cli, X_OK) == 0 else {
            write("influence not found beside influence-bench: the peak memory of `influence stats` is not measured\n")
            return
        }
        var peaks: [Double] = []
        for _ in 0..<options.trials {
            let (status, maxKB) = ChildProcess.run([cli, "stats", directory, "--format", "json", "--threads", "\(options.threads)"],
                                                   stdout: scratch + "/stats.json")
            guard status == 0 else { throw BenchmarkUsageError("influence stats exited with status \(status)") }
            peaks.append(Double(maxKB) / 1e3)
        }
        record(Measurement(name: "peak RSS of influence stats (\(options.threads) thr)", unit: "MB", values: peaks,
                           params: [("customers", "\(options.scrmCustomers)")]))
        try advocateRankRuns(cli: cli, directory: directory)
    }

    /// The path of `name` in the folder of the running executable.
    static func siblingExecutable(_ name: String) -> String {
        let me = CommandLine.arguments.first ?? ""
        guard let slash = me.lastIndex(of: "/") else { return name }
        return String(me[...slash]) + name
    }
}

/// The progress messages of one load, with the time each first arrived.
final class ProgressMarks: @unchecked Sendable {
    private var marks: [(message: String, time: Double)] = []

    func note(_ message: String) { marks.append((message, monotonicSeconds())) }

    /// The time of the first message that satisfies `matches`.
    func first(where matches: (String) -> Bool) -> Double? { marks.first { matches($0.message) }?.time }
}
