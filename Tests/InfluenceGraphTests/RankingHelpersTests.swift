import Testing
@testable import InfluenceGraph

/// `Ranking.top` and `Ranking.percentiles` against plain comparison-sort references.
@Suite struct RankingHelpersTests {
    static func referenceTop(_ k: Int, _ scores: [Double]) -> [Int] {
        Array(scores.indices.sorted { scores[$0] != scores[$1] ? scores[$0] > scores[$1] : $0 < $1 }.prefix(max(0, k)))
    }

    static func referencePercentiles(_ values: [Double]) -> [Double] {
        let n = values.count
        guard n > 1 else { return [Double](repeating: 1, count: n) }
        let order = values.indices.sorted { values[$0] != values[$1] ? values[$0] < values[$1] : $0 < $1 }
        var result = [Double](repeating: 0, count: n)
        var start = 0
        while start < n {
            var end = start
            while end + 1 < n && values[order[end + 1]] == values[order[start]] { end += 1 }
            for i in start...end { result[order[i]] = Double(start + end) / 2 / Double(n - 1) }
            start = end + 1
        }
        return result
    }

    /// Values with many ties, zeros of both signs, negatives, tiny and huge magnitudes.
    static func values(_ n: Int, seed: UInt64) -> [Double] {
        var rng = SplitMix64(seed: seed, stream: 3)
        let pool: [Double] = [0, -0.0, 1, 2.5, -3, 1e-300, 1e300, 0.1, 0.2, 7]
        return (0 ..< n).map { _ in
            rng.next() % 3 == 0 ? pool[Int(rng.next() % UInt64(pool.count))] : Double(Int64(bitPattern: rng.next()) % 1000) / 8
        }
    }

    @Test(arguments: [0, 1, 2, 17, 1_000, 50_000])
    func topMatchesAFullSort(n: Int) {
        let scores = Self.values(n, seed: UInt64(n))
        for k in [0, 1, 3, 20, n / 16, n / 2, n, n + 5] {
            #expect(Ranking.top(k, of: scores) == Self.referenceTop(k, scores), "n \(n), k \(k)")
        }
    }

    @Test(arguments: [0, 1, 2, 3, 1_000, 100_000])
    func percentilesMatchAComparisonSort(n: Int) {
        let values = Self.values(n, seed: 100 + UInt64(n))
        #expect(Ranking.percentiles(values) == Self.referencePercentiles(values))
    }

    @Test func radixOrderIsStableAndNumeric() {
        let values: [Double] = [3, -1, 0, -0.0, 3, -.infinity, .infinity, -1, 2]
        let sorted = RadixSort.sort(values.map(RadixSort.key))
        #expect(sorted.order.map(Int.init) == [5, 1, 7, 2, 3, 8, 0, 4, 6])
        #expect(sorted.keys == sorted.order.map { RadixSort.key(values[Int($0)]) })
    }

    /// NaN equals nothing, so each NaN is a group of its own, above every number.
    @Test func eachNaNIsAGroupOfItsOwn() {
        let values: [Double] = [1, .nan, 1, .nan, 0]
        #expect(Ranking.percentiles(values) == [0.375, 0.75, 0.375, 1.0, 0])
    }
}
