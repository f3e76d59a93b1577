import Testing
@testable import InfluenceGraph

@Suite struct TimestampTests {
    func time(_ text: String) -> Int64? {
        Array(text.utf8).withUnsafeBytes { Timestamp.parse($0) }
    }

    @Test func timesInEveryAcceptedForm() {
        #expect(time("1700000000") == 1_700_000_000)
        #expect(time("1970-01-01") == 0)
        #expect(time("2024-02-29") == 1_709_164_800)
        #expect(time("2024-02-29T12:30:15Z") == Int64(1_709_164_800 + 45_015))
        #expect(time("2024-02-29 12:30") == Int64(1_709_164_800 + 45_000))
        #expect(time("2024-02-29T12:30:15.250+08:00") == Int64(1_709_164_800 + 45_015 - 8 * 3600))
        #expect(time("2024-02-29T12:30:15-0130") == Int64(1_709_164_800 + 45_015 + 5400))
        for bad in ["2023-02-29", "2024-13-01", "2024-01-01T25:00", "2024-01-01X", "yesterday", "2024-1-1"] {
            #expect(time(bad) == nil, "\(bad)")
        }
        #expect(Timestamp.iso8601(1_709_164_800 + 45_015) == "2024-02-29T12:30:15Z")
        #expect(Timestamp.iso8601(-1) == "1969-12-31T23:59:59Z")
    }

    @Test func signedDecimalsAndTheirLimits() {
        func int(_ text: String) -> Int64? { Array(text.utf8).withUnsafeBytes { Int64(decimal: $0) } }
        #expect(int("-12") == -12)
        #expect(int("+7") == 7)
        #expect(int("0042") == 42)
        #expect(int("9223372036854775807") == .max)
        #expect(int("-9223372036854775808") == .min)
        for bad in ["", "-", "+", "9223372036854775808", "-9223372036854775809", "1 2", "1.0", "x"] {
            #expect(int(bad) == nil, "\(bad)")
        }
    }

    /// Day numbers against a calendar counted one day at a time from 1600-01-01.
    @Test func civilDatesMatchADayByDayCount() {
        var day = CivilDate.days(year: 1600, month: 1, day: 1)
        #expect(day == -135_140)
        for year in 1600...2400 {
            for month in 1...12 {
                let length = CivilDate.daysInMonth(year: year, month: month)
                let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
                #expect(length == [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1])
                for d in 1...length {
                    if CivilDate.days(year: year, month: month, day: d) != day {
                        Issue.record("\(year)-\(month)-\(d) is not day \(day)")
                        return
                    }
                    let back = CivilDate.fromDays(day)
                    if back != (year, month, d) {
                        Issue.record("day \(day) is \(back), not \(year)-\(month)-\(d)")
                        return
                    }
                    day += 1
                }
            }
        }
    }

    @Test func daysAndMonthsOfUnixSeconds() {
        #expect(CivilDate.dayAndSecond(ofUnixSeconds: 0) == (0, 0))
        #expect(CivilDate.dayAndSecond(ofUnixSeconds: -1) == (-1, 86_399))
        #expect(CivilDate.dayAndSecond(ofUnixSeconds: -86_400) == (-1, 0))
        #expect(CivilDate.dayAndSecond(ofUnixSeconds: 86_399) == (0, 86_399))
        #expect(CivilDate.monthNumber(ofUnixSeconds: 1_709_164_800 + 45_015) == 2024 * 12 + 1)  // 2024-02
        #expect(CivilDate.monthNumber(ofUnixSeconds: 0) == 23_640)  // 1970-01
        #expect(CivilDate.monthNumber(ofUnixSeconds: -1) == 1969 * 12 + 11)  // 1969-12
        #expect(CivilDate.monthNumber(ofUnixSeconds: 1_706_745_600) == 2024 * 12 + 1)  // 2024-02-01T00:00:00Z
        #expect(CivilDate.monthNumber(ofUnixSeconds: 1_706_745_599) == 2024 * 12)  // the second before
    }

    /// Every time the parser reads as a date and time is written back as it was read.
    @Test func formattingInvertsParsing() {
        var rng = SplitMix64(seed: 8601)
        for _ in 0..<5_000 {
            let seconds = Int64(rng.next() % 400_000_000_000) - 62_000_000_000  // about years 0 to 14,600
            let text = Timestamp.iso8601(seconds)
            let (year, _, _) = CivilDate.fromDays(CivilDate.dayAndSecond(ofUnixSeconds: Int(seconds)).day)
            if year <= 9999 {
                #expect(time(text) == seconds, "\(text)")
            } else {
                #expect(text.hasPrefix(String(year) + "-"), "\(text)")
            }
        }
        #expect(Timestamp.iso8601(-62_167_219_200) == "0000-01-01T00:00:00Z")
        #expect(Timestamp.iso8601(-62_167_219_201) == "-0001-12-31T23:59:59Z")
        #expect(Timestamp.iso8601(253_402_300_800) == "10000-01-01T00:00:00Z")
        #expect(Timestamp.iso8601(Int64.min + 1).hasSuffix("Z"))
    }

    /// Times in the form exports write (`YYYY-MM-DDThh:mm:ssZ`, read at fixed places)
    /// and 20-byte texts one or two bytes away from it are read as the byte-at-a-time
    /// reader of every form reads them: the same seconds, the same refusals.
    @Test func theExportFormReadsAsEveryFormDoes() {
        var rng = SplitMix64(seed: 20)
        let bytes = Array("0123456789-T:Z z+/".utf8)
        var accepted = 0, refused = 0
        for _ in 0 ..< 50_000 {
            let seconds = Int64(rng.next() % 253_402_300_800)
            var text = Array(Timestamp.iso8601(seconds).utf8)
            if rng.next() % 2 == 0 { text[Int(rng.next() % 20)] = bytes[Int(rng.next() % UInt64(bytes.count))] }
            if rng.next() % 4 == 0 { text[Int(rng.next() % 20)] = bytes[Int(rng.next() % UInt64(bytes.count))] }
            let (fast, general) = text.withUnsafeBytes { (Timestamp.parse($0), Timestamp.parseAnyForm($0)) }
            #expect(fast == general, "\(String(decoding: text, as: UTF8.self))")
            if general == nil { refused += 1 } else { accepted += 1 }
        }
        #expect(accepted > 20_000 && refused > 5_000)
        for text in ["2023-02-29T00:00:00Z", "2024-02-29T24:00:00Z", "2024-13-01T00:00:00Z", "2024-00-10T00:00:00Z",
                     "2024-04-31T00:00:00Z", "2024-01-01T00:60:00Z"] {
            #expect(time(text) == nil, "\(text)")
        }
        #expect(time("2024-12-31T23:59:60Z") == time("2025-01-01T00:00:00Z"))
        #expect(time("0000-01-01T00:00:00Z") == -62_167_219_200)
    }
}
