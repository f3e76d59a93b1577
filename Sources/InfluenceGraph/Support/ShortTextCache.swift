/// A direct-mapped cache from short texts to codes, which lets a reader skip parsing
/// or hashing a short text it met before (a follow weight, a segment label). A slot
/// keeps the last text that mapped to it.
struct ShortTextCache<Code: FixedWidthInteger> {
    private var keys: [UInt64]
    private var codes: [Code]
    /// 64 − the slot bits: a key's slot is the top bits of its hash.
    private let shift: UInt64

    /// An empty cache of 2^`slotBits` slots.
    init(slotBits: Int) {
        shift = UInt64(64 - slotBits)
        keys = [UInt64](repeating: ShortTextKey.none, count: 1 << slotBits)
        codes = [Code](repeating: 0, count: 1 << slotBits)
    }

    /// The code remembered for the text with key `key`, if its slot still holds it.
    ///
    /// - Complexity: O(1).
    @inline(__always)
    func code(for key: UInt64) -> Code? {
        let slot = self.slot(of: key)
        return keys[slot] == key ? codes[slot] : nil
    }

    /// Remembers `code` for the text with key `key`, in place of its slot's last text.
    @inline(__always)
    mutating func remember(_ key: UInt64, code: Code) {
        let slot = self.slot(of: key)
        keys[slot] = key
        codes[slot] = code
    }

    @inline(__always)
    private func slot(of key: UInt64) -> Int {
        Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }
}

/// A text of at most 7 bytes as one word (its bytes, and their count in the top
/// byte): the key of a `ShortTextCache`.
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
}
