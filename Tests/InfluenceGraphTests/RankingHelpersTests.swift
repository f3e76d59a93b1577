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
        // NaN above every number, NaNs among themselves in index order.
        let order = values.indices.sorted { i, j in
            let a = values[i], b = values[j]
            if a.isNaN != b.isNaN { return b.isNaN }
            return a != b && !a.isNaN ? a < b : i < j
        }
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

    /// Above 65,536 values the sort and the tie groups run in chunks: groups of equal
    /// values span chunk boundaries (most values 0, as referral revenue is), and every
    /// thread count gives the comparison sort's answer.
    @Test(arguments: [1, 2, 3, 8])
    func chunkedPercentilesMatchAComparisonSort(threads: Int) {
        var rng = SplitMix64(seed: 41, stream: 5)
        let values: [Double] = (0 ..< 300_000).map { _ in
            let r = rng.next() % 10
            return r < 7 ? 0 : r == 7 ? .nan : r == 8 ? 1.5 : Double(rng.next() % 5_000) / 4
        }
        let reference = Self.referencePercentiles(values)
        let spend = Self.values(200_000, seed: 9)
        let columns = Ranking.percentiles(of: [values, spend, [4], []], threads: threads)
        // Positions, not arrays, in a failure: 300,000 printed values help nobody.
        #expect(Self.firstDifference(columns[0], reference) == nil)
        #expect(Self.firstDifference(columns[1], Self.referencePercentiles(spend)) == nil)
        #expect(columns[2] == [1] && columns[3] == [])
        #expect(Self.firstDifference(Ranking.percentiles(values, threads: threads), reference) == nil)
    }

    /// Zeros (most customers' referral revenue) are one tie group between the
    /// negatives and the positives; -0 is a zero, and a column of zeros alone is one
    /// tie group.
    @Test(arguments: [1, 3])
    func zerosSitBetweenNegativesAndPositives(threads: Int) {
        #expect(Ranking.percentiles([0, -2, 0, 3, -0.0], threads: threads) == [0.5, 0, 0.5, 1, 0.5])
        #expect(Ranking.percentiles([0, 0, -0.0], threads: threads) == [0.5, 0.5, 0.5])
        var rng = SplitMix64(seed: 43, stream: 2)
        let values: [Double] = (0 ..< 200_000).map { _ in
            switch rng.next() % 8 {
            case 0, 1, 2: return 0
            case 3: return -0.0
            case 4: return -Double(rng.next() % 1_000) / 8
            case 5: return .infinity * (rng.next() % 2 == 0 ? 1 : -1)
            default: return Double(rng.next() % 1_000) / 8
            }
        }
        #expect(Self.firstDifference(Ranking.percentiles(values, threads: threads), Self.referencePercentiles(values)) == nil)
    }

    /// The first index where the arrays differ, their common length if one is shorter,
    /// or nil if they are equal.
    static func firstDifference<T: Equatable>(_ a: [T], _ b: [T]) -> Int? {
        let common = min(a.count, b.count)
        return (0 ..< common).first { a[$0] != b[$0] } ?? (a.count == b.count ? nil : common)
    }

    /// The indices of `keys` in radix order and the keys in that order.
    static func radixSorted(_ keys: [UInt64], threads: Int = 1) -> (order: [UInt32], keys: [UInt64]) {
        let n = keys.count
        var order = (0 ..< n).map { UInt32(truncatingIfNeeded: $0) }, spareOrder = order
        var sorted = keys, spareKeys = keys
        let inSpares = order.withUnsafeMutableBufferPointer { order in
        spareOrder.withUnsafeMutableBufferPointer { spareOrder in
        sorted.withUnsafeMutableBufferPointer { sorted in
        spareKeys.withUnsafeMutableBufferPointer { spareKeys in
            RadixSort.sort(keys: sorted, order: order, spareKeys: spareKeys, spareOrder: spareOrder, threads: threads)
        }}}}
        return inSpares ? (spareOrder, spareKeys) : (order, sorted)
    }

    @Test(arguments: [1, 4])
    func chunkedRadixSortIsStable(threads: Int) {
        var rng = SplitMix64(seed: 7, stream: 1)
        let keys: [UInt64] = (0 ..< 150_000).map { _ in rng.next() % 3 == 0 ? rng.next() : rng.next() % 1_000 << 30 }
        let sorted = Self.radixSorted(keys, threads: threads)
        let reference = keys.indices.sorted { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        #expect(Self.firstDifference(sorted.order.map(Int.init), reference) == nil)
        #expect(Self.firstDifference(sorted.keys, reference.map { keys[$0] }) == nil)
    }

    @Test func radixOrderIsStableAndNumeric() {
        let values: [Double] = [3, -1, 0, -0.0, 3, -.infinity, .infinity, -1, 2]
        let sorted = Self.radixSorted(values.map(RadixSort.key))
        #expect(sorted.order.map(Int.init) == [5, 1, 7, 2, 3, 8, 0, 4, 6])
        #expect(sorted.keys == sorted.order.map { RadixSort.key(values[Int($0)]) })
    }

    /// NaN equals nothing, so each NaN is a group of its own, above every number.
    @Test func eachNaNIsAGroupOfItsOwn() {
        let values: [Double] = [1, .nan, 1, .nan, 0]
        #expect(Ranking.percentiles(values) == [0.375, 0.75, 0.375, 1.0, 0])
    }
}
