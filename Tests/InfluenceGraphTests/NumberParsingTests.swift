import Testing
@testable import InfluenceGraph

@Suite struct NumberParsingTests {
    func double(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBufferPointer { NumberParsing.double($0.baseAddress!, $0.count) }
    }

    func time(_ text: String) -> Int64? {
        Array(text.utf8).withUnsafeBytes { NumberParsing.timestamp($0) }
    }

    @Test func doublesMatchTheStandardLibrary() {
        var rng = SystemRandomNumberGenerator()
        let samples = ["0", "1", "-2.5", "+3.25", "1e3", "1E-3", "123456.789", "0.1", "1234567890123456789012", "1e309", "-0", "4.9e-324", "0.30000000000000004"]
        for text in samples { #expect(double(text) == Double(text), "\(text)") }
        for _ in 0..<2000 {
            let value = Double.random(in: -1e6...1e6, using: &rng)
            let text = String(format: "%.\(Int.random(in: 0...12, using: &rng))f", value)
            #expect(double(text) == Double(text), "\(text)")
        }
    }

    @Test func malformedNumbersAreRejected() {
        for text in ["", "-", ".", "abc", "1.2.3", "1e", "nan", "NaN", "inf", "0x10", "1,5", " 1"] {
            #expect(double(text) == nil, "\(text)")
        }
        #expect(double("1e309") == .infinity)
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
        #expect(NumberParsing.isoString(1_709_164_800 + 45_015) == "2024-02-29T12:30:15Z")
        #expect(NumberParsing.isoString(-1) == "1969-12-31T23:59:59Z")
    }
}
