import Testing
@testable import InfluenceGraph

@Suite struct NumberParsingTests {
    func double(_ text: String) -> Double? {
        Array(text.utf8).withUnsafeBufferPointer { NumberParsing.double($0.baseAddress!, $0.count) }
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

    /// The fast path's powers of ten are 10⁰ … 10²², each exact: the product of its
    /// tens, and the standard library's reading of its decimal text.
    @Test func powersOfTenAreExact() {
        var power = 1.0
        for (e, value) in NumberParsing.exactPowersOfTen.enumerated() {
            #expect(value == power && value == Double("1e\(e)"), "10^\(e)")
            power *= 10
        }
        #expect(NumberParsing.exactPowersOfTen.count == 23)
    }
}
