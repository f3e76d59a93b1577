import Testing
@testable import InfluenceGraph

@Suite struct CompensatedSumTests {
    /// A million times the double nearest 0.1 is 100000.0000000000055…, whose nearest
    /// double is 100000; a plain running sum ends 1.3e-6 away.
    @Test func aMillionTenthsSumToTheNearestDouble() {
        let tenths = [Double](repeating: 0.1, count: 1_000_000)
        #expect(tenths.reduce(0, +) != 100_000)
        for threads in [1, 2, 3] { #expect(CompensatedSum.of(tenths, threads: threads) == 100_000) }
    }

    /// Large and small terms in turn: the small ones survive.
    @Test func smallTermsBesideLargeOnesAreKept() {
        var values: [Double] = []
        for _ in 0..<1_000 { values += [1e16, 1, -1e16] }
        #expect(CompensatedSum.of(values, threads: 2) == 1_000)
        #expect(CompensatedSum.of([], threads: 2) == 0)
    }
}
