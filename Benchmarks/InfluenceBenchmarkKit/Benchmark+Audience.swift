import InfluenceGraph

extension Benchmark {
    /// 2-hop reach, IC and WC Monte Carlo, IMM.
    mutating func audienceGroups(_ graph: CustomerGraph) {
        let threads = options.threads
        if options.wants("reach") {
            let seeds = Self.randomSeeds(100, in: graph)
            for t in Set([1, threads]).sorted() {
                var reach = 0
                let seconds = time(max(options.trials, 5)) {
                    reach = KHopReach(depth: .hops(2), threads: t).run(on: graph, seeds: seeds).reach
                }
                record(Measurement(name: "2-hop reach, 100 seeds (\(t) thr)", unit: "ms", values: seconds.map { $0 * 1000 },
                                   params: graphParams + [("threads", "\(t)"), ("reach", "\(reach)")]))
            }
        }
        let top = Self.mostFollowed(50, in: graph)
        if options.wants("cascade") {
            let runs = options.runs
            // The most-followed seeds are what a campaign would pick and the hardest case
            // (a run reaches a fifth of the graph); random seeds are the easy one. Both
            // weighted-cascade cases run the 10,000 runs for real, the target
            // being theirs; the independent cascade runs `--runs` and projects.
            let cases: [(String, CascadeModel, [Int], String, Int)] = [
                ("ic p=0.01", .independentCascade(probability: 0.01), top, "50 most-followed", runs),
                ("wc", .weightedCascade, top, "50 most-followed", 10_000),
                ("wc (50 random seeds)", .weightedCascade, Self.randomSeeds(50, in: graph), "50 random", 10_000),
            ]
            for (label, model, seeds, seedLabel, runs) in cases {
                var mean = 0.0
                let seconds = time(options.trials) {
                    mean = CascadeSimulation(model: model, runs: runs, seed: 1, threads: threads).run(on: graph, seeds: seeds).meanReach
                }
                let params = graphParams + [("threads", "\(threads)"), ("runs", "\(runs)"), ("seeds", seedLabel), ("mean_reach", fixed(mean, 1))]
                record(Measurement(name: "\(label) runs per second (\(threads) thr)", unit: "runs/s", values: seconds.map { Double(runs) / $0 }, params: params))
                if runs == 10_000 {
                    record(Measurement(name: "\(label) 10,000 runs (\(threads) thr)", unit: "s", values: seconds, params: params))
                } else if runs > 1 {
                    // A call pays its setup (the WC tables: ~0.2 s) once, so the projection
                    // takes it from a one-run call and scales only the runs: setup + 10,000
                    // runs at the per-run time between the two calls.
                    let single = time(options.trials) {
                        consume(CascadeSimulation(model: model, runs: 1, seed: 1, threads: threads).run(on: graph, seeds: seeds).meanReach)
                    }
                    let projected = zip(seconds, single).map { many, one in one + max(0, many - one) / Double(runs - 1) * 9_999 }
                    record(Measurement(name: "\(label) 10,000 runs, projected (\(threads) thr)", unit: "s", values: projected, params: params))
                }
            }
        }
        if options.wants("imm") {
            var sets = 0
            let seconds = time(options.trials) {
                let result = SeedSelection(count: 50, model: .weightedCascade, epsilon: 0.1, seed: 1, threads: threads).run(on: graph)
                sets = result.reverseReachableSets
                consume(result.picks.last?.spread ?? 0)
            }
            record(Measurement(name: "imm k=50 eps=0.1 wc (\(threads) thr)", unit: "s", values: seconds,
                               params: graphParams + [("threads", "\(threads)"), ("rr_sets", "\(sets)")]))
        }
    }
}
