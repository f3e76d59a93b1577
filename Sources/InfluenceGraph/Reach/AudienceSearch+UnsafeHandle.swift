extension AudienceSearch {
    /// The memory of one search: the edges it follows, the stamps and the queue, and
    /// the stamp of this search. Its methods are the search's loops; it is valid only
    /// inside `withUnsafeHandle`.
    struct UnsafeHandle {
        let offsets: UnsafeBufferPointer<Int>
        let targets: UnsafeBufferPointer<UInt32>
        let stamp: UnsafeMutableBufferPointer<UInt32>
        let queue: UnsafeMutableBufferPointer<UInt32>
        /// The stamp of customers found by this search.
        let mark: UInt32

        /// Marks `v` found and queues it at `tail`, unless this search found it already.
        @inline(__always)
        func find(_ v: Int, tail: inout Int) {
            if stamp[v] != mark {
                stamp[v] = mark
                queue[tail] = UInt32(truncatingIfNeeded: v)
                tail += 1
            }
        }

        /// Finds `source` and every customer within `maximumHops` hops of it along the
        /// edges, breadth first; returns how many were found.
        func breadthFirst(from source: Int, maximumHops: Int) -> Int {
            // A local copy, not `self`: the loop keeps its fields in registers.
            let search = self, offsets = offsets, targets = targets, stamp = stamp, queue = queue
            stamp[source] = search.mark
            queue[0] = UInt32(truncatingIfNeeded: source)
            var head = 0, tail = 1, hop = 0
            while head < tail && hop < maximumHops {
                hop += 1
                let levelEnd = tail
                while head < levelEnd {
                    let u = Int(queue[head])
                    head += 1
                    for e in offsets[u] ..< offsets[u + 1] { search.find(Int(targets[e]), tail: &tail) }
                }
            }
            return tail
        }
    }

    /// Starts a new search along `edges` and calls `body` with a handle on its memory.
    mutating func withUnsafeHandle<R>(along edges: CSR, _ body: (UnsafeHandle) -> R) -> R {
        if epoch == UInt32.max {
            for i in stamp.indices { stamp[i] = 0 }
            epoch = 0
        }
        epoch += 1
        let mark = epoch
        return edges.offsets.withUnsafeBufferPointer { offsets in
        edges.targets.withUnsafeBufferPointer { targets in
        stamp.withUnsafeMutableBufferPointer { stamp in
        queue.withUnsafeMutableBufferPointer { queue in
            body(UnsafeHandle(offsets: offsets, targets: targets, stamp: stamp, queue: queue, mark: mark))
        }}}}
    }
}
