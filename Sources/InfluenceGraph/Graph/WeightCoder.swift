/// Codes a chunk's follow weights as they are read: each distinct value (by bit
/// pattern) gets the next 16-bit code, so rows a reader keeps until the graph build
/// carry 2 bytes of weight instead of 8. Exports write weights with a few
/// decimals, so a chunk meets a few hundred distinct values.
struct WeightCoder {
    /// The distinct values met, by code.
    private(set) var table: [Double] = []
    /// Open addressing over `table`: code + 1, or 0 for an empty slot.
    private var slots = [UInt32](repeating: 0, count: 256)
    private var shift: UInt64 = 64 - 8
    private var last: (bits: UInt64, code: UInt16)?

    /// The code of `value`, which gets the next code when new; `nil` when it is
    /// new and every code is taken (`EdgeWeights.maximumTableCount`).
    ///
    /// - Complexity: O(1) expected.
    @inline(__always)
    mutating func code(of value: Double) -> UInt16? {
        let bits = value.bitPattern
        if let last, last.bits == bits { return last.code }
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: (bits &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while slots[s] != 0 {
            let code = slots[s] - 1
            if table[Int(code)].bitPattern == bits {
                last = (bits, UInt16(truncatingIfNeeded: code))
                return UInt16(truncatingIfNeeded: code)
            }
            s = (s + 1) & mask
        }
        guard table.count < EdgeWeights.maximumTableCount else { return nil }
        let code = UInt16(truncatingIfNeeded: table.count)
        table.append(value)
        slots[s] = UInt32(table.count)
        if 2 * table.count > slots.count { grow() }
        last = (bits, code)
        return code
    }

    /// Doubles the slots, keeping the load under a half.
    private mutating func grow() {
        slots = [UInt32](repeating: 0, count: 2 * slots.count)
        shift -= 1
        let mask = slots.count - 1
        for (code, value) in table.enumerated() {
            var s = Int(truncatingIfNeeded: (value.bitPattern &* 0x9E37_79B9_7F4A_7C15) >> shift)
            while slots[s] != 0 { s = (s + 1) & mask }
            slots[s] = UInt32(code + 1)
        }
    }
}
