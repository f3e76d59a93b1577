/// Integer and money formatting straight into bytes (times: `appendISO8601`).
///
/// Generators write millions of lines; building a `String` per line costs an
/// allocation each and locale-free decimal formatting of `Double` is not on offer,
/// so numbers are formatted here by hand, from integers only.
enum ByteFormatting {
    /// The number of decimal digits of `value` (1 for 0).
    @inline(__always)
    static func digitCount(_ value: UInt64) -> Int {
        var count = 1
        var limit: UInt64 = 10
        while value >= limit {
            count += 1
            if limit > UInt64.max / 10 { break }
            limit *= 10
        }
        return count
    }

    /// Writes `value` in decimal at `out` and returns the number of bytes written
    /// (at most 20).
    @inline(__always)
    static func writeDecimal(_ value: UInt64, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let count = digitCount(value)
        var v = value
        var i = count
        repeat {
            i -= 1
            out[i] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
            v /= 10
        } while i > 0
        return count
    }
}

extension Array where Element == UInt8 {
    /// Appends the UTF-8 bytes of `text`.
    mutating func appendText(_ text: String) {
        append(contentsOf: text.utf8)
    }

    /// Appends `value` in decimal, left-padded with zeros to at least `width` digits.
    mutating func appendDecimal(_ value: Int, width: Int = 1) {
        let magnitude = value.magnitude
        if value < 0 { append(0x2D) }
        let digits = ByteFormatting.digitCount(UInt64(magnitude))
        // Plain appends: the generic `append(contentsOf: repeatElement(…))` costs
        // more than the digits themselves for these short runs.
        for _ in digits..<Swift.max(width, digits) { append(0x30) }
        let start = count
        for _ in 0..<digits { append(0x30) }
        var v = magnitude
        var i = count
        repeat {
            i -= 1
            self[i] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
            v /= 10
        } while i > start
    }

    /// Appends an amount given in hundredths as a decimal with exactly two places:
    /// 12345 → `123.45`, 7 → `0.07`, −250 → `-2.50`.
    mutating func appendCents(_ cents: Int) {
        if cents < 0 { append(0x2D) }
        let magnitude = Int(cents.magnitude)
        appendDecimal(magnitude / 100)
        append(0x2E)
        appendDecimal(magnitude % 100, width: 2)
    }
}
