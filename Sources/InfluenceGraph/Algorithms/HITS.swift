/// HITS over follow edges: a customer's authority is the sum of its followers' hub
/// scores, and a hub's score the sum of the authorities it follows.
///
/// Numeric policy: starts from uniform hubs; each iteration computes authorities
/// from hubs, then hubs from the new authorities, and normalizes both to L1 norm 1.
/// Stops when the L1 change of the hubs plus that of the authorities is below
/// `tolerance`, or after `maxIterations`. Customers with no edges score 0 (a graph
/// with no edges at all gets uniform scores).
///
/// - Complexity: O((V + E) · iterations) time, O(V) memory.
public struct HITS: Sendable {
    /// Stop once the combined L1 change is below this. Default 1e-9.
    public var tolerance: Double
    /// Upper bound on iterations. Default 100.
    public var maxIterations: Int

    /// Creates a configuration.
    public init(tolerance: Double = 1e-9, maxIterations: Int = 100) {
        self.tolerance = tolerance
        self.maxIterations = maxIterations
    }

    /// Runs HITS on `graph`. Serial; the result does not depend on threads.
    public func run(on graph: CustomerGraph) -> HITSResult {
        let n = graph.customerCount
        guard n > 0 else { return HITSResult(authorities: [], hubs: [], iterations: 0, converged: true, delta: 0) }
        let followers = graph.follows.followers, followees = graph.follows.followees
        guard followers.edgeCount > 0 else {
            let u = [Double](repeating: 1 / Double(n), count: n)
            return HITSResult(authorities: u, hubs: u, iterations: 0, converged: true, delta: 0)
        }
        var hubs = [Double](repeating: 1 / Double(n), count: n)
        var authorities = [Double](repeating: 1 / Double(n), count: n)
        var newHubs = hubs, newAuthorities = authorities
        var delta = Double.infinity
        var iterations = 0
        func normalize(_ x: inout [Double]) {
            var total = 0.0
            for v in x { total += v }
            if total > 0 { for i in x.indices { x[i] /= total } }
        }
        while iterations < maxIterations {
            for v in 0..<n {
                var sum = 0.0
                for e in followers.edgeRange(of: v) { sum += hubs[Int(followers.targets[e])] }
                newAuthorities[v] = sum
            }
            normalize(&newAuthorities)
            for u in 0..<n {
                var sum = 0.0
                for e in followees.edgeRange(of: u) { sum += newAuthorities[Int(followees.targets[e])] }
                newHubs[u] = sum
            }
            normalize(&newHubs)
            delta = 0
            for i in 0..<n { delta += abs(newHubs[i] - hubs[i]) + abs(newAuthorities[i] - authorities[i]) }
            swap(&hubs, &newHubs)
            swap(&authorities, &newAuthorities)
            iterations += 1
            if delta < tolerance { break }
        }
        return HITSResult(authorities: authorities, hubs: hubs, iterations: iterations, converged: delta < tolerance, delta: delta)
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
