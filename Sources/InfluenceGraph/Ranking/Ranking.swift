/// Ranking helpers shared by the scoring algorithms.
public enum Ranking {
    /// The indices of the `k` largest scores, highest first, ties broken by lower index.
    /// `k` larger than the count returns every index.
    ///
    /// A few of many are picked through a heap of `k` candidates; more are sorted.
    ///
    /// - Complexity: O(V log k).
    public static func top(_ k: Int, of scores: [Double]) -> [Int] {
        let n = scores.count, k = min(max(0, k), n)
        // Does `a` rank above `b`?
        func above(_ a: Int, _ b: Int) -> Bool { scores[a] != scores[b] ? scores[a] > scores[b] : a < b }
        guard k > 0, k <= n / 16 else {
            return Array(scores.indices.sorted(by: above).prefix(k))
        }
        // A heap whose root is the weakest of the best k so far.
        var heap: [Int] = []
        heap.reserveCapacity(k)
        func siftDown(_ start: Int) {
            var i = start
            while true {
                let l = 2 * i + 1, r = l + 1
                var weakest = i
                if l < heap.count && above(heap[weakest], heap[l]) { weakest = l }
                if r < heap.count && above(heap[weakest], heap[r]) { weakest = r }
                if weakest == i { return }
                heap.swapAt(i, weakest)
                i = weakest
            }
        }
        for i in 0 ..< n {
            if heap.count < k {
                heap.append(i)
                var c = heap.count - 1
                while c > 0, above(heap[(c - 1) / 2], heap[c]) { heap.swapAt(c, (c - 1) / 2); c = (c - 1) / 2 }
            } else if above(i, heap[0]) {
                heap[0] = i
                siftDown(0)
            }
        }
        return heap.sorted(by: above)
    }

    /// The 1-based rank of `index` among `scores`, highest first, ties broken by lower
    /// index: the position it has in `top(scores.count, of: scores)`.
    ///
    /// - Complexity: O(V).
    public static func rank(of index: Int, in scores: [Double]) -> Int {
        let s = scores[index]
        var ahead = 0
        for (i, t) in scores.enumerated() where t > s || (t == s && i < index) { ahead += 1 }
        return ahead + 1
    }

    /// Each value's percentile rank in [0, 1]: its average 0-based position in
    /// ascending order divided by `count − 1`, so ties share one value. A single
    /// value gets 1; an empty input gives an empty result.
    ///
    /// The order comes from a radix sort of the values' bit patterns, so ties are in
    /// index order as a stable comparison sort would leave them.
    ///
    /// - Complexity: O(V).
    public static func percentiles(_ values: [Double]) -> [Double] {
        let n = values.count
        guard n > 1 else { return [Double](repeating: 1, count: n) }
        let (order, keys) = RadixSort.sort(values.map(RadixSort.key))
        var result = uninitializedArray(Double.self, count: n)
        var start = 0
        while start < n {
            var end = start
            // Equal keys are equal values. NaN, which equals nothing, keeps a group of
            // its own; it alone has the largest key.
            while end + 1 < n && keys[end + 1] == keys[start] && keys[start] != .max { end += 1 }
            let value = Double(start + end) / 2 / Double(n - 1)
            for i in start...end { result[Int(order[i])] = value }
            start = end + 1
        }
        return result
    }
}

/// Summary figures of a score vector. Percentiles interpolate linearly between
/// order statistics (NumPy's default): `p` sits at position `p · (n − 1)`.
public struct Distribution: Sendable, Equatable {
    /// The smallest value, the mean, the 50th, 90th and 99th percentiles and the largest; all 0 for no values.
    public var min: Double, mean: Double, p50: Double, p90: Double, p99: Double, max: Double

    /// Summarizes `values`; all figures are 0 for an empty input.
    ///
    /// The percentiles come from selecting the order statistics they need: sorting
    /// every score would be the costly part of summarizing millions of them.
    ///
    /// - Complexity: O(V) expected, O(V log V) at worst; one copy of `values`.
    public init(_ values: [Double]) {
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
        var work = values
        let n = work.count
        var quantiles: [Double] = []
        work.withUnsafeMutableBufferPointer { a in
            // Ascending positions: each selection searches only above the previous one,
            // which the previous selection left holding the larger values.
            var searchFrom = 0
            for q in [0.5, 0.9, 0.99] {
                let position = q * Double(n - 1)
                let lower = Int(position)
                Self.select(lower, in: a, from: searchFrom)
                searchFrom = lower
                var upperValue = a[lower]
                if lower + 1 < n {
                    upperValue = a[lower + 1]
                    for i in (lower + 2) ..< n where a[i] < upperValue { upperValue = a[i] }
                }
                quantiles.append(a[lower] + (upperValue - a[lower]) * (position - Double(lower)))
            }
        }
        p50 = quantiles[0]; p90 = quantiles[1]; p99 = quantiles[2]
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
