/// Integer and money formatting straight into byte arrays, for the generators
/// (times: `appendISO8601`): building a `String` per line costs an allocation each and
/// locale-free decimal formatting of `Double` is not on offer, so numbers are
/// formatted from integers (digits by `DecimalDigits`).
extension Array where Element == UInt8 {
    /// Appends the UTF-8 bytes of `text`.
    mutating func appendText(_ text: String) {
        append(contentsOf: text.utf8)
    }

    /// Appends `value` in decimal, left-padded with zeros to at least `width` digits.
    mutating func appendDecimal(_ value: Int, width: Int = 1) {
        let magnitude = value.magnitude
        if value < 0 { append(0x2D) }
        let digits = DecimalDigits.count(UInt64(magnitude))
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
