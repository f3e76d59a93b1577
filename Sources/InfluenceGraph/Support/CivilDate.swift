/// Proleptic Gregorian calendar arithmetic on day numbers (days since 1970-01-01,
/// UTC), after Howard Hinnant's `days_from_civil` / `civil_from_days`: integer
/// arithmetic only, exact for any date whose day number fits in an `Int`.
enum CivilDate {
    /// The day number of `year-month-day` (`month` in 1...12, `day` in the month).
    ///
    /// - Complexity: O(1).
    static func days(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The `(year, month, day)` of a day number.
    ///
    /// - Complexity: O(1).
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

    /// The number of days in `month` (1...12) of `year`.
    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The day number and the second within that day of unix seconds; times before
    /// 1970 belong to the earlier day (−1 is day −1, second 86,399).
    static func dayAndSecond(ofUnixSeconds seconds: Int) -> (day: Int, second: Int) {
        let (day, second) = seconds.quotientAndRemainder(dividingBy: 86_400)
        return second < 0 ? (day - 1, second + 86_400) : (day, second)
    }

    /// The month (UTC) holding unix seconds `seconds`, numbered `year · 12 + month − 1`
    /// so that months sort chronologically (1970-01 is 23,640). Exact for every `Int64`:
    /// unlike the month's first second, the number never overflows.
    static func monthNumber(ofUnixSeconds seconds: Int64) -> Int {
        let (year, month, _) = fromDays(dayAndSecond(ofUnixSeconds: Int(seconds)).day)
        return year * 12 + month - 1
    }
}
