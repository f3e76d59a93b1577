/// Stable least-significant-digit radix sorting of 64-bit keys, for orders of
/// millions of values where a comparison sort's closure calls dominate.
enum RadixSort {
    /// The indices `0..<keys.count` ordered by key, equal keys in index order, and
    /// the keys in that order: callers that walk runs of equal keys read them in
    /// sequence instead of through `order` at random.
    ///
    /// A pass whose digit is the same for every key moves nothing and is skipped.
    ///
    /// - Complexity: O(n · 6) time, 24 bytes of scratch per key.
    static func sort(_ keys: consuming [UInt64]) -> (order: [UInt32], keys: [UInt64]) {
        let n = keys.count
        var first = (0 ..< n).map { UInt32(truncatingIfNeeded: $0) }
        guard n > 1 else { return (first, keys) }
        var second = uninitializedArray(UInt32.self, count: n)
        // Taken, not copied: the passes sort in the caller's buffer when it is the only one.
        var firstKeys = consume keys
        var secondKeys = uninitializedArray(UInt64.self, count: n)
        var counts = [Int](repeating: 0, count: radix)
        // Opened once for all passes, which move orders and keys back and forth
        // between the two pairs of buffers.
        let endsInSecond = first.withUnsafeMutableBufferPointer { first in
        second.withUnsafeMutableBufferPointer { second in
        firstKeys.withUnsafeMutableBufferPointer { firstKeys in
        secondKeys.withUnsafeMutableBufferPointer { secondKeys in
        counts.withUnsafeMutableBufferPointer { counts in
            var order = first, nextOrder = second, key = firstKeys, nextKey = secondKeys
            var endsInSecond = false
            var shift: UInt64 = 0
            while shift < 64 {
                defer { shift += UInt64(bits) }
                counts.update(repeating: 0)
                for i in 0 ..< n { counts[digit(key[i], shift)] += 1 }
                if counts.contains(n) { continue }
                var running = 0
                for d in 0 ..< radix { let c = counts[d]; counts[d] = running; running += c }
                for i in 0 ..< n {
                    let k = key[i]
                    let d = digit(k, shift)
                    let at = counts[d]
                    counts[d] = at + 1
                    nextKey[at] = k
                    nextOrder[at] = order[i]
                }
                swap(&order, &nextOrder)
                swap(&key, &nextKey)
                endsInSecond.toggle()
            }
            return endsInSecond
        }}}}}
        return endsInSecond ? (second, secondKeys) : (first, firstKeys)
    }

    /// Eleven-bit digits: a 16 KB count table per pass stays in cache.
    static let bits = 11
    static let radix = 1 << bits

    /// The digit of `key` at `shift`.
    @inline(__always)
    static func digit(_ key: UInt64, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key >> shift) & UInt64(radix - 1))
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
