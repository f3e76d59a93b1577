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
        if epoch == UInt32.max {
            for i in stamp.indices { stamp[i] = 0 }
            epoch = 0
        }
        epoch += 1
        let mark = epoch
        return followers.offsets.withUnsafeBufferPointer { fo in
        followers.targets.withUnsafeBufferPointer { ft in
        stamp.withUnsafeMutableBufferPointer { stamp in
        queue.withUnsafeMutableBufferPointer { queue in
            stamp[source] = mark
            queue[0] = UInt32(truncatingIfNeeded: source)
            var head = 0, tail = 1, hop = 0
            while head < tail && hop < maximumHops {
                hop += 1
                let levelEnd = tail
                while head < levelEnd {
                    let u = Int(queue[head])
                    head += 1
                    for e in fo[u] ..< fo[u + 1] {
                        let v = Int(ft[e])
                        if stamp[v] != mark {
                            stamp[v] = mark
                            queue[tail] = UInt32(truncatingIfNeeded: v)
                            tail += 1
                        }
                    }
                }
            }
            return tail
        }}}}
    }
}
