/// PageRank over follow edges: a follow is a vote for the followee.
///
/// Semantics equal NetworkX's `pagerank`: each iteration computes
/// `x'[v] = d · Σ_{u→v} x[u] · w(u,v) / W(u) + (d · D + 1 − d) · p[v]`, where `W(u)` is
/// `u`'s out-degree (or out-weight sum when `weighted`), `D` the mass held by
/// customers with `W(u) == 0` (dangling), and `p` the teleport distribution (uniform,
/// or the normalized `personalization`). Dangling mass goes to `p`.
///
/// ```swift
/// let result = PageRank(damping: 0.85).run(on: graph)
/// let best = Ranking.top(5, of: result.scores)
/// ```
///
/// Numeric policy: Jacobi iteration with two buffers; stops when the L1 norm of the
/// change is below `tolerance` or after `maxIterations` (or exactly `iterations`).
/// The parallel loop runs over a fixed number of edge-balanced chunks and combines
/// per-chunk partial sums in chunk order, so results are bit-identical at any
/// thread count.
///
/// - Complexity: O((V + E) · iterations) time, O(V) extra memory (O(E) when weighted).
public struct PageRank: Sendable {
    /// Probability of following an edge rather than teleporting. Default 0.85.
    public var damping: Double
    /// Stop once the L1 change between iterations is below this. Default 1e-9.
    public var tolerance: Double
    /// Upper bound on iterations when `iterations` is `nil`. Default 100.
    public var maxIterations: Int
    /// A fixed iteration count (for benchmarks); ignores `tolerance` for stopping.
    public var iterations: Int?
    /// Split each follower's vote by follow weight instead of evenly. Ignored for unweighted graphs.
    public var weighted: Bool
    /// Teleport weights by customer index (normalized to sum 1); `nil` means uniform.
    public var personalization: [Int: Double]?
    /// Worker threads; `nil` or 0 means all cores. Does not change results.
    public var threads: Int?

    /// Creates a configuration; every parameter has the documented default.
    public init(damping: Double = 0.85, tolerance: Double = 1e-9, maxIterations: Int = 100,
                iterations: Int? = nil, weighted: Bool = false,
                personalization: [Int: Double]? = nil, threads: Int? = nil) {
        self.damping = damping
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.iterations = iterations
        self.weighted = weighted
        self.personalization = personalization
        self.threads = threads
    }

    /// The teleport distribution for `count` customers: normalized personalization, or uniform.
    public func teleport(count: Int) -> [Double] {
        guard count > 0 else { return [] }
        if let personalization {
            var p = [Double](repeating: 0, count: count)
            var total = 0.0
            for (k, w) in personalization.sorted(by: { $0.key < $1.key }) where k >= 0 && k < count && w > 0 {
                p[k] += w
                total += w
            }
            if total > 0 {
                for i in 0..<count { p[i] /= total }
                return p
            }
        }
        return [Double](repeating: 1.0 / Double(count), count: count)
    }

    /// Runs PageRank on `graph`, starting from `warmStart` (normalized) when its count
    /// matches the graph, otherwise from the uniform vector.
    ///
    /// - Complexity: O((V + E) · iterations).
    public func run(on graph: CustomerGraph, warmStart: [Double]? = nil) -> PageRankResult {
        let n = graph.customerCount
        guard n > 0 else { return PageRankResult(scores: [], iterations: 0, converged: true, delta: 0) }
        let followers = graph.follows.followers
        let followees = graph.follows.followees
        let edgeWeights: [Double]? = weighted ? graph.follows.followerWeights : nil

        // Inverse out-degree (or out-weight); 0 marks a dangling customer.
        var inverseOut = [Double](repeating: 0, count: n)
        if weighted, let ow = graph.follows.followeeWeights {
            for u in 0..<n {
                var sum = 0.0
                for e in followees.offsets[u] ..< followees.offsets[u + 1] { sum += ow[e] }
                inverseOut[u] = sum > 0 ? 1 / sum : 0
            }
        } else {
            for u in 0..<n {
                let d = followees.offsets[u + 1] - followees.offsets[u]
                inverseOut[u] = d > 0 ? 1 / Double(d) : 0
            }
        }
        let p = teleport(count: n)

        var current: [Double]
        if let warmStart, warmStart.count == n {
            let total = warmStart.reduce(0) { $0 + max($1, 0) }
            current = total > 0 ? warmStart.map { max($0, 0) / total } : [Double](repeating: 1 / Double(n), count: n)
        } else {
            current = [Double](repeating: 1 / Double(n), count: n)
        }
        var next = [Double](repeating: 0, count: n)
        var contribution = [Double](repeating: 0, count: n)

        let chunkCount = ParallelFor.chunkCount(forWork: followers.edgeCount + n)
        let bounds = ParallelFor.edgeBalancedBoundaries(offsets: followers.offsets, parts: chunkCount)
        let chunks = bounds.count - 1
        var partialDangling = [Double](repeating: 0, count: chunks)
        var partialDelta = [Double](repeating: 0, count: chunks)
        let threads = Threads.resolve(threads)
        let limit = iterations ?? maxIterations
        let d = damping

        var iterationsRun = 0
        var delta = Double.infinity
        while iterationsRun < limit {
            // Pass 1: each customer's per-vote contribution, and dangling mass per chunk.
            current.withUnsafeBufferPointer { x in
            inverseOut.withUnsafeBufferPointer { inv in
            contribution.withUnsafeMutableBufferPointer { c in
            partialDangling.withUnsafeMutableBufferPointer { pd in
                let shared = UncheckedSendable((x, inv, c, pd))
                ParallelFor.run(chunks: chunks, threads: threads) { chunk in
                    let (x, inv, c, pd) = shared.value
                    var dangling = 0.0
                    for u in bounds[chunk] ..< bounds[chunk + 1] {
                        let i = inv[u]
                        if i == 0 { dangling += x[u] }
                        c[u] = x[u] * i
                    }
                    pd[chunk] = dangling
                }
            }}}}
            var dangling = 0.0
            for v in partialDangling { dangling += v }
            let base = d * dangling + (1 - d)

            // Pass 2: pull contributions from followers.
            current.withUnsafeBufferPointer { x in
            contribution.withUnsafeBufferPointer { c in
            next.withUnsafeMutableBufferPointer { y in
            p.withUnsafeBufferPointer { p in
            followers.offsets.withUnsafeBufferPointer { off in
            followers.targets.withUnsafeBufferPointer { tgt in
            partialDelta.withUnsafeMutableBufferPointer { pdel in
                if let edgeWeights {
                    edgeWeights.withUnsafeBufferPointer { w in
                        let shared = UncheckedSendable((x, c, y, p, off, tgt, pdel, w))
                        ParallelFor.run(chunks: chunks, threads: threads) { chunk in
                            let (x, c, y, p, off, tgt, pdel, w) = shared.value
                            var change = 0.0
                            for v in bounds[chunk] ..< bounds[chunk + 1] {
                                var sum = 0.0
                                for e in off[v] ..< off[v + 1] { sum += c[Int(tgt[e])] * w[e] }
                                let value = d * sum + base * p[v]
                                change += abs(value - x[v])
                                y[v] = value
                            }
                            pdel[chunk] = change
                        }
                    }
                } else {
                    let shared = UncheckedSendable((x, c, y, p, off, tgt, pdel))
                    ParallelFor.run(chunks: chunks, threads: threads) { chunk in
                        let (x, c, y, p, off, tgt, pdel) = shared.value
                        var change = 0.0
                        for v in bounds[chunk] ..< bounds[chunk + 1] {
                            var sum = 0.0
                            for e in off[v] ..< off[v + 1] { sum += c[Int(tgt[e])] }
                            let value = d * sum + base * p[v]
                            change += abs(value - x[v])
                            y[v] = value
                        }
                        pdel[chunk] = change
                    }
                }
            }}}}}}}
            delta = 0
            for v in partialDelta { delta += v }
            swap(&current, &next)
            iterationsRun += 1
            if iterations == nil && delta < tolerance { break }
        }
        return PageRankResult(scores: current, iterations: iterationsRun, converged: delta < tolerance, delta: delta)
    }
}

/// The outcome of an iterative ranking: scores by customer index plus convergence figures.
public struct PageRankResult: Sendable, Equatable {
    /// One non-negative score per customer, summing to 1.
    public var scores: [Double]
    /// Iterations run.
    public var iterations: Int
    /// Whether the final L1 change was below the tolerance.
    public var converged: Bool
    /// The L1 norm of the change in the last iteration.
    public var delta: Double

    /// Creates a result.
    public init(scores: [Double], iterations: Int, converged: Bool, delta: Double) {
        self.scores = scores
        self.iterations = iterations
        self.converged = converged
        self.delta = delta
    }

    /// The `k` best customer indices, ties by customer index. - Complexity: O(V log V).
    public func top(_ k: Int) -> [Int] { Ranking.top(k, of: scores) }
}
