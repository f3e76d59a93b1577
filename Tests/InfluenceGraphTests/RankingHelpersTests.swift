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

    /// `items` radix-sorted by their bits `bits`.
    static func radixSorted(_ items: [UInt64], bits: Range<Int>, threads: Int = 1) -> [UInt64] {
        var sorted = items, spare = items
        let inSpare = sorted.withUnsafeMutableBufferPointer { sorted in
            spare.withUnsafeMutableBufferPointer { spare in RadixSort.sort(sorted, spare: spare, bits: bits, threads: threads) }
        }
        return inSpare ? spare : sorted
    }

    /// Items equal in the sorted bits keep their order, whatever the other bits hold,
    /// across chunks and at any thread count; bit ranges that do not start or end on
    /// a digit boundary are honoured.
    @Test(arguments: [1, 4])
    func chunkedRadixSortIsStable(threads: Int) {
        var rng = SplitMix64(seed: 7, stream: 1)
        let items: [UInt64] = (0 ..< 150_000).map { _ in rng.next() % 3 == 0 ? rng.next() : rng.next() % 1_000 << 30 | rng.next() % 7 }
        for bits in [32 ..< 64, 0 ..< 64, 5 ..< 40] {
            let mask: UInt64 = bits.count == 64 ? .max : (1 << UInt64(bits.count) - 1) << UInt64(bits.lowerBound)
            let reference = items.indices.sorted { items[$0] & mask != items[$1] & mask ? items[$0] & mask < items[$1] & mask : $0 < $1 }
            #expect(Self.firstDifference(Self.radixSorted(items, bits: bits, threads: threads), reference.map { items[$0] }) == nil, "bits \(bits)")
        }
    }

    @Test func radixOrderIsStableAndNumeric() {
        let values: [Double] = [3, -1, 0, -0.0, 3, -.infinity, .infinity, -1, 2]
        // The key's high half above the index, sorted by the high half.
        let sorted = Self.radixSorted(values.indices.map { RadixSort.key(values[$0]) & 0xFFFF_FFFF_0000_0000 | UInt64($0) }, bits: 32 ..< 64)
        #expect(sorted.map { Int($0 & 0xFFFF_FFFF) } == [5, 1, 7, 2, 3, 8, 0, 4, 6])
    }

    /// Values that differ only in the low half of their bit patterns sort by the high
    /// half alone into one run, which the percentiles must order exactly: short runs,
    /// runs of hundreds and of tens of thousands (the radix path), runs mixing equal
    /// and distinct values, and runs across the chunk boundaries, at any thread count.
    @Test(arguments: [1, 2, 5])
    func valuesSharingAHighHalfRankExactly(threads: Int) {
        var rng = SplitMix64(seed: 44, stream: 6)
        // 1 + k·2⁻⁴⁰ all share 1's high half; so do 1000 + k·2⁻³¹ with 1000's.
        let values: [Double] = (0 ..< 250_000).map { i in
            switch rng.next() % 6 {
            case 0: return 1 + Double(rng.next() % 60_000) * 0x1p-40
            case 1: return 1 + Double(rng.next() % 3) * 0x1p-40
            case 2: return 1000 + Double(rng.next() % 500) * 0x1p-31
            case 3: return -(7 + Double(rng.next() % 40) * 0x1p-45)
            case 4: return Double(i % 1_000)
            default: return rng.next() % 2 == 0 ? .nan : 1 + Double(rng.next() % 200_000) * 0x1p-40
            }
        }
        let reference = Self.referencePercentiles(values)
        #expect(Self.firstDifference(Ranking.percentiles(values, threads: threads), reference) == nil)
        let small = [1 + 0x1p-40, 1, 1 + 0x1p-40, 1 + 0x1p-41, 2, 1]
        #expect(Ranking.percentiles(small, threads: threads) == Self.referencePercentiles(small))
        #expect(Ranking.percentiles(small, threads: threads) == [0.7, 0.1, 0.7, 0.4, 1, 0.1])
    }

    /// NaN equals nothing, so each NaN is a group of its own, above every number.
    @Test func eachNaNIsAGroupOfItsOwn() {
        let values: [Double] = [1, .nan, 1, .nan, 0]
        #expect(Ranking.percentiles(values) == [0.375, 0.75, 0.375, 1.0, 0])
    }
}
