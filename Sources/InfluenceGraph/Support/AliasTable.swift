/// Vose's alias method: after O(d) setup, one of d targets is picked with probability
/// proportional to its weight from a single 64-bit draw and one table slot.
///
/// A draw chooses slot i uniformly; the slot keeps its own target with probability
/// `threshold / 2³²` and otherwise gives its `alias`, the target that topped it up to
/// an equal share. Each target's chance is its weight over the total up to 2⁻³² per
/// slot (the threshold's rounding). The cascades keep the slots of every customer in
/// one flat array (each 12-byte slot with a 4-byte code beside it, see
/// `PoissonHitCascade.Slot`), so a pick reads one 16-byte entry and nothing else.
enum AliasTable {
    /// One slot: the target kept with probability `threshold / 2³²`, else `alias`.
    struct Slot: BitwiseCopyable, Equatable {
        var threshold: UInt32
        var target: UInt32
        var alias: UInt32

        /// A slot that always gives `target`.
        static func certain(_ target: UInt32) -> Slot { Slot(threshold: .max, target: target, alias: target) }

        /// The target for the fraction drawn with this slot (see `AliasTable.draw`).
        @inline(__always)
        func target(fraction: UInt32) -> UInt32 { fraction < threshold ? target : alias }
    }

    /// Splits a 64-bit random number into a slot among `count` and a 32-bit fraction:
    /// the high and low halves of `random × count`, so one draw serves both.
    ///
    /// - Complexity: O(1).
    @inline(__always)
    static func draw(_ random: UInt64, count: Int) -> (slot: Int, fraction: UInt32) {
        let product = random.multipliedFullWidth(by: UInt64(count))
        return (Int(product.high), UInt32(truncatingIfNeeded: product.low >> 32))
    }

    /// Fills `slots` (as many as `targets`) so that `targets[i]` is picked with
    /// probability `weights[i] / total`, where `total` is the sum of the positive,
    /// finite `weights`. `weights` is overwritten; `small` and `large` are scratch of
    /// the same length.
    ///
    /// - Complexity: O(d) for d targets.
    static func build(targets: UnsafeBufferPointer<UInt32>, weights: UnsafeMutableBufferPointer<Double>, total: Double,
                      into slots: UnsafeMutableBufferPointer<Slot>,
                      small: UnsafeMutableBufferPointer<Int32>, large: UnsafeMutableBufferPointer<Int32>) {
        let d = targets.count
        guard d > 0 else { return }
        let scale = Double(d) / total
        var smallCount = 0, largeCount = 0
        for i in 0..<d {
            weights[i] *= scale
            if weights[i] < 1 {
                small[smallCount] = Int32(truncatingIfNeeded: i)
                smallCount += 1
            } else {
                large[largeCount] = Int32(truncatingIfNeeded: i)
                largeCount += 1
            }
        }
        // A slot below its share is topped up by one above it, which then holds less.
        while smallCount > 0 && largeCount > 0 {
            smallCount -= 1
            let l = Int(small[smallCount]), g = Int(large[largeCount - 1])
            slots[l] = Slot(threshold: UInt32(min(weights[l] * 0x1p32, 0xFFFF_FFFF)), target: targets[l], alias: targets[g])
            weights[g] = (weights[g] + weights[l]) - 1
            if weights[g] < 1 {
                largeCount -= 1
                small[smallCount] = Int32(truncatingIfNeeded: g)
                smallCount += 1
            }
        }
        // What is left holds a full share, up to rounding.
        for k in 0..<largeCount { let i = Int(large[k]); slots[i] = .certain(targets[i]) }
        for k in 0..<smallCount { let i = Int(small[k]); slots[i] = .certain(targets[i]) }
    }
}
