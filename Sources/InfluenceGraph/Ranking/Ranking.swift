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
    /// The order comes from a radix sort of the top bits of the values' bit
    /// patterns (all but as many as an index takes); values that share them are
    /// then ordered by the rest among themselves, which is exact and cheap because
    /// such runs are short or all one value (the zeros of most customers' referral
    /// revenue). The result does not depend on `threads`.
    ///
    /// - Complexity: O(V); 16 bytes of scratch per value.
    public static func percentiles(_ values: [Double], threads: Int = 1) -> [Double] {
        percentiles(of: [values], threads: threads)[0]
    }

    /// The percentile ranks of each column, ranked one after another in one pair of
    /// sorting buffers: at ten million values each fresh pair would cost 160 MB of
    /// pages to clear, more than the sorting itself.
    static func percentiles(of columns: [[Double]], threads: Int) -> [[Double]] {
        let capacity = columns.map(\.count).max() ?? 0
        guard capacity > 1 else { return columns.map { [Double](repeating: 1, count: $0.count) } }
        var items = uninitializedArray(UInt64.self, count: capacity)
        var spare = uninitializedArray(UInt64.self, count: capacity)
        return items.withUnsafeMutableBufferPointer { items in
        spare.withUnsafeMutableBufferPointer { spare in
            columns.map { column in
                let n = column.count
                guard n > 1 else { return [Double](repeating: 1, count: n) }
                return column.withUnsafeBufferPointer { values in
                    percentiles(values, items: .init(rebasing: items[..<n]), spare: .init(rebasing: spare[..<n]), threads: threads)
                }
            }
        }}
    }

    /// Percentile ranks of `values` (at least two, fewer than 2³² — one customer
    /// index each), sorted in the given buffers of their count.
    private static func percentiles(_ values: UnsafeBufferPointer<Double>, items: UnsafeMutableBufferPointer<UInt64>,
                                    spare: UnsafeMutableBufferPointer<UInt64>, threads: Int) -> [Double] {
        let n = values.count
        let bounds = ParallelFor.evenBoundaries(count: n, parts: ParallelFor.chunkCount(forWork: n, minimumPerChunk: 1 << 16))
        // An item is the key's top bits above an index of the fewest bits that hold
        // one: sorting by those top bits moves one word per value and pass, and at
        // ten million values 40 of the key's bits leave few distinct values to tell
        // apart afterwards.
        let split = Split(indexBits: max(1, Int.bitWidth - (n - 1).leadingZeroBitCount))
        ParallelFor.run(chunks: bounds.count - 1, threads: threads) { c in
            for i in bounds[c] ..< bounds[c + 1] { items[i] = split.item(key: RadixSort.key(values[i]), index: i) }
        }
        let inSpare = RadixSort.sort(items, spare: spare, bits: split.indexBits ..< 64, threads: threads)
        let sorted = inSpare ? spare : items
        let scratch = inSpare ? items : spare
        // Chunks start where a run of equal top bits starts, so every run, and every
        // group of equal values in it, is one chunk's.
        var starts = bounds
        for c in 1 ..< starts.count - 1 {
            var b = max(starts[c], starts[c - 1])
            while b < n && split.top(sorted[b]) == split.top(sorted[b - 1]) { b += 1 }
            starts[c] = b
        }
        var result = uninitializedArray(Double.self, count: n)
        result.withUnsafeMutableBufferPointer { result in
            let last = Double(n - 1)
            ParallelFor.run(chunks: starts.count - 1, threads: threads) { c in
                var i = starts[c]
                let end = starts[c + 1]
                // Values are read and results written at random: both are asked for
                // `lookahead` items ahead.
                let lookahead = 32
                var ahead = i
                while i < end {
                    let top = split.top(sorted[i])
                    var runEnd = i + 1
                    while runEnd < end && split.top(sorted[runEnd]) == top { runEnd += 1 }
                    while ahead < min(runEnd + lookahead, end) {
                        let k = split.index(sorted[ahead])
                        values.prefetch(k)
                        result.prefetch(k)
                        ahead += 1
                    }
                    if runEnd - i == 1 {
                        result[split.index(sorted[i])] = Double(i) / last
                    } else {
                        rankRun(i ..< runEnd, split: split, sorted: sorted, scratch: scratch, values: values, last: last, into: result)
                    }
                    i = runEnd
                }
            }
        }
        return result
    }

    /// How an item splits into the key's top bits and an index.
    private struct Split {
        /// The low bits, which hold the index; the key's low bits are left out.
        let indexBits: Int

        @inline(__always) var indexMask: UInt64 { (1 << UInt64(indexBits)) &- 1 }
        /// The item for `key` at `index`.
        @inline(__always) func item(key: UInt64, index: Int) -> UInt64 { key & ~indexMask | UInt64(truncatingIfNeeded: index) }
        /// The key's top bits in `item`.
        @inline(__always) func top(_ item: UInt64) -> UInt64 { item & ~indexMask }
        @inline(__always) func index(_ item: UInt64) -> Int { Int(truncatingIfNeeded: item & indexMask) }
        /// The key's low bits, the ones `item` leaves out, above `item`'s index: the
        /// order of a run of equal top bits.
        @inline(__always) func tail(key: UInt64, of item: UInt64) -> UInt64 { (key & indexMask) << UInt64(indexBits) | item & indexMask }
    }

    /// Writes the percentiles of the values in the sorted positions `run` (two or
    /// more), which share the key's top bits: orders them by the key's low bits (in
    /// `scratch`, and in `sorted` itself, which the run no longer needs) and gives
    /// each group of equal keys the average of its positions over `last`, the last
    /// position.
    @inline(__always)
    private static func rankRun(_ run: Range<Int>, split: Split, sorted: UnsafeMutableBufferPointer<UInt64>,
                                scratch: UnsafeMutableBufferPointer<UInt64>, values: UnsafeBufferPointer<Double>,
                                last: Double, into result: UnsafeMutableBufferPointer<Double>) {
        @inline(__always) func key(_ item: UInt64) -> UInt64 { RadixSort.key(values[split.index(item)]) }
        // Most runs are one value: the check reads the values in index order.
        let first = key(sorted[run.lowerBound])
        var allEqual = first != .max
        for i in run where key(sorted[i]) != first { allEqual = false; break }
        if allEqual {
            let value = Double(run.lowerBound + run.upperBound - 1) / 2 / last
            for i in run { result[split.index(sorted[i])] = value }
            return
        }
        for i in run { scratch[i] = split.tail(key: key(sorted[i]), of: sorted[i]) }
        var ordered = UnsafeMutableBufferPointer(rebasing: scratch[run])
        if run.count < 256 {
            ordered.sort()
        } else if RadixSort.sort(ordered, spare: .init(rebasing: sorted[run]), bits: split.indexBits ..< 2 * split.indexBits, threads: 1) {
            ordered = UnsafeMutableBufferPointer(rebasing: sorted[run])
        }
        var g = 0
        while g < ordered.count {
            // NaN, and only NaN, has the key .max; it equals nothing, so each one is
            // a group of its own, in index order.
            let tail = ordered[g] >> UInt64(split.indexBits)
            let isNaN = split.top(first) | tail == .max
            var end = g + 1
            while !isNaN && end < ordered.count && ordered[end] >> UInt64(split.indexBits) == tail { end += 1 }
            let value = Double(2 * run.lowerBound + g + end - 1) / 2 / last
            for j in g ..< end { result[split.index(ordered[j])] = value }
            g = end
        }
    }
}
