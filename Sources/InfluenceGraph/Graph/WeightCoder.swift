/// Codes a chunk's follow weights as they are read: each distinct value (by bit
/// pattern) gets the next 16-bit code, so rows a reader keeps until the graph build
/// carry 2 bytes of weight instead of 8. Exports write weights with a few
/// decimals, so a chunk meets a few hundred distinct values.
struct WeightCoder {
    private var codes = BitPatternTable(capacityFor: 64)
    private var last: (bits: UInt64, code: UInt16)?
    /// Codes by the text a weight was written as, so a weight written as one before
    /// needs neither parsing nor a lookup by value. 4096 slots (40 KB) hold nearly
    /// every text of an export's weights: on the 960 texts of a generated 10M export,
    /// 256 slots met two rows in three, 4096 slots 97–99 in 100.
    private var texts = ShortTextCache<UInt16>(slotBits: 12)

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

    /// The code given to the value of a text with this `ShortTextKey` before, if it
    /// was remembered.
    @inline(__always)
    func code(ofText key: UInt64) -> UInt16? { texts.code(for: key) }

    /// Remembers that the text with this key has the value of `code`.
    @inline(__always)
    mutating func remember(text key: UInt64, code: UInt16) { texts.remember(key, code: code) }
}
