/// PageRank's prepared state: the follower layout, inverse out-degrees and chunk
/// boundaries, computed once and shared by every teleport vector of a batch.
/// Everything here is indexed by layout position, not customer index.
struct PageRankKernel {
    let layout: FollowerLayout
    /// `1 / W(u)` by position; 0 marks a dangling customer.
    let inverseOut: [Double]
    /// Edge-balanced chunk boundaries over positions.
    let bounds: [Int]
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
        inverseOut.withUnsafeMutableBufferPointer { inverseOut in
            followees.offsets.withUnsafeBufferPointer { offsets in
            order.withUnsafeBufferPointer { order in
                ParallelFor.run(chunks: bounds.count - 1, threads: threads) { chunk in
                    for k in bounds[chunk] ..< bounds[chunk + 1] {
                        let u = order.isEmpty ? k : Int(order[k])
                        if let ow = followeeWeights {
                            var sum = 0.0
                            for e in offsets[u] ..< offsets[u + 1] { sum += ow[e] }
                            inverseOut[k] = sum > 0 ? 1 / sum : 0
                        } else {
                            let d = offsets[u + 1] - offsets[u]
                            inverseOut[k] = d > 0 ? 1 / Double(d) : 0
                        }
                    }
                }
            }}
        }
        self.layout = layout
        self.inverseOut = inverseOut
        self.bounds = bounds
        self.threads = threads
        self.configuration = configuration
    }

    /// Iterates from `start` with teleport distribution `p` (both by position, each
    /// summing to 1; `nil` means uniform) and returns scores by position.
    ///
    /// Each iteration is one parallel pull over followers that also prepares the
    /// next iteration's votes `x[u] / W(u)` and the dangling mass per chunk. Partial
    /// sums combine in chunk order, so the result does not depend on the thread
    /// count. Allocates only before the loop.
    func iterate(teleport p: [Double]?, start: [Double]?) -> PageRankResult {
        let n = inverseOut.count
        let chunks = bounds.count - 1
        let d = configuration.damping
        let fixed = configuration.iterations
        let limit = fixed ?? configuration.maxIterations
        // A uniform teleport is one number, which spares the loop an array read.
        let uniform: Double = p.map { p in p.allSatisfy { $0 == p[0] } ? p[0] : -1 } ?? 1 / Double(n)
        let teleport = uniform >= 0 ? [] : p ?? []
        var current = start ?? filledArray(1 / Double(n), count: n)
        // Every pull writes each position of `next` and `nextVotes`, and `votes` is
        // written in full below, so none needs zeroing.
        var next = uninitializedArray(Double.self, count: n)
        var votes = uninitializedArray(Double.self, count: n)
        var nextVotes = uninitializedArray(Double.self, count: n)
        let bounds = self.bounds, threads = self.threads

        var dangling = 0.0
        for u in 0..<n {
            let i = inverseOut[u]
            if i == 0 { dangling += current[u] }
            votes[u] = current[u] * i
        }
        var iterationsRun = 0
        var delta = Double.infinity
        while iterationsRun < limit {
            let base = d * dangling + (1 - d)
            let partial = withUnsafeHandle(scores: current, votes: votes, nextScores: &next, nextVotes: &nextVotes, teleport: teleport) { handle in
                ParallelFor.map(chunks: chunks, threads: threads) { chunk in
                    handle.pull(bounds[chunk] ..< bounds[chunk + 1], damping: d, base: base, uniform: uniform)
                }
            }
            delta = 0
            for part in partial { delta += part.change }
            dangling = 0
            for part in partial { dangling += part.dangling }
            swap(&current, &next)
            swap(&votes, &nextVotes)
            iterationsRun += 1
            if fixed == nil && delta < configuration.tolerance { break }
        }
        return PageRankResult(scores: current, iterations: iterationsRun,
                              converged: delta < configuration.tolerance, delta: delta)
    }
}
