@_spi(Tooling) import InfluenceGraph
#if canImport(Glibc)
import Glibc
#endif

extension Benchmark {
    /// `GraphExport` of the benchmark graph: Spark at 1 thread and at `threads`, Spark
    /// with advocate scores, Neo4j, each into memory-backed storage (`/dev/shm`, where
    /// `fsync` returns at once, so the figure is formatting and writing, not the disk),
    /// and Spark once more into the scratch folder on disk, syncs included.
    mutating func exportGroup(_ graph: CustomerGraph) throws {
        let memory = FileBytes.isDirectory("/dev/shm") ? "/dev/shm/influence-bench-export-\(getpid())" : scratch + "/export-memory"
        let disk = scratch + "/export-disk"
        let threads = options.threads
        let scores = AdvocateScore(pageRank: PageRank(threads: threads)).run(on: graph)
        var runs: [(label: String, format: ExportFormat, threads: Int, scores: AdvocateResult?, path: String)] = []
        for t in Set([1, threads]).sorted() { runs.append(("spark", .spark, t, nil, memory)) }
        runs += [("spark + scores", .spark, threads, scores, memory), ("neo4j", .neo4j, threads, nil, memory),
                 ("spark to disk, synced", .spark, threads, nil, disk)]
        for run in runs {
            var seconds: [Double] = []
            var bytes = 0
            var parts = 0
            for _ in 0..<options.trials {
                removeExport(run.path)
                let export = GraphExport(format: run.format, threads: run.threads)
                let start = monotonicSeconds()
                let summary = try export.write(graph, scores: run.scores, to: run.path)
                seconds.append(monotonicSeconds() - start)
                bytes = summary.bytes
                parts = summary.partitions
            }
            removeExport(run.path)
            let params = graphParams + [("threads", "\(run.threads)"), ("format", run.format.rawValue), ("partitions", "\(parts)"),
                                        ("mb", fixed(Double(bytes) / 1e6, 1)), ("target", run.path == memory ? "memory" : "disk")]
            record(Measurement(name: "export \(run.label) (\(run.threads) thr)", unit: "s", values: seconds, params: params))
            record(Measurement(name: "export \(run.label) (\(run.threads) thr)", unit: "MB/s",
                               values: seconds.map { Double(bytes) / 1e6 / $0 }, params: params))
        }
    }

    /// Removes an export directory: its files, its table folders, itself.
    func removeExport(_ path: String) {
        for folder in ["vertices", "follows", "referrals"] { removeTree(path + "/" + folder) }
        removeTree(path)
    }
}
