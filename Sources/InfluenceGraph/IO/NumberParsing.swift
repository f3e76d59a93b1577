#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parsers for numbers and times written as bytes; every one returns `nil` on
/// malformed input instead of guessing.
@usableFromInline
enum NumberParsing {
    /// A canonical decimal `UInt64`: `0` or a non-zero digit followed by digits,
    /// below 10^19. Leading zeros, signs and spaces make it non-canonical (`nil`),
    /// so that `007` and `7` stay distinct ids.
    @inlinable
    static func canonicalUInt64(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64? {
        guard count > 0, count <= 19 else { return nil }
        if p[0] == UInt8(ascii: "0") { return count == 1 ? 0 : nil }
        var value: UInt64 = 0
        for i in 0..<count {
            let d = p[i] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            value = value &* 10 &+ UInt64(d)
        }
        return value
    }

    /// A signed decimal integer (`-12`, `+7`, `0042`); `nil` when malformed or out of range.
    static func int64(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        var i = 0
        var negative = false
        if i < bytes.count, bytes[i] == UInt8(ascii: "-") || bytes[i] == UInt8(ascii: "+") {
            negative = bytes[i] == UInt8(ascii: "-")
            i += 1
        }
        guard i < bytes.count else { return nil }
        var magnitude: UInt64 = 0
        while i < bytes.count {
            let d = bytes[i] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(UInt64(d))
            guard !o1, !o2 else { return nil }
            magnitude = s
            i += 1
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        }
        guard magnitude <= UInt64(Int64.max) else { return nil }
        return Int64(magnitude)
    }

    /// A decimal floating-point number: optional sign, digits with an optional
    /// fraction, optional exponent. `nan`, `inf`, hex and empty text give `nil`;
    /// an overflowing value gives ±infinity for the caller to reject.
    ///
    /// Values with at most 19 significant digits and a small exponent are computed
    /// exactly (Clinger's fast path); anything else goes through `strtod`.
    @inlinable
    static func double(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        var i = 0
        var negative = false
        if i < count, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
            negative = p[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var scale = 0
        var sawDigit = false
        while i < count, p[i] &- UInt8(ascii: "0") < 10 {
            sawDigit = true
            if digits < 19 { mantissa = mantissa * 10 + UInt64(p[i] &- UInt8(ascii: "0")); if mantissa > 0 { digits += 1 } }
            else { scale += 1 }
            i += 1
        }
        if i < count, p[i] == UInt8(ascii: ".") {
            i += 1
            while i < count, p[i] &- UInt8(ascii: "0") < 10 {
                sawDigit = true
                if digits < 19 { mantissa = mantissa * 10 + UInt64(p[i] &- UInt8(ascii: "0")); if mantissa > 0 { digits += 1 }; scale -= 1 }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        var exponent = 0
        if i < count, p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") {
            i += 1
            var expNegative = false
            if i < count, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
                expNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            var sawExpDigit = false
            while i < count, p[i] &- UInt8(ascii: "0") < 10 {
                sawExpDigit = true
                if exponent < 100_000 { exponent = exponent * 10 + Int(p[i] &- UInt8(ascii: "0")) }
                i += 1
            }
            guard sawExpDigit else { return nil }
            if expNegative { exponent = -exponent }
        }
        guard i == count else { return nil }
        let power = scale + exponent
        if mantissa < (1 << 53), power >= -22, power <= 22, digits < 19 {
            var value = Double(mantissa)
            if power < 0 { value /= exactPowersOfTen[-power] } else { value *= exactPowersOfTen[power] }
            return negative ? -value : value
        }
        return slowDouble(p, count)
    }

    @usableFromInline
    static let exactPowersOfTen: [Double] = (0...22).map { e in
        var v = 1.0
        for _ in 0..<e { v *= 10 }
        return v
    }

    /// `strtod` on a NUL-terminated copy, for the rare inputs outside the fast path.
    @usableFromInline
    static func slowDouble(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        var copy = [CChar](repeating: 0, count: count + 1)
        for i in 0..<count { copy[i] = CChar(bitPattern: p[i]) }
        return copy.withUnsafeBufferPointer { b -> Double? in
            var end: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(b.baseAddress!, &end)
            guard let end, end - UnsafeMutablePointer(mutating: b.baseAddress!) == count else { return nil }
            return value
        }
    }

    /// A time as unix seconds: an integer (unix seconds), `YYYY-MM-DD`, or
    /// `YYYY-MM-DDTHH:MM[:SS[.fraction]]` with `T` or a space, followed by `Z`,
    /// `±HH:MM`, `±HHMM` or nothing (UTC). Fractions of a second are dropped.
    static func timestamp(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let n = bytes.count
        guard n > 0 else { return nil }
        if n < 10 || bytes[4] != UInt8(ascii: "-") { return int64(bytes) }
        func number(_ at: Int, _ width: Int) -> Int? {
            guard at + width <= n else { return nil }
            var v = 0
            for i in at ..< at + width {
                let d = bytes[i] &- UInt8(ascii: "0")
                guard d < 10 else { return nil }
                v = v * 10 + Int(d)
            }
            return v
        }
        guard let year = number(0, 4), let month = number(5, 2), bytes[7] == UInt8(ascii: "-"), let day = number(8, 2),
              (1...12).contains(month), day >= 1, day <= daysInMonth(year, month) else { return nil }
        var seconds = daysFromCivil(year, month, day) * 86_400
        var i = 10
        if i < n {
            guard bytes[i] == UInt8(ascii: "T") || bytes[i] == UInt8(ascii: " "),
                  let hour = number(i + 1, 2), bytes.count > i + 3, bytes[i + 3] == UInt8(ascii: ":"),
                  let minute = number(i + 4, 2), hour < 24, minute < 60 else { return nil }
            seconds += hour * 3600 + minute * 60
            i += 6
            if i < n, bytes[i] == UInt8(ascii: ":") {
                guard let second = number(i + 1, 2), second <= 60 else { return nil }
                seconds += second
                i += 3
                if i < n, bytes[i] == UInt8(ascii: ".") || bytes[i] == UInt8(ascii: ",") {
                    i += 1
                    let start = i
                    while i < n, bytes[i] &- UInt8(ascii: "0") < 10 { i += 1 }
                    guard i > start else { return nil }
                }
            }
            if i < n {
                if bytes[i] == UInt8(ascii: "Z") || bytes[i] == UInt8(ascii: "z") {
                    i += 1
                } else if bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-") {
                    let sign = bytes[i] == UInt8(ascii: "-") ? -1 : 1
                    guard let oh = number(i + 1, 2), oh < 24 else { return nil }
                    i += 3
                    var om = 0
                    if i < n, bytes[i] == UInt8(ascii: ":") { i += 1 }
                    if i < n { guard let m = number(i, 2), m < 60 else { return nil }; om = m; i += 2 }
                    seconds -= sign * (oh * 3600 + om * 60)
                }
            }
        }
        guard i == n else { return nil }
        return Int64(seconds)
    }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
    static func daysFromCivil(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// The calendar date and time of unix seconds, as `YYYY-MM-DDTHH:MM:SSZ`.
    public static func isoString(_ seconds: Int64) -> String {
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let secondOfDay = Int(seconds - Int64(days) * 86_400)
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        let year = yoe + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ v: Int, _ w: Int) -> String {
            let s = String(v)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2))Z"
    }
}
