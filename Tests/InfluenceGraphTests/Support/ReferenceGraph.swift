@testable import InfluenceGraph

/// An obviously-correct model of the import rules, for cross-checking the CSR builder:
/// sets of (from, to) pairs with summed weights, self-loops removed.
struct ReferenceFollows {
    var weights: [Int: [Int: Double]] = [:]

    init(_ edges: [(Int, Int, Double)]) {
        for (a, b, w) in edges where a != b { weights[a, default: [:]][b, default: 0] += w }
    }

    /// Sorted followee lists for nodes `0..<n`.
    func followees(_ n: Int) -> [[UInt32]] {
        (0..<n).map { v in (weights[v]?.keys.sorted() ?? []).map(UInt32.init) }
    }

    /// Sorted follower lists for nodes `0..<n`.
    func followers(_ n: Int) -> [[UInt32]] {
        var lists = [[UInt32]](repeating: [], count: n)
        for (a, targets) in weights { for b in targets.keys { lists[b].append(UInt32(a)) } }
        return lists.map { $0.sorted() }
    }
}

extension CSR {
    /// The lists as nested arrays (tests only).
    var lists: [[UInt32]] { (0..<nodeCount).map { Array(neighbors(of: $0)) } }
}
