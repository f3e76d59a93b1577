/// The active customers of one cascade run, as the independent-cascade kernels keep
/// them: a bit per customer (80 KB for 646,000 customers, so it stays in cache, which
/// matters because every firing edge reads it at random) and a queue of the customers
/// set, in the order they activated. Reused across runs; a run clears what it set.
struct ActiveSet {
    var bits: [UInt64]
    /// Room for every customer and one spare (see `insert`).
    var queue: [UInt32]

    init(count: Int) {
        bits = [UInt64](repeating: 0, count: (count + 63) / 64)
        queue = uninitializedArray(UInt32.self, count: count + 1)
    }

    /// Sets `v`'s bit and appends `v` at `tail` if the bit was clear. Without a branch,
    /// because whether `v` is new is a coin toss the predictor would lose: `v` is
    /// written past the queue's end either way and kept only when new, so `queue` needs
    /// one element more than the customers it can hold.
    ///
    /// - Complexity: O(1).
    @inline(__always)
    static func insert(_ v: Int, bits: UnsafeMutableBufferPointer<UInt64>, queue: UnsafeMutableBufferPointer<UInt32>, tail: inout Int) {
        let bit: UInt64 = 1 << UInt64(v & 63)
        let word = bits[v >> 6]
        bits[v >> 6] = word | bit
        queue[tail] = UInt32(truncatingIfNeeded: v)
        tail &+= word & bit == 0 ? 1 : 0
    }

    /// Clears the bits of the first `count` customers in `queue`: word by word after a
    /// small cascade, the whole bitmap at memory speed after a large one.
    ///
    /// - Complexity: O(min(count, bits.count)).
    @inline(__always)
    static func clear(_ bits: UnsafeMutableBufferPointer<UInt64>, queue: UnsafeMutableBufferPointer<UInt32>, count: Int) {
        if count < bits.count {
            for i in 0..<count { bits[Int(queue[i]) >> 6] = 0 }
        } else {
            bits.update(repeating: 0)
        }
    }
}
