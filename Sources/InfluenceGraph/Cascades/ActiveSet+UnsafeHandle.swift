extension ActiveSet {
    /// The bits and the queue, open for a run's loops; valid only inside
    /// `withUnsafeHandle`.
    struct UnsafeHandle {
        let bits: UnsafeMutableBufferPointer<UInt64>
        let queue: UnsafeMutableBufferPointer<UInt32>

        /// The first free slot at the back of the queue, which fills downward.
        var emptyBack: Int { queue.count - 1 }

        /// Sets `v`'s bit and appends `v` at `tail` if the bit was clear. Without a
        /// branch, because whether `v` is new is a coin toss the predictor would lose:
        /// `v` is written past the queue's end either way and kept only when new, so
        /// `queue` needs one element more than the customers it can hold.
        ///
        /// - Complexity: O(1).
        @inline(__always)
        func insert(_ v: Int, tail: inout Int) {
            let bit: UInt64 = 1 << UInt64(v & 63)
            let word = bits[v >> 6]
            bits[v >> 6] = word | bit
            queue[tail] = UInt32(truncatingIfNeeded: v)
            tail &+= word & bit == 0 ? 1 : 0
        }

        /// Sets `v`'s bit and, if it was clear, lists `v` at the front (`tail`, moving
        /// up) or, when `settled`, at the back (`back`, moving down); returns 1 when `v`
        /// was new and settled, else 0. Without a branch, as `insert(_:tail:)`: `v` is
        /// written at both ends and only the right one moves.
        ///
        /// - Complexity: O(1).
        @inline(__always)
        func insert(_ v: UInt32, settled: Bool, tail: inout Int, back: inout Int) -> Int {
            let bit: UInt64 = 1 << UInt64(v & 63)
            let word = bits[Int(v >> 6)]
            bits[Int(v >> 6)] = word | bit
            let new = word & bit == 0
            queue[tail] = v
            queue[back] = v
            tail &+= new && !settled ? 1 : 0
            let count = new && settled ? 1 : 0
            back &-= count
            return count
        }

        /// Clears the bits of the customers listed before `front` and after `back`:
        /// word by word after a small cascade, the whole bitmap at memory speed after a
        /// large one.
        ///
        /// - Complexity: O(min(listed, bits.count)).
        @inline(__always)
        func clear(front: Int, back: Int) {
            if front &+ (queue.count - 1 - back) < bits.count {
                for i in 0 ..< front { bits[Int(queue[i]) >> 6] = 0 }
                for i in back + 1 ..< queue.count { bits[Int(queue[i]) >> 6] = 0 }
            } else {
                bits.update(repeating: 0)
            }
        }
    }

    /// Calls `body` with a handle on the bits and the queue.
    @inline(__always)
    mutating func withUnsafeHandle<R>(_ body: (UnsafeHandle) -> R) -> R {
        bits.withUnsafeMutableBufferPointer { bits in
        queue.withUnsafeMutableBufferPointer { queue in
            body(UnsafeHandle(bits: bits, queue: queue))
        }}
    }
}
