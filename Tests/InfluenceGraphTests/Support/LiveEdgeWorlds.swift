@testable import InfluenceGraph

/// Exact expected reach by enumerating every live-edge world of a tiny graph — the
/// independent check for the Monte Carlo and IMM kernels.
enum LiveEdgeWorlds {
    /// Plain BFS along follower edges that `live` admits; returns the set reached.
    static func reached(_ graph: CustomerGraph, seeds: [Int], live: (_ edge: Int) -> Bool) -> Set<Int> {
        let f = graph.follows.followers
        var seen = Set(seeds)
        var queue = seeds
        while let u = queue.popLast() {
            for e in f.edgeRange(of: u) where live(e) {
                let v = Int(f.targets[e])
                if seen.insert(v).inserted { queue.append(v) }
            }
        }
        return seen
    }

    static func countedReach(_ set: Set<Int>, seeds: [Int], excluded: Set<Int>) -> Int {
        set.filter { !seeds.contains($0) && !excluded.contains($0) }.count
    }

    /// E[reach] under an independent cascade with per-follower-edge probability `p(edge)`.
    static func independentCascade(_ graph: CustomerGraph, seeds: [Int], excluded: Set<Int> = [],
                                   probability p: (_ follower: Int) -> Double) -> Double {
        let f = graph.follows.followers
        let m = f.edgeCount
        precondition(m <= 20)
        var total = 0.0
        for mask in 0..<(1 << m) {
            var prob = 1.0
            for e in 0..<m {
                let q = p(Int(f.targets[e]))
                prob *= mask & (1 << e) != 0 ? q : 1 - q
            }
            if prob == 0 { continue }
            let r = reached(graph, seeds: seeds) { mask & (1 << $0) != 0 }
            total += prob * Double(countedReach(r, seeds: seeds, excluded: excluded))
        }
        return total
    }

    /// E[reach] under the linear threshold model with uniform weights, via its
    /// live-edge form: every customer keeps at most one followee edge, each with
    /// probability 1 / (followee count) (Kempe, Kleinberg and Tardos 2003).
    static func linearThreshold(_ graph: CustomerGraph, seeds: [Int]) -> Double {
        let n = graph.customerCount
        let fe = graph.follows.followees
        var choice = [Int](repeating: 0, count: n)  // 0..<degree: that followee; degree: none (prob 0 here, Σ = 1)
        var total = 0.0
        func recurse(_ v: Int, _ prob: Double) {
            if v == n {
                // Live edge u -> v exists iff v chose followee u.
                var live = Set<Int>()  // follower-edge indices
                let f = graph.follows.followers
                for x in 0..<n where fe.degree(of: x) > 0 {
                    let u = Int(fe.targets[fe.offsets[x] + choice[x]])
                    for e in f.edgeRange(of: u) where Int(f.targets[e]) == x { live.insert(e) }
                }
                let r = reached(graph, seeds: seeds) { live.contains($0) }
                total += prob * Double(countedReach(r, seeds: seeds, excluded: []))
                return
            }
            let d = fe.degree(of: v)
            if d == 0 { recurse(v + 1, prob); return }
            for c in 0..<d {
                choice[v] = c
                recurse(v + 1, prob / Double(d))
            }
        }
        recurse(0, 1)
        return total
    }
}

/// A small deterministic random graph for cross-checks.
func randomIndexGraph(nodes: Int, edges: Int, seed: UInt64) -> CustomerGraph {
    var rng = SplitMix64(seed: seed)
    var pairs: [(Int, Int)] = []
    for _ in 0..<edges {
        let a = rng.nextIndex(below: nodes), b = rng.nextIndex(below: nodes)
        if a != b { pairs.append((a, b)) }
    }
    return CustomerGraph(customerCount: nodes, follows: pairs)
}

/// Reference k-hop reach: plain BFS with a distance dictionary.
func referenceHopCounts(_ graph: CustomerGraph, seeds: [Int], hops: Int, excluded: Set<Int> = []) -> [Int] {
    var dist: [Int: Int] = [:]
    for s in seeds { dist[s] = 0 }
    var frontier = Array(Set(seeds))
    var counts: [Int] = []
    var h = 0
    while h < hops && !frontier.isEmpty {
        h += 1
        var next: [Int] = []
        for u in frontier {
            for v in graph.follows.followers.neighbors(of: u) where dist[Int(v)] == nil {
                dist[Int(v)] = h
                next.append(Int(v))
            }
        }
        counts.append(next.filter { !excluded.contains($0) }.count)
        frontier = next
    }
    return counts
}
