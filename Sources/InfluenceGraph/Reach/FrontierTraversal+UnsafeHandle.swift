extension FrontierTraversal {
    /// The memory of one traversal: both directions of the follow edges, the excluded
    /// and visited bitmaps, the frontier and the next one (as bitmaps for pulling, as
    /// lists for pushing). Its methods are the traversal's loops; it is valid only
    /// inside `withUnsafeHandle`.
    struct UnsafeHandle {
        let followerOffsets: UnsafeBufferPointer<Int>
        let followers: UnsafeBufferPointer<UInt32>
        let followeeOffsets: UnsafeBufferPointer<Int>
        let followees: UnsafeBufferPointer<UInt32>
        let excluded: UnsafeBufferPointer<UInt64>
        let visited: UnsafeMutableBufferPointer<UInt64>
        private(set) var frontierBits: UnsafeMutableBufferPointer<UInt64>
        private(set) var nextBits: UnsafeMutableBufferPointer<UInt64>
        private(set) var frontier: UnsafeMutableBufferPointer<UInt32>
        private(set) var next: UnsafeMutableBufferPointer<UInt32>

        init(followerOffsets: UnsafeBufferPointer<Int>, followers: UnsafeBufferPointer<UInt32>,
             followeeOffsets: UnsafeBufferPointer<Int>, followees: UnsafeBufferPointer<UInt32>,
             excluded: UnsafeBufferPointer<UInt64>, visited: UnsafeMutableBufferPointer<UInt64>,
             frontierBits: UnsafeMutableBufferPointer<UInt64>, nextBits: UnsafeMutableBufferPointer<UInt64>,
             frontier: UnsafeMutableBufferPointer<UInt32>, next: UnsafeMutableBufferPointer<UInt32>) {
            self.followerOffsets = followerOffsets
            self.followers = followers
            self.followeeOffsets = followeeOffsets
            self.followees = followees
            self.excluded = excluded
            self.visited = visited
            self.frontierBits = frontierBits
            self.nextBits = nextBits
            self.frontier = frontier
            self.next = next
        }

        /// Turns the first `count` customers of the frontier list into the frontier bitmap.
        func frontierListToBits(count: Int) {
            let frontier = frontier, frontierBits = frontierBits
            frontierBits.update(repeating: 0)
            for i in 0..<count { let v = Int(frontier[i]); frontierBits[v >> 6] |= 1 << UInt64(v & 63) }
        }

        /// Lists the members of the frontier bitmap ascending; returns how many.
        func frontierBitsToList() -> Int {
            let frontier = frontier, frontierBits = frontierBits
            var count = 0
            for w in 0..<frontierBits.count {
                var word = frontierBits[w]
                while word != 0 {
                    frontier[count] = UInt32(truncatingIfNeeded: w << 6 | word.trailingZeroBitCount)
                    count += 1
                    word &= word &- 1
                }
            }
            return count
        }

        /// One pushed level from the first `count` customers of the frontier list: every
        /// unvisited follower is reached and listed in `next`. Returns how many were
        /// reached, how many of those count, and the sum of their follower counts.
        func push(count: Int) -> (found: Int, counted: Int, scout: Int) {
            // Locals, not fields: the loop keeps them in registers.
            let followerOffsets = followerOffsets, followers = followers, visited = visited, excluded = excluded
            let frontier = frontier, next = next
            var found = 0, counted = 0, scout = 0
            for i in 0..<count {
                let u = Int(frontier[i])
                for e in followerOffsets[u] ..< followerOffsets[u + 1] {
                    let v = Int(followers[e])
                    let bit: UInt64 = 1 << UInt64(v & 63)
                    if visited[v >> 6] & bit == 0 {
                        visited[v >> 6] |= bit
                        if excluded[v >> 6] & bit == 0 { counted += 1 }
                        next[found] = UInt32(truncatingIfNeeded: v)
                        found += 1
                        scout += followerOffsets[v + 1] - followerOffsets[v]
                    }
                }
            }
            return (found, counted, scout)
        }

        /// Pulls the customers `lo..<hi` (`lo` a multiple of 64): every unvisited one that
        /// follows a member of the frontier bitmap is reached, and marked in `nextBits`
        /// unless this is the `last` level. Returns how many were reached and how many
        /// of those count.
        @inline(__always)
        func pull(customers lo: Int, _ hi: Int, last: Bool) -> (found: Int, counted: Int) {
            // Locals, not fields: the loop keeps them in registers.
            let followeeOffsets = followeeOffsets, followees = followees, visited = visited, excluded = excluded
            let frontierBits = frontierBits, nextBits = nextBits
            var f = 0, k = 0
            var w = lo >> 6
            let wEnd = (hi + 63) >> 6
            while w < wEnd {
                var unvisited = ~visited[w]
                let base = w << 6
                if base + 64 > hi { unvisited &= (hi - base) >= 64 ? ~0 : (1 << UInt64(hi - base)) &- 1 }
                var reached: UInt64 = 0
                while unvisited != 0 {
                    let bitIndex = unvisited.trailingZeroBitCount
                    unvisited &= unvisited &- 1
                    let v = base + bitIndex
                    for e in followeeOffsets[v] ..< followeeOffsets[v + 1] {
                        let u = Int(followees[e])
                        if frontierBits[u >> 6] & (1 << UInt64(u & 63)) != 0 {
                            reached |= 1 << UInt64(bitIndex)
                            break
                        }
                    }
                }
                visited[w] |= reached
                if !last { nextBits[w] = reached }
                f += reached.nonzeroBitCount
                k += (reached & ~excluded[w]).nonzeroBitCount
                w += 1
            }
            return (f, k)
        }

        /// Makes the next frontier bitmap the frontier.
        mutating func swapBits() { swap(&frontierBits, &nextBits) }

        /// Makes the next frontier list the frontier.
        mutating func swapLists() { swap(&frontier, &next) }
    }

    /// Calls `body` with a handle on a traversal's memory: the graph's edges, `excluded`
    /// (one word per 64 customers), and the traversal's own bitmaps and lists.
    func withUnsafeHandle<R>(excluded: [UInt64], visited: inout [UInt64], frontierBits: inout [UInt64], nextBits: inout [UInt64],
                             frontier: inout [UInt32], next: inout [UInt32], _ body: (inout UnsafeHandle) -> R) -> R {
        let followers = graph.follows.followers, followees = graph.follows.followees
        return followers.offsets.withUnsafeBufferPointer { fo in
        followers.targets.withUnsafeBufferPointer { ft in
        followees.offsets.withUnsafeBufferPointer { eo in
        followees.targets.withUnsafeBufferPointer { et in
        excluded.withUnsafeBufferPointer { ex in
        visited.withUnsafeMutableBufferPointer { vis in
        frontierBits.withUnsafeMutableBufferPointer { fb in
        nextBits.withUnsafeMutableBufferPointer { nb in
        frontier.withUnsafeMutableBufferPointer { fl in
        next.withUnsafeMutableBufferPointer { nl in
            var handle = UnsafeHandle(followerOffsets: fo, followers: ft, followeeOffsets: eo, followees: et,
                                      excluded: ex, visited: vis, frontierBits: fb, nextBits: nb,
                                      frontier: fl, next: nl)
            return body(&handle)
        }}}}}}}}}}
    }
}
