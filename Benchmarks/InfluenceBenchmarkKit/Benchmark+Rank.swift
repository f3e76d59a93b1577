import InfluenceGraph

extension Benchmark {
    /// PageRank at 1 thread and at `threads` (fixed counts and to the default
    /// tolerance), personalized PageRank, HITS.
    mutating func rankGroups(_ graph: CustomerGraph) {
        let edges = Double(graph.follows.count)
        if options.wants("pagerank") {
            for t in Set([1, options.threads]).sorted() {
                // 20 fixed iterations, and 1 iteration: the difference over 19 is the
                // cost of an iteration without the one-off layout preparation.
                // And the default run, to the tolerance, as `rank` runs it: its early
                // iterations take single-precision votes, which fixed counts do not.
                var twenty: [Double] = [], one: [Double] = [], converged: [Double] = []
                var iterations = 0
                for _ in 0..<options.trials {
                    one += time(1) { consume(PageRank(iterations: 1, threads: t).run(on: graph).scores[0]) }
                    twenty += time(1) { consume(PageRank(iterations: 20, threads: t).run(on: graph).scores[0]) }
                    converged += time(1) {
                        let result = PageRank(threads: t).run(on: graph)
                        iterations = result.iterations
                        consume(result.scores[0])
                    }
                }
                let perIteration = zip(twenty, one).map { max(0, $0 - $1) / 19 }
                let params = graphParams + [("threads", "\(t)"), ("iterations", "20"), ("order", PageRank().order.rawValue)]
                record(Measurement(name: "pagerank 20 iterations (\(t) thr)", unit: "s", values: twenty, params: params))
                record(Measurement(name: "pagerank 20 iterations (\(t) thr)", unit: "ns/edge/it", values: twenty.map { $0 / 20 / edges * 1e9 }, params: params))
                record(Measurement(name: "pagerank layout + 1 iteration (\(t) thr)", unit: "s", values: one, params: params))
                record(Measurement(name: "pagerank per iteration (\(t) thr)", unit: "s", values: perIteration, params: params))
                record(Measurement(name: "pagerank per iteration (\(t) thr)", unit: "ns/edge", values: perIteration.map { $0 / edges * 1e9 }, params: params))
                let defaults = graphParams + [("threads", "\(t)"), ("tolerance", "\(PageRank().tolerance)"), ("iterations", "\(iterations)")]
                write("pagerank to tolerance \(PageRank().tolerance): \(iterations) iterations\n")
                record(Measurement(name: "pagerank to tolerance (\(t) thr)", unit: "s", values: converged, params: defaults))
                record(Measurement(name: "pagerank to tolerance (\(t) thr)", unit: "ns/edge/it",
                                   values: converged.map { $0 / Double(max(1, iterations)) / edges * 1e9 }, params: defaults))
            }
        }
        if options.wants("personalized") {
            let seeds = Self.randomSeeds(100, in: graph)
            let personalization = Dictionary(uniqueKeysWithValues: seeds.map { ($0, 1.0) })
            var iterations = 0
            let seconds = time(options.trials) {
                let r = PageRank(personalization: personalization, threads: options.threads).run(on: graph)
                iterations = r.iterations
                consume(r.scores[0])
            }
            record(Measurement(name: "personalized pagerank, 100 seeds (\(options.threads) thr)", unit: "s", values: seconds,
                               params: graphParams + [("threads", "\(options.threads)"), ("iterations", "\(iterations)"), ("tolerance", "1e-9")]))
        }
        if options.wants("hits") {
            let seconds = time(options.trials) {
                consume(HITS(tolerance: 0, maxIterations: 20, threads: options.threads).run(on: graph).authorities[0])
            }
            record(Measurement(name: "hits 20 iterations (\(options.threads) thr)", unit: "s", values: seconds,
                               params: graphParams + [("threads", "\(options.threads)"), ("iterations", "20")]))
        }
    }
}
