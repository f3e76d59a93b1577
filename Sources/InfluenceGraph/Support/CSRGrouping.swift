/// Stable grouping of items by a dense key into a CSR: count → prefix sum →
/// scatter, as in GAPBS's builder. The graph's follow and referral CSRs are built
/// with it, and so are the algorithms' groupings.
///
/// Items are `(key, payload)` pairs with keys in `0..<keyCount`; grouping lists the
/// payloads of key 0, then of key 1, and so on, each list in input order. That order
/// is unique, so the result does not depend on how the input is chunked or on the
/// thread count.
///
/// Large inputs take two cache-friendly passes instead of one random scatter:
/// 1. `countBuckets` and `partition` move the items, per input chunk and stably,
///    into at most 256 buckets by the high bits of their key: a few sequential write
///    streams, each item one word (the key's low bits and the payload);
/// 2. `sortBuckets` counting-sorts each bucket, now small enough for the cache, by
///    the low bits straight into the CSR, and hands each finished bucket to a hook,
///    so a caller can do more work on its lists while they are in cache (the follow
///    build merges repeated follows there).
///
/// `group(keys:keyCount:payload:weights:threads:)` runs the passes in order;
/// `group(keyCount:_:)` is the serial single scatter for small inputs.
///
/// ```swift
/// let byKey = CSRGrouping.group(keys: keys, keyCount: 4, payload: rows, weights: nil, threads: 2)
/// // rows with key k: byKey.payload[byKey.offsets[k] ..< byKey.offsets[k + 1]]
/// ```
@usableFromInline
struct CSRGrouping {
    /// Keys are `0..<keyCount`.
    @usableFromInline let keyCount: Int
    /// A key's bucket is `key >> shift`.
    @usableFromInline let shift: Int
    /// At most 256.
    @usableFromInline let bucketCount: Int
    /// A key's place within its bucket is `key & lowMask`.
    @usableFromInline let lowMask: UInt32

    /// The bucket plan for keys `0..<keyCount`: the fewest high-bit buckets, at most
    /// 256, so each bucket spans `2^shift` keys.
    @inlinable
    init(keyCount: Int) {
        var shift = 0
        while (keyCount - 1) >> shift >= 256 { shift += 1 }
        self.keyCount = keyCount
        self.shift = shift
        bucketCount = max(1, ((keyCount - 1) >> shift) + 1)
        lowMask = UInt32(truncatingIfNeeded: (1 << shift) - 1)
    }

    /// The keys of bucket `b`.
    @inlinable
    func keys(inBucket b: Int) -> Range<Int> { keys(inBuckets: b ..< b + 1) }

    /// The keys of a run of buckets; empty for an empty run, even past the last key.
    @inlinable
    func keys(inBuckets buckets: Range<Int>) -> Range<Int> {
        min(keyCount, buckets.lowerBound << shift) ..< min(keyCount, buckets.upperBound << shift)
    }

    /// Grouped items: the payloads (and weights) with key `k` are at
    /// `offsets[k] ..< offsets[k + 1]`.
    struct Grouped<Weight: BitwiseCopyable> {
        /// `keyCount + 1` list starts.
        var offsets: [Int]
        var payload: [UInt32]
        /// Parallel to `payload` when weights (values or codes) were given.
        var weights: [Weight]?
    }

    /// Groups `payload` (and `weights`, when given) by `keys`, stably, in parallel.
    ///
    /// - Parameters:
    ///   - keys: one key in `0..<keyCount` per item.
    ///   - payload: one value per item.
    ///   - weights: one weight per item, or `nil`.
    /// - Returns: the CSR; identical at any thread count.
    /// - Complexity: O(n + keyCount + 256 · C) time for n items in C fixed chunks;
    ///   8 bytes of scratch per item (16 with weights).
    static func group(keys: UnsafeBufferPointer<UInt32>, keyCount: Int, payload: UnsafeBufferPointer<UInt32>,
                      weights: UnsafeBufferPointer<Double>?, threads: Int) -> Grouped<Double> {
        let n = keys.count
        let grouping = CSRGrouping(keyCount: keyCount)
        let buckets = grouping.bucketCount
        let bounds = ParallelFor.evenBoundaries(count: n, parts: ParallelFor.chunkCount(forWork: n, minimumPerChunk: 1 << 16))
        let chunks = bounds.count - 1
        func slice<T>(_ buffer: UnsafeBufferPointer<T>, _ c: Int) -> UnsafeBufferPointer<T> {
            UnsafeBufferPointer(rebasing: buffer[bounds[c] ..< bounds[c + 1]])
        }

        var positions = [Int](repeating: 0, count: chunks * buckets)
        positions.withUnsafeMutableBufferPointer { counts in
            ParallelFor.run(chunks: chunks, threads: threads) { c in
                _ = grouping.countBuckets(keys: slice(keys, c), payload: slice(payload, c), dropSelfPairs: false,
                                          into: counts.baseAddress! + c * buckets)
            }
        }
        let bucketStarts = grouping.chunkPositions(&positions, chunks: chunks)

        let weighted = weights != nil
        let scratch = ScratchBuffer(byteCount: n * (weighted ? 16 : 8))
        let items = scratch.buffer(at: 0, count: n, as: UInt64.self)
        let itemWeights = weighted ? scratch.buffer(at: n * 8, count: n, as: Double.self) : nil
        positions.withUnsafeMutableBufferPointer { positions in
            ParallelFor.run(chunks: chunks, threads: threads) { c in
                let cursor = grouping.cursor(positions.baseAddress! + c * buckets, items: items, weights: itemWeights)
                grouping.partition(keys: slice(keys, c), payload: slice(payload, c), weights: weights.map { slice($0, c) },
                                   dropSelfPairs: false, into: cursor)
            }
        }

        let grouped = grouping.sortedCSR(bucketStarts: bucketStarts, items: UnsafeBufferPointer(items),
                                         itemWeights: itemWeights.map { UnsafeBufferPointer($0) }, threads: threads)
        withExtendedLifetime(scratch) {}
        return grouped
    }

    /// The second pass when nothing rides along: every bucket counting-sorted into
    /// new CSR arrays.
    ///
    /// - Parameters:
    ///   - bucketStarts: the `bucketCount + 1` starts `chunkPositions` returned.
    ///   - items: the partitioned items, `bucketStarts[bucketCount]` of them.
    ///   - itemWeights: their weights (values or codes), or `nil`.
    ///   - spent: called, from any worker, with each group's range of items once it
    ///     was read for the last time, so a caller can give their memory back. Once
    ///     per group, not per bucket: giving pages back stops every other thread of
    ///     the process to flush its TLB.
    /// - Complexity: O(n + keyCount) for n items.
    func sortedCSR<Weight: BitwiseCopyable>(bucketStarts: [Int], items: UnsafeBufferPointer<UInt64>, itemWeights: UnsafeBufferPointer<Weight>?,
                   threads: Int, spent: (Range<Int>) -> Void = { _ in }) -> Grouped<Weight> {
        let n = bucketStarts[bucketCount]
        var offsets = uninitializedArray(Int.self, count: keyCount + 1)
        var out = uninitializedArray(UInt32.self, count: n)
        var outWeights: [Weight]? = itemWeights != nil ? uninitializedArray(Weight.self, count: n) : nil
        let groups = bucketGroups(bucketStarts: bucketStarts)
        offsets.withUnsafeMutableBufferPointer { offsets in
        out.withUnsafeMutableBufferPointer { out in
        withOptionalMutableBuffer(&outWeights) { outWeights in
            sortBuckets(groups: groups, bucketStarts: bucketStarts, items: items,
                        itemWeights: itemWeights, offsets: offsets, payload: out, weights: outWeights, threads: threads) { b, g, _, _ in
                if b == groups[g + 1] - 1 { spent(bucketStarts[groups[g]] ..< bucketStarts[b + 1]) }
            }
        }}}
        offsets[keyCount] = n
        return Grouped(offsets: offsets, payload: out, weights: outWeights)
    }
}
