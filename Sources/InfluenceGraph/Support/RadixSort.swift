/// Stable least-significant-digit radix sorting of 64-bit keys, for orders of
/// millions of values where a comparison sort's closure calls dominate.
enum RadixSort {
    /// The indices `0..<keys.count` ordered by key, equal keys in index order.
    ///
    /// Eleven-bit digits (a 16 KB count table per pass stays in cache); a pass whose
    /// digit is the same for every key moves nothing and is skipped.
    ///
    /// - Complexity: O(n · 6) time, 24 bytes of scratch per key.
    static func order(of keys: [UInt64]) -> [UInt32] {
        let n = keys.count
        var current = (0 ..< n).map { UInt32(truncatingIfNeeded: $0) }
        guard n > 1 else { return current }
        var currentKeys = keys
        var nextOrder = uninitializedArray(UInt32.self, count: n)
        var nextKeys = uninitializedArray(UInt64.self, count: n)
        let bits = 11, radix = 1 << bits
        var counts = [Int](repeating: 0, count: radix)
        var shift: UInt64 = 0
        while shift < 64 {
            let mask = UInt64(radix - 1)
            for i in 0 ..< radix { counts[i] = 0 }
            currentKeys.withUnsafeBufferPointer { k in
                counts.withUnsafeMutableBufferPointer { c in
                    for i in 0 ..< n { c[Int(truncatingIfNeeded: (k[i] >> shift) & mask)] += 1 }
                }
            }
            if counts.contains(n) { shift += UInt64(bits); continue }
            var running = 0
            for i in 0 ..< radix { let c = counts[i]; counts[i] = running; running += c }
            currentKeys.withUnsafeBufferPointer { k in
                current.withUnsafeBufferPointer { o in
                    nextKeys.withUnsafeMutableBufferPointer { nk in
                        nextOrder.withUnsafeMutableBufferPointer { no in
                            counts.withUnsafeMutableBufferPointer { c in
                                for i in 0 ..< n {
                                    let key = k[i]
                                    let d = Int(truncatingIfNeeded: (key >> shift) & mask)
                                    let at = c[d]
                                    c[d] = at + 1
                                    nk[at] = key
                                    no[at] = o[i]
                                }
                            }
                        }
                    }
                }
            }
            swap(&current, &nextOrder)
            swap(&currentKeys, &nextKeys)
            shift += UInt64(bits)
        }
        return current
    }

    /// A key whose unsigned order is `value`'s numeric order: −0 and +0 share a key,
    /// NaN sorts above everything.
    @inline(__always)
    static func key(_ value: Double) -> UInt64 {
        if value.isNaN { return .max }
        let bits = (value == 0 ? 0.0 : value).bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }
}
