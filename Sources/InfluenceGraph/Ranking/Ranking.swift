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
    /// index order as a stable comparison sort would leave them. The result does not
    /// depend on `threads`.
    ///
    /// - Complexity: O(V); 24 bytes of scratch per value.
    public static func percentiles(_ values: [Double], threads: Int = 1) -> [Double] {
        percentiles(of: [values], threads: threads)[0]
    }

    /// The percentile ranks of each column, ranked one after another in one set of
    /// sorting buffers: at ten million values each fresh set would cost 240 MB of
    /// pages to clear, more than the sorting itself.
    static func percentiles(of columns: [[Double]], threads: Int) -> [[Double]] {
        let capacity = columns.map(\.count).max() ?? 0
        guard capacity > 1 else { return columns.map { [Double](repeating: 1, count: $0.count) } }
        var keys = uninitializedArray(UInt64.self, count: capacity)
        var spareKeys = uninitializedArray(UInt64.self, count: capacity)
        var order = uninitializedArray(UInt32.self, count: capacity)
        var spareOrder = uninitializedArray(UInt32.self, count: capacity)
        return keys.withUnsafeMutableBufferPointer { keys in
        spareKeys.withUnsafeMutableBufferPointer { spareKeys in
        order.withUnsafeMutableBufferPointer { order in
        spareOrder.withUnsafeMutableBufferPointer { spareOrder in
            columns.map { column in
                let n = column.count
                guard n > 1 else { return [Double](repeating: 1, count: n) }
                return column.withUnsafeBufferPointer { values in
                    percentiles(values, keys: .init(rebasing: keys[..<n]), order: .init(rebasing: order[..<n]),
                                spareKeys: .init(rebasing: spareKeys[..<n]), spareOrder: .init(rebasing: spareOrder[..<n]),
                                threads: threads)
                }
            }
        }}}}
    }

    /// Percentile ranks of `values` (at least two), sorted in the given buffers of their count.
    private static func percentiles(_ values: UnsafeBufferPointer<Double>,
                                    keys: UnsafeMutableBufferPointer<UInt64>, order: UnsafeMutableBufferPointer<UInt32>,
                                    spareKeys: UnsafeMutableBufferPointer<UInt64>, spareOrder: UnsafeMutableBufferPointer<UInt32>,
                                    threads: Int) -> [Double] {
        let n = values.count
        let bounds = ParallelFor.evenBoundaries(count: n, parts: ParallelFor.chunkCount(forWork: n, minimumPerChunk: 1 << 16))
        ParallelFor.run(chunks: bounds.count - 1, threads: threads) { c in
            for i in bounds[c] ..< bounds[c + 1] {
                keys[i] = RadixSort.key(values[i])
                order[i] = UInt32(truncatingIfNeeded: i)
            }
        }
        let inSpares = RadixSort.sort(keys: keys, order: order, spareKeys: spareKeys, spareOrder: spareOrder, threads: threads)
        let sortedKeys = UnsafeBufferPointer(inSpares ? spareKeys : keys)
        let sortedOrder = UnsafeBufferPointer(inSpares ? spareOrder : order)
        var result = uninitializedArray(Double.self, count: n)
        result.withUnsafeMutableBufferPointer { result in
            // Each chunk writes its own sorted positions; a group of equal keys that
            // crosses a boundary is measured whole by both chunks.
            ParallelFor.run(chunks: bounds.count - 1, threads: threads) { c in
                var i = bounds[c]
                let end = bounds[c + 1]
                while i < end {
                    let key = sortedKeys[i]
                    var first = i, last = i
                    // Equal keys are equal values. NaN, which equals nothing, keeps a
                    // group of its own; it alone has the largest key.
                    if key != .max {
                        // Only a chunk's first group can start before it, and only its
                        // last can end after it: those ends are searched for, so a
                        // group of millions (customers with no referral revenue) costs
                        // each chunk it covers a few probes, not a walk across it.
                        if first > 0 && sortedKeys[first - 1] == key {
                            var low = 0
                            while low < first { let mid = (low + first) / 2; if sortedKeys[mid] < key { low = mid + 1 } else { first = mid } }
                        }
                        while last + 1 < end && sortedKeys[last + 1] == key { last += 1 }
                        if last + 1 == end {
                            var high = n
                            while last + 1 < high { let mid = (last + 1 + high) / 2; if sortedKeys[mid] > key { high = mid } else { last = mid } }
                        }
                    }
                    let value = Double(first + last) / 2 / Double(n - 1)
                    let stop = min(last + 1, end)
                    for j in i ..< stop { result[Int(sortedOrder[j])] = value }
                    i = stop
                }
            }
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
