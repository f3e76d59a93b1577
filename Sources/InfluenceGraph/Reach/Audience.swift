/// A serial breadth-first search from one customer that costs only what it
/// touches: visits are stamped with a per-search number instead of clearing a
/// visited array, so thousands of small audiences (overlap, greedy coverage) cost
/// their size, not the graph's.
struct AudienceSearch {
    var stamp: [UInt32]
    /// The customers found by the last search, in breadth-first order (the source first).
    var queue: [UInt32]
    var epoch: UInt32 = 0

    init(count: Int) {
        stamp = [UInt32](repeating: 0, count: count)
        queue = uninitializedArray(UInt32.self, count: max(count, 1))
    }

    /// Finds `source` and every customer within `maximumHops` follower hops of it.
    /// Returns how many were found, the source included: `queue[0..<result]`.
    ///
    /// - Complexity: O(found + their follower edges).
    mutating func search(from source: Int, maximumHops: Int, followers: CSR) -> Int {
        withUnsafeHandle(along: followers) { $0.breadthFirst(from: source, maximumHops: maximumHops) }
    }
}
