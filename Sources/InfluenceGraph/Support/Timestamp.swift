/// Times as unix seconds (UTC): parsed from the bytes of a data file and written in
/// ISO 8601 form.
enum Timestamp {
    /// The times data may hold: 1900-01-01T00:00:00Z through 9999-12-31T23:59:59Z.
    ///
    /// Every date people record lies inside, every instant inside has a four-digit
    /// year, and differences and sums of a day or a month stay far from `Int64`'s
    /// limits, so no arithmetic on an accepted time can overflow.
    static let range: ClosedRange<Int64> = -2_208_988_800 ... 253_402_300_799

    /// `range` as a reader says it: `1900-01-01T00:00:00Z to 9999-12-31T23:59:59Z`.
    static let rangeText = "1900-01-01T00:00:00Z to 9999-12-31T23:59:59Z"

    /// A time as unix seconds: an integer (unix seconds), `YYYY-MM-DD`, or
    /// `YYYY-MM-DDTHH:MM[:SS[.fraction]]` with `T` or a space, followed by `Z`,
    /// `±HH:MM`, `±HHMM` or nothing (UTC). Fractions of a second are dropped.
    ///
    /// The result is not checked against `range`: callers report a well-formed time
    /// outside it differently from text that is no time at all. An integer beyond
    /// `Int64` reads as `Int64.min` or `Int64.max`, outside `range` either way.
    ///
    /// - Returns: unix seconds, or `nil` for anything else (an impossible date such
    ///   as `2023-02-29` included).
    /// - Complexity: O(bytes.count).
    static func parse(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        if bytes.count == 20, let p = bytes.baseAddress, let seconds = canonical(p) { return seconds }
        return parseAnyForm(bytes)
    }

    /// `YYYY-MM-DDThh:mm:ssZ` at `p` (20 bytes), the form exports write, as `parse`
    /// reads it, or `nil` for any other 20 bytes (which `parseAnyForm` then judges):
    /// fixed places, no loops.
    @inline(__always)
    private static func canonical(_ p: UnsafeRawPointer) -> Int64? {
        @inline(__always) func byte(_ i: Int) -> UInt8 { p.load(fromByteOffset: i, as: UInt8.self) }
        @inline(__always) func digit(_ i: Int) -> UInt8 { byte(i) &- UInt8(ascii: "0") }
        guard byte(4) == UInt8(ascii: "-"), byte(7) == UInt8(ascii: "-"), byte(10) == UInt8(ascii: "T"),
              byte(13) == UInt8(ascii: ":"), byte(16) == UInt8(ascii: ":"), byte(19) == UInt8(ascii: "Z") else { return nil }
        let y0 = digit(0), y1 = digit(1), y2 = digit(2), y3 = digit(3), mo0 = digit(5), mo1 = digit(6), d0 = digit(8), d1 = digit(9)
        let h0 = digit(11), h1 = digit(12), mi0 = digit(14), mi1 = digit(15), s0 = digit(17), s1 = digit(18)
        guard max(max(max(y0, y1), max(y2, y3)), max(max(mo0, mo1), max(d0, d1)),
                  max(max(h0, h1), max(mi0, mi1)), max(s0, s1)) < 10 else { return nil }
        @inline(__always) func two(_ a: UInt8, _ b: UInt8) -> Int { Int(a) * 10 + Int(b) }
        let year = two(y0, y1) * 100 + two(y2, y3), month = two(mo0, mo1), day = two(d0, d1)
        let hour = two(h0, h1), minute = two(mi0, mi1), second = two(s0, s1)
        guard month >= 1, month <= 12, day >= 1, day <= CivilDate.daysInMonth(year: year, month: month),
              hour < 24, minute < 60, second <= 60 else { return nil }
        return Int64(CivilDate.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second)
    }

    /// `parse` for every form it accepts, a byte at a time.
    static func parseAnyForm(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let n = bytes.count
        guard n > 0 else { return nil }
        if n < 10 || bytes[4] != UInt8(ascii: "-") { return Int64(decimal: bytes) ?? saturatedInteger(bytes) }
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
              (1...12).contains(month), day >= 1, day <= CivilDate.daysInMonth(year: year, month: month) else { return nil }
        var seconds = CivilDate.days(year: year, month: month, day: day) * 86_400
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

    /// `Int64.min` or `Int64.max` for a well-formed decimal integer too large for
    /// `Int64` (by its sign), `nil` for anything else.
    private static func saturatedInteger(_ bytes: UnsafeRawBufferPointer) -> Int64? {
        let signed = bytes.first == UInt8(ascii: "-") || bytes.first == UInt8(ascii: "+")
        let digits = bytes.dropFirst(signed ? 1 : 0)
        guard !digits.isEmpty, digits.allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }) else { return nil }
        return bytes.first == UInt8(ascii: "-") ? .min : .max
    }

    /// `seconds` as `YYYY-MM-DDTHH:MM:SSZ`.
    ///
    /// ```swift
    /// Timestamp.iso8601(1_709_210_415)  // "2024-02-29T12:40:15Z"
    /// ```
    static func iso8601(_ seconds: Int64) -> String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(20)
        bytes.appendISO8601(secondsSinceEpoch: Int(seconds))
        return String(decoding: bytes, as: UTF8.self)
    }
}

extension Timestamp {
    /// The most bytes `write(_:to:)` takes: a sign, 12 year digits (unix seconds in an
    /// `Int64` reach no further) and `-MM-DDThh:mm:ssZ`.
    static let maximumLength = 32

    /// Writes the UTC time `seconds` after 1970-01-01T00:00:00Z at `out` in ISO 8601
    /// form, `YYYY-MM-DDThh:mm:ssZ`, and returns the number of bytes written. A year
    /// outside 0...9999 is written with its sign when negative and as many digits as
    /// it has (at least four).
    ///
    /// - Complexity: O(1).
    @inline(__always)
    static func write(_ seconds: Int64, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let (day, second) = CivilDate.dayAndSecond(ofUnixSeconds: Int(seconds))
        let (year, month, dayOfMonth) = CivilDate.fromDays(day)
        var n = 0
        @inline(__always) func put(_ byte: UInt8) { out[n] = byte; n += 1 }
        @inline(__always) func twoDigits(_ value: Int) {
            put(UInt8(truncatingIfNeeded: value / 10) &+ UInt8(ascii: "0"))
            put(UInt8(truncatingIfNeeded: value % 10) &+ UInt8(ascii: "0"))
        }
        if (0...9999).contains(year) {
            twoDigits(year / 100)
            twoDigits(year % 100)
        } else {
            if year < 0 { put(UInt8(ascii: "-")) }
            for _ in 0 ..< max(0, 4 - DecimalDigits.count(UInt64(year.magnitude))) { put(UInt8(ascii: "0")) }
            n += DecimalDigits.write(UInt64(year.magnitude), to: out + n)
        }
        put(UInt8(ascii: "-"))
        twoDigits(month)
        put(UInt8(ascii: "-"))
        twoDigits(dayOfMonth)
        put(UInt8(ascii: "T"))
        twoDigits(second / 3600)
        put(UInt8(ascii: ":"))
        twoDigits(second / 60 % 60)
        put(UInt8(ascii: ":"))
        twoDigits(second % 60)
        put(UInt8(ascii: "Z"))
        return n
    }
}

extension Array where Element == UInt8 {
    /// Appends the UTC time `seconds` in ISO 8601 form (`Timestamp.write(_:to:)`).
    ///
    /// Bytes are appended directly: generators write one time per row.
    mutating func appendISO8601(secondsSinceEpoch seconds: Int) {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: Timestamp.maximumLength) { buffer in
            let n = Timestamp.write(Int64(seconds), to: buffer.baseAddress!)
            append(contentsOf: UnsafeBufferPointer(rebasing: buffer[..<n]))
        }
    }
}
