/// Codes a chunk's follow weights as they are read: each distinct value (by bit
/// pattern) gets the next 16-bit code, so rows a reader keeps until the graph build
/// carry 2 bytes of weight instead of 8. Exports write weights with a few
/// decimals, so a chunk meets a few hundred distinct values.
struct WeightCoder {
    private var codes = BitPatternTable(capacityFor: 64)
    private var last: (bits: UInt64, code: UInt16)?
    /// Codes by the text a weight was written as (`textKey`), direct-mapped: a
    /// weight written as one before needs neither parsing nor a lookup by value.
    private var textKeys = [UInt64](repeating: Self.noText, count: Self.textSlots)
    private var textCodes = [UInt16](repeating: 0, count: Self.textSlots)

    /// 4096 slots (40 KB) hold nearly every text of an export's weights: with 900
    /// texts of two decimals, 256 slots met two in three rows, 4096 ninety-nine in a hundred.
    private static let slotBits = 12
    private static let textSlots = 1 << slotBits
    /// No text's key: a key's top byte is a count of at most 7.
    private static let noText = UInt64.max

    /// The distinct values met, by code.
    var table: [Double] { codes.keys.map(Double.init(bitPattern:)) }

    /// The code of `value`, which gets the next code when new; `nil` when it is
    /// new and every code is taken (`EdgeWeights.maximumTableCount`).
    ///
    /// - Complexity: O(1) expected.
    @inline(__always)
    mutating func code(of value: Double) -> UInt16? {
        let bits = value.bitPattern
        if let last, last.bits == bits { return last.code }
        let code: UInt16
        if let known = codes.code(of: bits) {
            code = known
        } else {
            guard codes.keys.count < EdgeWeights.maximumTableCount else { return nil }
            code = UInt16(truncatingIfNeeded: codes.keys.count)
            codes.insert(bits, code: code)
        }
        last = (bits, code)
        return code
    }

    /// The key of a weight's text of at most 7 bytes (its bytes, and their count in
    /// the top byte), `nil` for a longer text. When `text` lies in `input` with 8
    /// bytes to read, one load takes them all.
    @inline(__always)
    static func textKey(_ text: UnsafeRawBufferPointer, in input: UnsafeRawBufferPointer) -> UInt64? {
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

    @inline(__always)
    private static func slot(of key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> (64 - UInt64(slotBits))) }

    /// The code given to the value of a text with this key before, if it was remembered.
    @inline(__always)
    func code(ofText key: UInt64) -> UInt16? {
        let slot = Self.slot(of: key)
        return textKeys[slot] == key ? textCodes[slot] : nil
    }

    /// Remembers that the text with this key has the value of `code`.
    @inline(__always)
    mutating func remember(text key: UInt64, code: UInt16) {
        let slot = Self.slot(of: key)
        textKeys[slot] = key
        textCodes[slot] = code
    }
}
