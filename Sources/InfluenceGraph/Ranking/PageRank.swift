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
/// Results are `Double`. While the change is above 1e-6 (or the tolerance, if
/// larger; 23 of 33 iterations on the 10M-customer export) the scores and the votes
/// `x[u] / W(u)`, read once per edge at random, are stored as `Float`: each such
/// iteration is about a fifth faster once the votes outgrow the cache. Then the
/// scores are rescaled to sum 1 and the run takes at least one `Double` iteration.
/// Below a change of 1e-6 it refines: the scores stay `Double` and take each
/// iteration's change, which follows the same linear map and is pulled from `Float`
/// votes of the last change. The rounding this adds is carried along, not corrected,
/// so the run refines only while it stays below a tenth of the tolerance, that is
/// while (1 − damping)² · tolerance ≥ 1e-12 (the defaults give 2.3e-11); then each
/// iteration the tolerance judges is the plain one, and the result is as close to
/// the fixed point as an all-`Double` run. Deeper tolerances stay `Double`.
/// A warm start skips the `Float` scores; a fixed `iterations` count, and weights so
/// extreme that `1 / W(u)` leaves [1e-20, 1e20], are `Double` throughout. The
/// parallel loop runs over a fixed number of edge-balanced chunks and combines
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
    /// Worker threads. Default: all cores. Does not change results.
    public var threads: Int
    /// Memory layout while iterating. Default `.byFolloweeCount`, which places the
    /// most-read votes side by side so they share cache lines; scores differ from
    /// `.customerIndex` only by rounding.
    public var order: IterationOrder

    /// Creates a configuration; every parameter has the documented default.
    public init(damping: Double = 0.85, tolerance: Double = 1e-9, maxIterations: Int = 100,
                iterations: Int? = nil, weighted: Bool = false,
                personalization: [Int: Double]? = nil, threads: Int = Threads.available,
                order: IterationOrder = .byFolloweeCount) {
        self.damping = damping
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.iterations = iterations
        self.weighted = weighted
        self.personalization = personalization
        self.threads = threads
        self.order = order
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
        run(on: graph, personalizations: [personalization], warmStart: warmStart)[0]
    }

    /// Runs one PageRank per teleport distribution in `personalizations` (`nil` means
    /// uniform), sharing the prepared layout, degrees and buffers: the batch form
    /// behind `influence rank --seed-sets`. Ignores `self.personalization`.
    ///
    /// - Complexity: O(V + E) preparation, then O((V + E) · iterations) per set.
    public func run(on graph: CustomerGraph, personalizations: [[Int: Double]?],
                    warmStart: [Double]? = nil) -> [PageRankResult] {
        let n = graph.customerCount
        guard n > 0 else {
            return personalizations.map { _ in PageRankResult(scores: [], iterations: 0, converged: true, delta: 0) }
        }
        let kernel = PageRankKernel(graph: graph, configuration: self)
        // The uniform vector stays implicit: no 80 MB start or teleport array at ten
        // million customers, and the loop reads one number instead.
        var start: [Double]?
        if let warmStart, warmStart.count == n {
            let total = warmStart.reduce(0) { $0 + max($1, 0) }
            if total > 0 { start = kernel.layout.toPositions(warmStart.map { max($0, 0) / total }, threads: kernel.threads) }
        }
        return personalizations.map { personalization in
            var teleport: [Double]?
            if personalization != nil {
                var configuration = self
                configuration.personalization = personalization
                teleport = kernel.layout.toPositions(configuration.teleport(count: n), threads: kernel.threads)
            }
            var (result, spare) = kernel.iterate(teleport: teleport, start: start)
            result.scores = kernel.layout.toCustomers(result.scores, into: &spare, threads: kernel.threads)
            return result
        }
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
