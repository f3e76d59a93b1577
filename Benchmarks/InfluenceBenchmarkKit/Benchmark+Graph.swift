import InfluenceGraph
#if canImport(Glibc)
import Glibc
#endif

extension Benchmark {
    var graphParams: [(String, String)] { [("graph", options.graph ?? "rmat\(options.scale)")] }

    /// `--graph`, or a generated R-MAT edge list (GAP parameters, edge factor 16, seed 1).
    mutating func edgeListPath() throws -> String {
        if let path = options.graph { return path }
        let path = scratch + "/rmat\(options.scale).el"
        let seconds = try time(1) {
            try RMATGenerator(scale: options.scale, edgeFactor: 16, seed: 1).writeEdgeList(to: path, threads: options.threads)
        }
        record(Measurement(name: "generate R-MAT scale \(options.scale)", unit: "s", values: seconds, params: graphParams))
        return path
    }

    /// Edge-list parse and build at 1 thread and at `threads`; the graph for the other groups.
    mutating func loadGroup(_ edgeList: String) throws -> CustomerGraph {
        var info = stat()
        stat(edgeList, &info)
        let megabytes = Double(info.st_size) / 1e6
        var graph: CustomerGraph?
        if options.wants("load") {
            for t in Set([1, options.threads]).sorted() {
                let seconds = try time(options.trials) {
                    let g = try CustomerGraph.load(from: edgeList, options: LoadOptions(threads: t))
                    consume(Double(g.follows.count))
                    graph = g
                }
                let params = graphParams + [("threads", "\(t)"), ("mb", fixed(megabytes, 1))]
                record(Measurement(name: "load edge list (\(t) thr)", unit: "s", values: seconds, params: params))
                record(Measurement(name: "parse rate (\(t) thr)", unit: "MB/s", values: seconds.map { megabytes / $0 }, params: params))
            }
        }
        let loaded = try graph ?? CustomerGraph.load(from: edgeList, options: LoadOptions(threads: options.threads))
        record(Measurement(name: "bytes per follow edge", unit: "B", values: [GraphStatistics(loaded).bytesPerFollowEdge], params: graphParams))
        return loaded
    }

    mutating func snapshotGroup(_ graph: CustomerGraph) throws {
        let path = scratch + "/graph.igs"
        let threads = options.threads
        let save = try time(options.trials) { try graph.writeSnapshot(to: path, threads: threads) }
        record(Measurement(name: "snapshot save (\(threads) thr)", unit: "s", values: save, params: graphParams))
        let load = try time(options.trials) {
            consume(Double(try CustomerGraph.load(from: path, options: LoadOptions(threads: threads)).customerCount))
        }
        record(Measurement(name: "snapshot load (\(threads) thr)", unit: "s", values: load, params: graphParams))
    }
}
