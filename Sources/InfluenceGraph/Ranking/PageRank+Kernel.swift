/// PageRank's prepared state: the follower layout, inverse out-degrees and chunk
/// boundaries, computed once and shared by every teleport vector of a batch.
/// Everything here is indexed by layout position, not customer index.
struct PageRankKernel {
    let layout: FollowerLayout
    /// `1 / W(u)` by position; 0 marks a dangling customer.
    let inverseOut: [Double]
    /// Edge-balanced chunk boundaries over positions.
    let bounds: [Int]
    /// Whether every vote `x[u] · inverseOut[u]` of a score in (1e-15, 1] is a normal
    /// `Float`: the nonzero `inverseOut` lie in [1e-20, 1e20]. Always so for counts
    /// and everyday weights; extreme weights would overflow or lose the votes.
    let votesFitInFloat: Bool
    let threads: Int
    let configuration: PageRank

    /// - Complexity: O(V + E).
    init(graph: CustomerGraph, configuration: PageRank) {
        let threads = Threads.resolve(configuration.threads)
        let weighted = configuration.weighted && graph.follows.followerWeights != nil
        let layout = FollowerLayout(graph: graph, order: configuration.order, weighted: weighted, threads: threads)
        let n = graph.customerCount
        let followees = graph.follows.followees
        let bounds = ParallelFor.edgeBalancedBoundaries(offsets: layout.followers.offsets,
                                                        parts: ParallelFor.chunkCount(forWork: layout.followers.edgeCount + n))
        // Positions visit customers in layout order, so each read of a degree is a
        // cache miss: the chunks run in parallel.
        var inverseOut = uninitializedArray(Double.self, count: n)
        let followeeWeights = weighted ? graph.follows.followeeWeights : nil
        let order = layout.order ?? []
        // Counts give 1 / W(u) in [1 / E, 1]; only weights can leave Float's range.
        let fits = inverseOut.withUnsafeMutableBufferPointer { inverseOut in
            followees.offsets.withUnsafeBufferPointer { offsets in
            order.withUnsafeBufferPointer { order in
                ParallelFor.map(chunks: bounds.count - 1, threads: threads) { chunk -> Bool in
                    var fits = true
                    for k in bounds[chunk] ..< bounds[chunk + 1] {
                        let u = order.isEmpty ? k : Int(order[k])
                        if let ow = followeeWeights {
                            var sum = 0.0
                            for e in offsets[u] ..< offsets[u + 1] { sum += ow[e] }
                            inverseOut[k] = sum > 0 ? 1 / sum : 0
                            if sum > 0 && !(1e-20 ... 1e20).contains(inverseOut[k]) { fits = false }
                        } else {
                            let d = offsets[u + 1] - offsets[u]
                            inverseOut[k] = d > 0 ? 1 / Double(d) : 0
                        }
                    }
                    return fits
                }
            }}
        }
        self.layout = layout
        self.votesFitInFloat = !fits.contains(false)
        self.inverseOut = inverseOut
        self.bounds = bounds
        self.threads = threads
        self.configuration = configuration
    }

    /// The L1 change below which the scores' own votes are stored as `Double` (and,
    /// when refining, the votes of their changes as `Float`): a `Float` vote carries
    /// a relative error of 2⁻²⁴, so the change of an iteration on `Float` votes has a
    /// floor of a few times 1e-8, and 1e-6 stays well above it.
    static let singlePrecisionFloor = 1e-6

    /// Whether a run to `tolerance` with damping `d` may refine. The rounding refining
    /// adds is never corrected by later iterations, only carried along: at most about
    /// 2⁻²⁴ · `singlePrecisionFloor` / (1 − d)² in L1, which stays below a tenth of
    /// the tolerance while (1 − d)² · tolerance ≥ 1e-12 (the default 0.85 and 1e-9
    /// give 2.3e-11). Below that the run stays `Double`.
    static func refines(tolerance: Double, damping d: Double) -> Bool {
        tolerance < singlePrecisionFloor && (1 - d) * (1 - d) * tolerance >= 1e-12
    }

    /// Iterates from `start` with teleport distribution `p` (both by position, each
    /// summing to 1; `nil` means uniform) and returns scores by position, with the
    /// other score buffer, free now, for the caller to write into.
    ///
    /// Each iteration is one parallel pull over followers that also prepares the
    /// next iteration's votes `x[u] / W(u)` and the dangling mass per chunk. Partial
    /// sums combine in chunk order, so the result does not depend on the thread
    /// count. A run from the uniform start that stops on `tolerance` keeps its scores,
    /// votes and inverse out-degrees as `Float` until the change falls below
    /// `max(tolerance, singlePrecisionFloor)` (when `votesFitInFloat`): each
    /// iteration then streams half the bytes per customer. It scales the scores back
    /// to sum 1 in `Double` and goes on in `Double`, at least one iteration, until
    /// the change is below `tolerance` or, when `Float` votes fit and the tolerance
    /// allows (`refines`), below `singlePrecisionFloor`. From there it refines
    /// (`refine`): the scores stay
    /// `Double` and take each iteration's change, computed from `Float` votes of the
    /// last change, so each iteration is the plain one to rounding far below the
    /// tolerance. A warm start, near the answer already, skips the `Float` phase,
    /// and a fixed iteration count (the plain Jacobi iterates) is `Double`
    /// throughout. The `Float` arrays live in the `Double` buffers' memory, so the
    /// switches allocate nothing per customer.
    func iterate(teleport p: [Double]?, start: [Double]?) -> (result: PageRankResult, spare: [Double]) {
        let n = inverseOut.count
        let fixed = configuration.iterations
        let limit = fixed ?? configuration.maxIterations
        let tolerance = configuration.tolerance
        // A uniform teleport is one number, which spares the loop an array read.
        let uniform: Double = p.map { p in p.allSatisfy { $0 == p[0] } ? p[0] : -1 } ?? 1 / Double(n)
        let teleport = uniform >= 0 ? [] : p ?? []
        let singleFirst = fixed == nil && start == nil && votesFitInFloat
        // Every pull writes each position of the next scores and votes, and each
        // phase writes its first votes in full, so none needs zeroing.
        var current = start ?? (singleFirst ? uninitializedArray(Double.self, count: n)
                                            : filledArray(1 / Double(n), count: n, threads: threads))
        var next = uninitializedArray(Double.self, count: n)
        var votes = uninitializedArray(Double.self, count: n)
        var nextVotes = uninitializedArray(Double.self, count: n)
        var run = (iterations: 0, delta: Double.infinity)
        var latestInNext = false
        let even = ParallelFor.evenBoundaries(count: n, parts: ParallelFor.chunkCount(forWork: n))
        let threads = threads
        current.withUnsafeMutableBufferPointer { current in
        next.withUnsafeMutableBufferPointer { next in
        votes.withUnsafeMutableBufferPointer { votes in
        nextVotes.withUnsafeMutableBufferPointer { nextVotes in
        inverseOut.withUnsafeBufferPointer { inverseOut in
            if singleFirst {
                // Scores in the two halves of `next`, votes in the first halves of
                // `votes` and `nextVotes`, inverse out-degrees in the second half of `votes`.
                next.withMemoryRebound(to: Float.self) { scores in
                votes.withMemoryRebound(to: Float.self) { single in
                nextVotes.withMemoryRebound(to: Float.self) { nextSingle in
                    let x = UnsafeMutableBufferPointer(rebasing: scores[..<n])
                    let inverse = UnsafeMutableBufferPointer(rebasing: single[n...])
                    let first = Float(1 / Double(n))
                    ParallelFor.run(chunks: even.count - 1, threads: threads) { chunk in
                        for k in even[chunk] ..< even[chunk + 1] {
                            x[k] = first
                            inverse[k] = Float(inverseOut[k])
                        }
                    }
                    let phase = iterate(scores: x, next: .init(rebasing: scores[n...]),
                                        votes: .init(rebasing: single[..<n]), nextVotes: .init(rebasing: nextSingle[..<n]),
                                        inverse: UnsafeBufferPointer(inverse), teleport: teleport, uniform: uniform,
                                        limit: limit, until: max(tolerance, Self.singlePrecisionFloor), after: run)
                    run = (phase.iterations, phase.delta)
                    let last = phase.latestInNext ? scores[n...] : scores[..<n]
                    ParallelFor.run(chunks: even.count - 1, threads: threads) { chunk in
                        for k in even[chunk] ..< even[chunk + 1] { current[k] = Double(last[last.startIndex + k]) }
                    }
                }}}
                // Rounded scores and votes do not hand on exactly the mass they carry,
                // so the sum drifts from the fixed point's 1. A compensated sum keeps a
                // uniform vector uniform to the last bits.
                let total = CompensatedSum.of(UnsafeBufferPointer(current), threads: threads)
                if total > 0 {
                    ParallelFor.run(chunks: even.count - 1, threads: threads) { chunk in
                        for k in even[chunk] ..< even[chunk + 1] { current[k] /= total }
                    }
                }
            }
            let refine = fixed == nil && votesFitInFloat && Self.refines(tolerance: tolerance, damping: configuration.damping)
            let phase = iterate(scores: current, next: next, votes: votes, nextVotes: nextVotes, inverse: inverseOut,
                                teleport: teleport, uniform: uniform, limit: limit,
                                until: fixed == nil ? (refine ? Self.singlePrecisionFloor : tolerance) : -.infinity, after: run)
            run = (phase.iterations, phase.delta)
            latestInNext = phase.latestInNext
            if refine && run.delta >= tolerance && run.iterations < limit {
                run = self.refine(latestInNext ? next : current, previous: UnsafeBufferPointer(latestInNext ? current : next),
                                  votes: votes, nextVotes: nextVotes, inverse: inverseOut, teleport: teleport, uniform: uniform,
                                  limit: limit, tolerance: tolerance, after: run)
            }
        }}}}}
        if latestInNext { swap(&current, &next) }
        let result = PageRankResult(scores: current, iterations: run.iterations,
                                    converged: run.delta < tolerance, delta: run.delta)
        return (result, next)
    }

    /// Goes on from the scores `x` (the latest, `previous` the ones before) by their
    /// changes: each iteration maps the last change linearly to the next (`x[k+1] −
    /// x[k] = M (x[k] − x[k−1])`), and the change is added to `x` in `Double`. The
    /// changes are below `singlePrecisionFloor` here, so their votes are stored as
    /// `Float` (in `votes` and `nextVotes`, beside `Float` inverse out-degrees):
    /// rounding them costs a relative 2⁻²⁴ of changes that sum to a few times 1e-6,
    /// far below the tolerance, while the iteration reads half the bytes at random.
    /// Stops when the change is below `tolerance` or after `limit` iterations in all.
    private func refine(_ x: UnsafeMutableBufferPointer<Double>, previous: UnsafeBufferPointer<Double>,
                        votes: UnsafeMutableBufferPointer<Double>, nextVotes: UnsafeMutableBufferPointer<Double>,
                        inverse inverseOut: UnsafeBufferPointer<Double>, teleport: [Double], uniform: Double,
                        limit: Int, tolerance: Double, after previousRun: (iterations: Int, delta: Double)) -> (iterations: Int, delta: Double) {
        let n = x.count
        let chunks = bounds.count - 1
        let d = configuration.damping
        let bounds = self.bounds, threads = self.threads
        var run = previousRun
        votes.withMemoryRebound(to: Float.self) { single in
        nextVotes.withMemoryRebound(to: Float.self) { nextSingle in
            var changeVotes = UnsafeMutableBufferPointer(rebasing: single[..<n])
            var nextChangeVotes = UnsafeMutableBufferPointer(rebasing: nextSingle[..<n])
            let inverse = UnsafeMutableBufferPointer(rebasing: single[n...])
            // The last change's votes and its part on dangling customers, per chunk.
            let parts = ParallelFor.map(chunks: chunks, threads: threads) { chunk -> Double in
                var dangling = 0.0
                for u in bounds[chunk] ..< bounds[chunk + 1] {
                    let change = x[u] - previous[u], i = inverseOut[u]
                    if i == 0 { dangling += change }
                    inverse[u] = Float(i)
                    changeVotes[u] = Float(change * i)
                }
                return dangling
            }
            var dangling = 0.0
            for part in parts { dangling += part }
            while run.iterations < limit {
                let base = d * dangling
                let partial = withUnsafeHandle(scores: UnsafeBufferPointer(start: nil, count: 0), votes: UnsafeBufferPointer(changeVotes),
                                               nextScores: UnsafeMutableBufferPointer(start: nil, count: 0), nextVotes: nextChangeVotes,
                                               inverse: UnsafeBufferPointer(inverse), teleport: teleport) { handle in
                    ParallelFor.map(chunks: chunks, threads: threads) { chunk in
                        handle.pullChange(bounds[chunk] ..< bounds[chunk + 1], into: x, damping: d, base: base, uniform: uniform)
                    }
                }
                run.delta = 0
                for part in partial { run.delta += part.change }
                dangling = 0
                for part in partial { dangling += part.dangling }
                swap(&changeVotes, &nextChangeVotes)
                run.iterations += 1
                if run.delta < tolerance { break }
            }
        }}
        return run
    }

    /// Iterates with scores, votes and inverse out-degrees stored as `Value` until
    /// the change falls below `threshold` or `limit` iterations have run in all,
    /// counting from `previous`; returns the new count, the last change, and whether
    /// the latest scores are in `next` (the buffers swap roles every iteration).
    private func iterate<Value: PageRankVote>(scores: UnsafeMutableBufferPointer<Value>, next: UnsafeMutableBufferPointer<Value>,
                                              votes: UnsafeMutableBufferPointer<Value>, nextVotes: UnsafeMutableBufferPointer<Value>,
                                              inverse: UnsafeBufferPointer<Value>, teleport: [Double], uniform: Double,
                                              limit: Int, until threshold: Double, after previous: (iterations: Int, delta: Double))
        -> (iterations: Int, delta: Double, latestInNext: Bool) {
        var run = previous
        guard run.iterations < limit else { return (run.iterations, run.delta, false) }
        let chunks = bounds.count - 1
        let d = configuration.damping
        let bounds = self.bounds, threads = self.threads
        var (current, next, votes, nextVotes) = (scores, next, votes, nextVotes)
        var latestInNext = false
        // The first votes and the dangling mass, per chunk, summed in chunk order.
        let parts = ParallelFor.map(chunks: chunks, threads: threads) { chunk -> Double in
            var dangling = 0.0
            for u in bounds[chunk] ..< bounds[chunk + 1] {
                let i = inverse[u].widened
                if i == 0 { dangling += current[u].widened }
                votes[u] = Value(rounding: current[u].widened * i)
            }
            return dangling
        }
        var dangling = 0.0
        for part in parts { dangling += part }
        while run.iterations < limit {
            let base = d * dangling + (1 - d)
            let partial = withUnsafeHandle(scores: UnsafeBufferPointer(current), votes: UnsafeBufferPointer(votes), nextScores: next,
                                           nextVotes: nextVotes, inverse: inverse, teleport: teleport) { handle in
                ParallelFor.map(chunks: chunks, threads: threads) { chunk in
                    handle.pull(bounds[chunk] ..< bounds[chunk + 1], damping: d, base: base, uniform: uniform)
                }
            }
            run.delta = 0
            for part in partial { run.delta += part.change }
            dangling = 0
            for part in partial { dangling += part.dangling }
            swap(&current, &next)
            swap(&votes, &nextVotes)
            latestInNext.toggle()
            run.iterations += 1
            if run.delta < threshold { break }
        }
        return (run.iterations, run.delta, latestInNext)
    }
}
