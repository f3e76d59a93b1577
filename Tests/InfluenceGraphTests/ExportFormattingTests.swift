import Testing
@testable import InfluenceGraph

/// The byte formatters behind exports: shortest round-trip doubles, decimal integers,
/// RFC 4180 fields and ISO 8601 times.
@Suite struct ExportFormattingTests {
    func shortest(_ value: Double) -> String {
        var bytes = [UInt8](repeating: 0, count: ShortestDecimal.maximumLength + 8)
        let n = bytes.withUnsafeMutableBufferPointer { ShortestDecimal.write(value, to: $0.baseAddress!) }
        #expect(n <= ShortestDecimal.maximumLength)
        return String(decoding: bytes[0..<n], as: UTF8.self)
    }

    @Test func shortestDecimalLayout() {
        let cases: [(Double, String)] = [
            (0, "0"), (-0.0, "-0"), (1, "1"), (-2.5, "-2.5"), (0.1, "0.1"), (19.99, "19.99"), (100, "100"),
            (123.456, "123.456"), (1e20, "100000000000000000000"), (1e21, "1e21"), (1.5e21, "1.5e21"),
            (0.000001, "0.000001"), (0.0000012345, "0.0000012345"), (1e-7, "1e-7"), (1.25e-7, "1.25e-7"),
            (Double.leastNonzeroMagnitude, "5e-324"), (Double.greatestFiniteMagnitude, "1.7976931348623157e308"),
            (2.0 / 3.0, "0.6666666666666666"), (0.85, "0.85"), (12_345_678_901_234_567_168, "12345678901234567000"),
            (.nan, "NaN"), (.infinity, "Infinity"), (-.infinity, "-Infinity"),
        ]
        for (value, text) in cases { #expect(shortest(value) == text, "\(value)") }
    }

    /// The significant digits of Swift's `description` (the shortest round-trip
    /// digits, closest to the value) without its layout.
    func descriptionDigits(_ value: Double) -> String {
        var text = value.magnitude.description
        if let e = text.firstIndex(of: "e") { text = String(text[..<e]) }
        var digits = text.filter(\.isNumber)
        while digits.hasPrefix("0") { digits.removeFirst() }
        while digits.hasSuffix("0") { digits.removeLast() }
        return digits
    }

    @Test func shortestDecimalRoundTripsAndMatchesTheStandardLibraryDigits() {
        var rng = SplitMix64(seed: 21)
        var values: [Double] = [Double.leastNormalMagnitude, Double.leastNonzeroMagnitude, Double.ulpOfOne, 1 / 3, 4.35, 9_007_199_254_740_992]
        for _ in 0..<30_000 {
            // Every bit pattern class: subnormals, all exponents, and the short decimals money takes.
            values.append(Double(bitPattern: rng.next() & 0x7FEF_FFFF_FFFF_FFFF))
            values.append(Double(rng.next() % 10_000_000) / 100)
            values.append(Double(bitPattern: rng.next() & 0x000F_FFFF_FFFF_FFFF))
        }
        for p in -325...308 { values.append(Double("1e\(p)") ?? 0) }
        var failures = 0
        for value in values where value != 0 {
            let text = shortest(value)
            let (digits, _) = ShortestDecimal.decimal(of: value)
            if Double(text)?.bitPattern != value.bitPattern || String(digits) != descriptionDigits(value) {
                failures += 1
                if failures < 5 { Issue.record("\(value.bitPattern): wrote \(text), description \(value.description)") }
            }
        }
        #expect(failures == 0)
    }

    @Test func decimalDigitsAgreeWithString() {
        var rng = SplitMix64(seed: 3)
        var values: [UInt64] = Array(0...10_000) + [UInt64.max, UInt64.max - 1]
        for e in 0...19 {
            let p = DecimalDigits.powerOfTen(e)
            values += [p - 1, p, p + 1]
        }
        for _ in 0..<100_000 { values.append(rng.next() >> (rng.next() % 64)) }
        var bytes = [UInt8](repeating: 0, count: 24)
        for v in values {
            let n = bytes.withUnsafeMutableBufferPointer { DecimalDigits.write(v, to: $0.baseAddress!) }
            #expect(n == DecimalDigits.count(v))
            if String(decoding: bytes[0..<n], as: UTF8.self) != String(v) { Issue.record("\(v)"); break }
        }
    }

    func render(_ body: (inout CSVByteSink) -> Void) -> String {
        var sink = CSVByteSink(capacity: 8)
        defer { sink.release() }
        body(&sink)
        return String(decoding: sink.bytes, as: UTF8.self)
    }

    func field(_ text: String) -> String {
        render { sink in
            var text = text
            text.withUTF8 { utf8 in
                sink.reserve(CSVByteSink.fieldBound(utf8.count))
                sink.appendField(UnsafeRawBufferPointer(utf8))
            }
        }
    }

    @Test func fieldsAreQuotedExactlyWhenRFC4180NeedsIt() {
        #expect(field("plain") == "plain")
        #expect(field("") == "")
        #expect(field("日本語🙂") == "日本語🙂")
        #expect(field("semi;colon") == "semi;colon")
        #expect(field("a,b") == "\"a,b\"")
        #expect(field("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(field("\"") == "\"\"\"\"")
        #expect(field("line1\nline2") == "\"line1\nline2\"")
        #expect(field("cr\rhere") == "\"cr\rhere\"")
        #expect(field(" lead") == "\" lead\"")
        #expect(field("trail\t") == "\"trail\t\"")
        #expect(field("in side") == "in side")
    }

    @Test func timestampsAreUTCISO8601() {
        func time(_ seconds: Int64) -> String {
            render { sink in
                sink.reserve(CSVByteSink.timestampBound)
                sink.appendTimestamp(seconds)
            }
        }
        #expect(time(0) == "1970-01-01T00:00:00Z")
        #expect(time(1_773_480_600) == "2026-03-14T09:30:00Z")
        #expect(time(-1) == "1969-12-31T23:59:59Z")
        #expect(time(951_782_400) == "2000-02-29T00:00:00Z")
        #expect(time(253_402_300_799) == "9999-12-31T23:59:59Z")
        #expect(time(253_402_300_800) == "10000-01-01T00:00:00Z")
        #expect(time(-62_167_219_201) == "-0001-12-31T23:59:59Z")
        #expect(time(.max) == "292277026596-12-04T15:30:07Z")
        #expect(time(.min + 1).count <= Timestamp.maximumLength)
        // Every in-range time reads back through the loader's parser.
        var rng = SplitMix64(seed: 9)
        for _ in 0..<10_000 {
            let t = Int64(rng.next() % 253_402_300_800) - 62_167_219_200
            var text = time(t)
            #expect(text.withUTF8 { Timestamp.parse(UnsafeRawBufferPointer($0)) } == t)
        }
    }
}
