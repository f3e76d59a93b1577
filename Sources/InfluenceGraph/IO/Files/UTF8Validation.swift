/// Checks that bytes are UTF-8, at memory speed for ASCII: the test every CSV load
/// makes before trusting its bytes as text.
enum UTF8Validation {
    /// The offset of the first byte that does not belong to a well-formed UTF-8
    /// sequence (Unicode table 3-7: no overlong forms, surrogates or scalars past
    /// U+10FFFF), or `nil` when all of `bytes` is UTF-8.
    ///
    /// - Complexity: O(n), in pieces of at least 8 MiB spread over `threads`.
    static func firstInvalid(_ bytes: UnsafeRawBufferPointer, threads: Int) -> Int? {
        let n = bytes.count
        guard n > 0 else { return nil }
        let pieces = max(1, min(threads * 4, n >> 23))
        let bounds = ParallelFor.evenBoundaries(count: n, parts: pieces)
        var found = [Int](repeating: Int.max, count: pieces)
        found.withUnsafeMutableBufferPointer { out in
            let shared = UncheckedSendable(out)
            ParallelFor.run(chunks: pieces, threads: threads) { c in
                // A piece starts past a sequence that the piece before starts and so checks to its end.
                var start = bounds[c]
                for back in 1 ... 3 where c > 0 {
                    let b = bytes[bounds[c] - back]
                    if b & 0xC0 == 0x80 { continue }
                    let length = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1
                    if length > back { start = bounds[c] - back + length }
                    break
                }
                shared.value[c] = firstInvalid(bytes, from: start, to: bounds[c + 1]) ?? Int.max
            }
        }
        let first = found.min() ?? Int.max
        return first == Int.max ? nil : first
    }

    /// The first invalid byte of the sequences starting in `start ..< end` (the last
    /// one may run past `end`).
    @inline(__always)
    private static func firstInvalid(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> Int? {
        let high: UInt64 = 0x8080_8080_8080_8080
        var i = start
        while i < end {
            // 32 bytes at a time while they are all ASCII.
            while i + 32 <= end {
                let a = bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                let b = bytes.loadUnaligned(fromByteOffset: i + 8, as: UInt64.self)
                let c = bytes.loadUnaligned(fromByteOffset: i + 16, as: UInt64.self)
                let d = bytes.loadUnaligned(fromByteOffset: i + 24, as: UInt64.self)
                if (a | b | c | d) & high != 0 { break }
                i += 32
            }
            guard i < end else { break }
            if bytes[i] < 0x80 { i += 1; continue }
            guard let length = sequenceLength(bytes, at: i) else { return i }
            i += length
        }
        return nil
    }

    /// The length of the well-formed sequence starting at `i` (a byte of at least
    /// 0x80), or `nil` when none starts there.
    @inline(__always)
    static func sequenceLength(_ bytes: UnsafeRawBufferPointer, at i: Int) -> Int? {
        // The sequence's length and the range of its second byte (table 3-7).
        let length: Int, low: UInt8, top: UInt8
        switch bytes[i] {
        case 0xC2 ... 0xDF: (length, low, top) = (2, 0x80, 0xBF)
        case 0xE0: (length, low, top) = (3, 0xA0, 0xBF)
        case 0xE1 ... 0xEC, 0xEE ... 0xEF: (length, low, top) = (3, 0x80, 0xBF)
        case 0xED: (length, low, top) = (3, 0x80, 0x9F)
        case 0xF0: (length, low, top) = (4, 0x90, 0xBF)
        case 0xF1 ... 0xF3: (length, low, top) = (4, 0x80, 0xBF)
        case 0xF4: (length, low, top) = (4, 0x80, 0x8F)
        default: return nil
        }
        guard i + length <= bytes.count else { return nil }
        let second = bytes[i + 1]
        guard second >= low && second <= top else { return nil }
        for k in 2 ..< length where bytes[i + k] & 0xC0 != 0x80 { return nil }
        return length
    }

    /// How much of `bytes` reads as UTF-8: well-formed sequences of two to four
    /// bytes, and bytes that start none (each skipped alone).
    ///
    /// - Complexity: O(n).
    static func survey(_ bytes: UnsafeRawBufferPointer) -> (multibyte: Int, invalid: Int) {
        var multibyte = 0, invalid = 0
        var i = 0
        while i < bytes.count {
            if bytes[i] < 0x80 { i += 1; continue }
            if let length = sequenceLength(bytes, at: i) {
                multibyte += 1
                i += length
            } else {
                invalid += 1
                i += 1
            }
        }
        return (multibyte, invalid)
    }
}
