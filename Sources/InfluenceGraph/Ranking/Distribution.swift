/// Summary figures of a score vector. Percentiles interpolate linearly between
/// order statistics (NumPy's default): `p` sits at position `p · (n − 1)`.
public struct Distribution: Sendable, Equatable {
    /// The smallest value, the mean, the 50th, 90th and 99th percentiles and the largest; all 0 for no values.
    public var min: Double, mean: Double, p50: Double, p90: Double, p99: Double, max: Double

    /// Summarizes `values`; all figures are 0 for an empty input. The figures do not
    /// depend on `threads`.
    ///
    /// The percentiles come from the order statistics they need, not from sorting
    /// every score, the costly part of summarizing millions of them. Above half a
    /// million values, a sorted sample of 65,536 brackets each percentile; one
    /// parallel pass counts the values below each bracket and sorts out the few
    /// inside. Otherwise, or when a bracket misses (a sample unlike the whole, or a
    /// NaN), a quickselect on a copy finds them.
    ///
    /// - Complexity: O(V) expected, O(V log V) at worst; one copy of `values` on the
    ///   quickselect's path.
    public init(_ values: [Double], threads: Int = 1) {
        guard let first = values.first else { min = 0; mean = 0; p50 = 0; p90 = 0; p99 = 0; max = 0; return }
        var smallest = first, largest = first, total = 0.0
        for v in values {
            if v < smallest { smallest = v }
            if v >= largest { largest = v }
            total += v
        }
        min = smallest
        max = largest
        mean = total / Double(values.count)
        let n = values.count
        let positions = [0.5, 0.9, 0.99].map { $0 * Double(n - 1) }
        let pairs = values.withUnsafeBufferPointer { Self.bracketedOrderStatistics($0, positions: positions, threads: threads) }
            ?? Self.selectedOrderStatistics(values, positions: positions)
        let figures = positions.indices.map { q in
            let (lower, upper) = pairs[q]
            return lower + (upper - lower) * (positions[q] - Double(Int(positions[q])))
        }
        p50 = figures[0]; p90 = figures[1]; p99 = figures[2]
    }

    /// For each position (ascending), the order statistics at its floor and the one
    /// above (the floor's again at the end), by quickselect on a copy.
    static func selectedOrderStatistics(_ values: [Double], positions: [Double]) -> [(Double, Double)] {
        var work = values
        let n = work.count
        return work.withUnsafeMutableBufferPointer { a in
            // Ascending positions: each selection searches only above the previous one,
            // which the previous selection left holding the larger values.
            var searchFrom = 0
            return positions.map { position in
                let lower = Int(position)
                Self.select(lower, in: a, from: searchFrom)
                searchFrom = lower
                var upperValue = a[lower]
                if lower + 1 < n {
                    upperValue = a[lower + 1]
                    for i in (lower + 2) ..< n where a[i] < upperValue { upperValue = a[i] }
                }
                return (a[lower], upperValue)
            }
        }
    }

    /// The pairs of `selectedOrderStatistics`, from brackets read off a sorted sample;
    /// nil for fewer than 2¹⁹ values, a NaN, or a bracket that misses its pair.
    ///
    /// - Complexity: O(V) for the pass, O(V / 60) expected for the values inside.
    static func bracketedOrderStatistics(_ values: UnsafeBufferPointer<Double>, positions: [Double],
                                         threads: Int) -> [(Double, Double)]? {
        let n = values.count
        let m = 1 << 16
        guard n >= 1 << 19 else { return nil }
        let step = n / m
        var sample = (0 ..< m).map { values[$0 * step] }
        guard !sample.contains(where: \.isNaN) else { return nil }
        sample.sort()
        // Four standard deviations of a sample quantile's rank either side, and a few more.
        let brackets: [(low: Double, high: Double)] = positions.map { position in
            let q = position / Double(n - 1)
            let center = q * Double(m - 1), margin = 4 * (Double(m) * q * (1 - q)).squareRoot() + 16
            return (sample[Swift.max(0, Int(center - margin))], sample[Swift.min(m - 1, Int(center + margin) + 1)])
        }
        let b = brackets.count
        let lows = brackets.map(\.low), highs = brackets.map(\.high)
        // Per chunk and bracket: the values below it, at its low and high ends, and inside.
        struct Tally { var counts: [Int], inside: [[Double]], nan: Int }
        let bounds = ParallelFor.evenBoundaries(count: n, parts: ParallelFor.chunkCount(forWork: n, minimumPerChunk: 1 << 16))
        let tallies = ParallelFor.map(chunks: bounds.count - 1, threads: threads) { chunk -> Tally in
            var counts = [Int](repeating: 0, count: 3 * b)
            var inside = [[Double]](repeating: [], count: b)
            var nan = 0
            counts.withUnsafeMutableBufferPointer { counts in
            lows.withUnsafeBufferPointer { lows in
            highs.withUnsafeBufferPointer { highs in
                for i in bounds[chunk] ..< bounds[chunk + 1] {
                    let v = values[i]
                    if v.isNaN { nan += 1; continue }
                    // Counted without branches: whether a value is below a bracket
                    // follows no pattern. Few values fall inside, so that test predicts well.
                    for k in 0 ..< b {
                        let low = lows[k], high = highs[k]
                        counts[3 &* k] &+= v < low ? 1 : 0
                        counts[3 &* k &+ 1] &+= v == low ? 1 : 0
                        counts[3 &* k &+ 2] &+= v == high && high != low ? 1 : 0
                        if v > low && v < high { inside[k].append(v) }
                    }
                }
            }}}
            return Tally(counts: counts, inside: inside, nan: nan)
        }
        guard !tallies.contains(where: { $0.nan > 0 }) else { return nil }
        var pairs: [(Double, Double)] = []
        for k in 0 ..< b {
            var below = 0, atLow = 0, atHigh = 0
            var inside: [Double] = []
            for tally in tallies {
                below += tally.counts[3 * k]; atLow += tally.counts[3 * k + 1]; atHigh += tally.counts[3 * k + 2]
                inside += tally.inside[k]
            }
            inside.sort()
            let (low, high) = brackets[k]
            // The value at `rank`, when the bracket holds it.
            func statistic(_ rank: Int) -> Double? {
                var r = rank - below
                if r < 0 { return nil }
                if r < atLow { return low }
                r -= atLow
                if r < inside.count { return inside[r] }
                r -= inside.count
                return r < atHigh ? high : nil
            }
            let lower = Int(positions[k])
            guard let a = statistic(lower), let c = statistic(Swift.min(lower + 1, n - 1)) else { return nil }
            pairs.append((a, c))
        }
        return pairs
    }

    /// Moves the `k`-th smallest of `a[start...]` to `a[k]`, smaller values before it
    /// and larger after (quickselect, three-way partitions, median-of-three pivots; a
    /// range that keeps resisting is sorted instead).
    static func select(_ k: Int, in a: UnsafeMutableBufferPointer<Double>, from start: Int) {
        var lo = start, hi = a.count, rounds = 0
        while hi - lo > 16 && rounds < 64 {
            let x = a[lo], y = a[(lo + hi) / 2], z = a[hi - 1]
            let pivot = x < y ? (y < z ? y : (x < z ? z : x)) : (x < z ? x : (y < z ? z : y))
            var less = lo, i = lo, greater = hi
            while i < greater {
                let v = a[i]
                if v < pivot {
                    a.swapAt(less, i); less += 1; i += 1
                } else if v > pivot {
                    greater -= 1; a.swapAt(i, greater)
                } else {
                    i += 1
                }
            }
            if k < less { hi = less } else if k >= greater { lo = greater } else { return }
            rounds += 1
        }
        var rest = UnsafeMutableBufferPointer(rebasing: a[lo ..< hi])
        rest.sort()
    }
}
