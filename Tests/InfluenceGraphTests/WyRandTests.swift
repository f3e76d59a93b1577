import Testing
@testable import InfluenceGraph

@Suite struct WyRandTests {
    /// The definition, through 128-bit integers rather than `multipliedFullWidth`.
    @Test func drawsFollowTheDefinition() {
        var rng = WyRand(seed: 2026)
        var state: UInt64 = 2026
        for _ in 0..<10_000 {
            state &+= 0xA076_1D64_78BD_642F
            let product = UInt128(state) * UInt128(state ^ 0xE703_7ED1_A0B4_28DB)
            #expect(rng.next() == UInt64(truncatingIfNeeded: product >> 64) ^ UInt64(truncatingIfNeeded: product))
        }
    }

    /// A million draws: each of the 64 bits is set about half the time and the top
    /// byte spreads evenly over its 256 values (chi-square with 255 degrees of freedom
    /// below 350, which a uniform source exceeds about once in ten thousand).
    @Test func drawsAreEvenlySpread() {
        var rng = WyRand(seed: 7)
        let draws = 1_000_000
        var ones = [Int](repeating: 0, count: 64)
        var top = [Int](repeating: 0, count: 256)
        for _ in 0..<draws {
            let x = rng.next()
            for b in 0..<64 where x & (1 << UInt64(b)) != 0 { ones[b] += 1 }
            top[Int(x >> 56)] += 1
        }
        for b in 0..<64 { #expect(abs(Double(ones[b]) / Double(draws) - 0.5) < 5 * 0.5 / Double(draws).squareRoot(), "bit \(b)") }
        let expected = Double(draws) / 256
        let chiSquare = top.reduce(0.0) { $0 + (Double($1) - expected) * (Double($1) - expected) / expected }
        #expect(chiSquare < 350)
        var a = WyRand(seed: 1), b = WyRand(seed: 2)
        #expect((0..<100).map { _ in a.next() } != (0..<100).map { _ in b.next() })
    }
}
