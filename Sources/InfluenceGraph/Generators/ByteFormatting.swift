/// Money and timestamp formatting straight into byte arrays, for the generators:
/// building a `String` per line costs an allocation each and locale-free decimal
/// formatting of `Double` is not on offer, so numbers are formatted from integers.
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
        // Plain appends: the generic `append(contentsOf: repeatElement(…))` measured
        // slower than the digits themselves for these short runs.
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

    /// Appends the UTC time `seconds` after 1970-01-01T00:00:00Z in ISO 8601 form,
    /// `YYYY-MM-DDThh:mm:ssZ`, for years 0...9999.
    mutating func appendISO8601(secondsSinceEpoch seconds: Int) {
        let (days, secondOfDay) = seconds.quotientAndRemainder(dividingBy: 86_400)
        let dayNumber = secondOfDay < 0 ? days - 1 : days
        let second = secondOfDay < 0 ? secondOfDay + 86_400 : secondOfDay
        let (year, month, day) = CivilDate.fromDays(dayNumber)
        appendDecimal(year, width: 4)
        append(0x2D)
        appendDecimal(month, width: 2)
        append(0x2D)
        appendDecimal(day, width: 2)
        append(0x54)
        appendDecimal(second / 3600, width: 2)
        append(0x3A)
        appendDecimal(second / 60 % 60, width: 2)
        append(0x3A)
        appendDecimal(second % 60, width: 2)
        append(0x5A)
    }
}

/// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01),
/// after Howard Hinnant's `days_from_civil` / `civil_from_days`.
enum CivilDate {
    /// The day number of `year-month-day`.
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The `(year, month, day)` of a day number.
    static func fromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
