/// HITS over follow edges: a customer's authority is the sum of its followers' hub
/// scores, and a hub's score the sum of the authorities it follows.
///
/// Numeric policy: starts from uniform hubs; each iteration computes authorities
/// from hubs, then hubs from the new authorities, and normalizes both to L1 norm 1.
/// Stops when the L1 change of the hubs plus that of the authorities is below
/// `tolerance`, or after `maxIterations`. Customers with no edges score 0 (a graph
/// with no edges at all gets uniform scores). Both pulls run in parallel over
/// edge-balanced chunks whose partial sums combine in chunk order, so results are
/// identical at any thread count.
///
/// - Complexity: O((V + E) · iterations) time, O(V) extra memory.
public struct HITS: Sendable {
    /// Stop once the combined L1 change is below this. Default 1e-9.
    public var tolerance: Double
    /// Upper bound on iterations. Default 100.
    public var maxIterations: Int
    /// Worker threads. Default: all cores. Does not change results.
    public var threads: Int

    /// Creates a configuration; every parameter has the documented default.
    public init(tolerance: Double = 1e-9, maxIterations: Int = 100, threads: Int = Threads.available) {
        self.tolerance = tolerance
        self.maxIterations = maxIterations
        self.threads = threads
    }

    /// Runs HITS on `graph`.
    public func run(on graph: CustomerGraph) -> HITSResult {
        let n = graph.customerCount
        guard n > 0 else { return HITSResult(authorities: [], hubs: [], iterations: 0, converged: true, delta: 0) }
        let followers = graph.follows.followers, followees = graph.follows.followees
        guard followers.edgeCount > 0 else {
            let u = [Double](repeating: 1 / Double(n), count: n)
            return HITSResult(authorities: u, hubs: u, iterations: 0, converged: true, delta: 0)
        }
        let threads = Threads.resolve(threads)
        let parts = ParallelFor.chunkCount(forWork: followers.edgeCount + n)
        let authorityPull = Pull(csr: followers, parts: parts, threads: threads)
        let hubPull = Pull(csr: followees, parts: parts, threads: threads)
        // Huge pages for the scores each pull reads at random; every step fills its
        // output, so the second pair starts unwritten.
        var hubs = filledArray(1 / Double(n), count: n, threads: threads)
        var authorities = filledArray(1 / Double(n), count: n, threads: threads)
        var newHubs = uninitializedArray(Double.self, count: n), newAuthorities = uninitializedArray(Double.self, count: n)
        var delta = Double.infinity
        var iterations = 0
        while iterations < maxIterations {
            let authorityChange = authorityPull.step(from: hubs, into: &newAuthorities, previous: authorities)
            let hubChange = hubPull.step(from: newAuthorities, into: &newHubs, previous: hubs)
            delta = authorityChange + hubChange
            swap(&hubs, &newHubs)
            swap(&authorities, &newAuthorities)
            iterations += 1
            if delta < tolerance { break }
        }
        return HITSResult(authorities: authorities, hubs: hubs, iterations: iterations, converged: delta < tolerance, delta: delta)
    }

    /// One normalized pull `y[v] = Σ x[t] / total` over the rows of a CSR.
    struct Pull {
        let csr: CSR
        let bounds: [Int]
        let threads: Int

        init(csr: CSR, parts: Int, threads: Int) {
            self.csr = csr
            self.bounds = ParallelFor.edgeBalancedBoundaries(offsets: csr.offsets, parts: parts)
            self.threads = threads
        }

        /// Fills `y` with the L1-normalized pull from `x` and returns its L1 change from `previous`.
        func step(from x: [Double], into y: inout [Double], previous: [Double]) -> Double {
            let chunks = bounds.count - 1, bounds = self.bounds, threads = self.threads
            return withUnsafeHandle(from: x, into: &y, previous: previous) { handle in
                let totals = ParallelFor.map(chunks: chunks, threads: threads) { chunk in
                    handle.pull(bounds[chunk] ..< bounds[chunk + 1])
                }
                var total = 0.0
                for t in totals { total += t }
                let scale = total > 0 ? 1 / total : 1
                let changes = ParallelFor.map(chunks: chunks, threads: threads) { chunk in
                    handle.normalize(bounds[chunk] ..< bounds[chunk + 1], scale: scale)
                }
                var change = 0.0
                for c in changes { change += c }
                return change
            }
        }
    }
}

/// HITS scores by customer index, each summing to 1, plus convergence figures.
public struct HITSResult: Sendable, Equatable {
    /// Authority (influencer) scores.
    public var authorities: [Double]
    /// Hub (curator) scores.
    public var hubs: [Double]
    /// Iterations run.
    public var iterations: Int
    /// Whether the final change was below the tolerance.
    public var converged: Bool
    /// The combined L1 change in the last iteration.
    public var delta: Double
}
