/// A text of at most 7 bytes as one word (its bytes, and their count in the top
/// byte), the key of the small direct-mapped caches that let a reader skip parsing
/// or hashing a short text it met before: a follow weight, a segment label.
enum ShortTextKey {
    /// No text's key: a key's top byte is a count of at most 7.
    static let none = UInt64.max

    /// The key of `text`, `nil` when it is longer than 7 bytes. When `text` lies in
    /// `input` with 8 bytes to read from its start, one load takes them all.
    ///
    /// - Complexity: O(1).
    @inline(__always)
    static func of(_ text: UnsafeRawBufferPointer, in input: UnsafeRawBufferPointer) -> UInt64? {
        guard text.count <= 7 else { return nil }
        let count = UInt64(text.count) << 56
        if let start = text.baseAddress, let first = input.baseAddress, start >= first, start + 8 <= first + input.count {
            let word = UInt64(littleEndian: start.loadUnaligned(as: UInt64.self))
            return word & ((1 << UInt64(8 * text.count)) &- 1) | count
        }
        var key = count
        for i in 0 ..< text.count { key |= UInt64(text[i]) << (8 * UInt64(i)) }
        return key
    }

    /// The slot of `key` in a cache of 2^`bits` slots.
    @inline(__always)
    static func slot(of key: UInt64, bits: Int) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> UInt64(64 - bits))
    }
}
