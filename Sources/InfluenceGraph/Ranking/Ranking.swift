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
        let keys = values.map(RadixSort.key)
        let order = RadixSort.order(of: keys)
        var result = uninitializedArray(Double.self, count: n)
        var start = 0
        while start < n {
            var end = start
            // Equal keys are equal values (NaN, which equals nothing, keeps a group of its own).
            while end + 1 < n && keys[Int(order[end + 1])] == keys[Int(order[start])] && !values[Int(order[start])].isNaN { end += 1 }
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

    /// Summarizes `values`; all figures are 0 for an empty input. - Complexity: O(V log V).
    public init(_ values: [Double]) {
        guard !values.isEmpty else { min = 0; mean = 0; p50 = 0; p90 = 0; p99 = 0; max = 0; return }
        let sorted = values.sorted()
        func quantile(_ q: Double) -> Double {
            let position = q * Double(sorted.count - 1)
            let lower = Int(position)
            let upper = Swift.min(lower + 1, sorted.count - 1)
            let fraction = position - Double(lower)
            return sorted[lower] + (sorted[upper] - sorted[lower]) * fraction
        }
        min = sorted[0]
        max = sorted[sorted.count - 1]
        var total = 0.0
        for v in values { total += v }
        mean = total / Double(values.count)
        p50 = quantile(0.5); p90 = quantile(0.9); p99 = quantile(0.99)
    }
}
