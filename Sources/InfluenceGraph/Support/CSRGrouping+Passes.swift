extension CSRGrouping {
    /// Adds to `counts[b]` the items of one input chunk whose key is in bucket `b`
    /// and returns how many items were dropped as self-pairs.
    ///
    /// Four interleaved counter sets keep runs of one hot bucket (common with skewed
    /// keys) from serializing on a single counter's store-to-load latency.
    ///
    /// - Parameter dropSelfPairs: skip items whose key equals their payload.
    /// - Complexity: O(n + bucketCount).
    @inlinable @inline(__always)
    func countBuckets(keys: UnsafeBufferPointer<UInt32>, payload: UnsafeBufferPointer<UInt32>, dropSelfPairs: Bool,
                      into counts: UnsafeMutablePointer<Int>) -> Int {
        let n = keys.count, shift = self.shift, buckets = bucketCount
        var local = [Int](repeating: 0, count: 4 * buckets)
        local.withUnsafeMutableBufferPointer { local in
            let h0 = local.baseAddress!, h1 = h0 + buckets, h2 = h1 + buckets, h3 = h2 + buckets
            @inline(__always) func kept(_ i: Int) -> Int { dropSelfPairs && keys[i] == payload[i] ? 0 : 1 }
            var i = 0
            while i + 4 <= n {
                h0[Int(truncatingIfNeeded: keys[i] >> shift)] += kept(i)
                h1[Int(truncatingIfNeeded: keys[i + 1] >> shift)] += kept(i + 1)
                h2[Int(truncatingIfNeeded: keys[i + 2] >> shift)] += kept(i + 2)
                h3[Int(truncatingIfNeeded: keys[i + 3] >> shift)] += kept(i + 3)
                i += 4
            }
            while i < n {
                h0[Int(truncatingIfNeeded: keys[i] >> shift)] += kept(i)
                i += 1
            }
        }
        var counted = 0
        for b in 0..<buckets {
            let c = local[b] + local[b + buckets] + local[b + 2 * buckets] + local[b + 3 * buckets]
            counts[b] += c
            counted += c
        }
        return n - counted
    }

    /// Turns per-chunk bucket counts (`counts[c * bucketCount + b]`) into each
    /// chunk's first slot in each bucket (buckets in order, chunks in order within a
    /// bucket, which is what keeps the partition stable) and returns the
    /// `bucketCount + 1` bucket starts.
    ///
    /// - Complexity: O(chunks · bucketCount).
    @inlinable
    func chunkPositions(_ counts: inout [Int], chunks: Int) -> [Int] {
        let buckets = bucketCount
        var starts = [Int](repeating: 0, count: buckets + 1)
        var total = 0
        for b in 0..<buckets {
            starts[b] = total
            for c in 0..<chunks {
                let count = counts[c * buckets + b]
                counts[c * buckets + b] = total
                total += count
            }
        }
        starts[buckets] = total
        return starts
    }

    /// One input chunk's writer into the partitioned items.
    @usableFromInline
    struct Cursor {
        /// The chunk's next free slot per bucket (its row of `chunkPositions`).
        @usableFromInline let next: UnsafeMutablePointer<Int>
        @usableFromInline let items: UnsafeMutableBufferPointer<UInt64>
        /// Parallel to `items`, for weighted groupings.
        @usableFromInline let weights: UnsafeMutableBufferPointer<Double>?
        @usableFromInline let shift: Int
        @usableFromInline let lowMask: UInt32

        @inlinable
        init(next: UnsafeMutablePointer<Int>, items: UnsafeMutableBufferPointer<UInt64>,
             weights: UnsafeMutableBufferPointer<Double>?, shift: Int, lowMask: UInt32) {
            self.next = next
            self.items = items
            self.weights = weights
            self.shift = shift
            self.lowMask = lowMask
        }

        /// Appends an item to its key's bucket, packed as the key's low bits over the
        /// payload; returns its slot, where the caller writes its weight.
        @inlinable @inline(__always)
        func put(key: UInt32, payload: UInt32) -> Int {
            let b = Int(truncatingIfNeeded: key >> shift)
            let at = next[b]
            next[b] = at + 1
            items[at] = UInt64(key & lowMask) << 32 | UInt64(payload)
            return at
        }
    }

    /// The writer for the chunk whose bucket positions start at `next`.
    @inlinable
    func cursor(_ next: UnsafeMutablePointer<Int>, items: UnsafeMutableBufferPointer<UInt64>,
                weights: UnsafeMutableBufferPointer<Double>?) -> Cursor {
        Cursor(next: next, items: items, weights: weights, shift: shift, lowMask: lowMask)
    }

    /// Puts one input chunk's items into their buckets, in input order.
    ///
    /// - Parameters:
    ///   - weights: the chunk's weights, or `nil` for weight 1 (used only when the
    ///     cursor carries weights).
    ///   - dropSelfPairs: skip items whose key equals their payload, as `countBuckets` did.
    /// - Complexity: O(n).
    @inlinable @inline(__always)
    func partition(keys: UnsafeBufferPointer<UInt32>, payload: UnsafeBufferPointer<UInt32>, weights: UnsafeBufferPointer<Double>?,
                   dropSelfPairs: Bool, into cursor: Cursor) {
        if let itemWeights = cursor.weights {
            for i in 0..<keys.count {
                let k = keys[i], v = payload[i]
                if dropSelfPairs && k == v { continue }
                itemWeights[cursor.put(key: k, payload: v)] = weights?[i] ?? 1
            }
        } else {
            for i in 0..<keys.count {
                let k = keys[i], v = payload[i]
                if dropSelfPairs && k == v { continue }
                _ = cursor.put(key: k, payload: v)
            }
        }
    }

    /// Runs of consecutive buckets holding about equal numbers of items: the parallel
    /// unit of `sortBuckets`.
    @inlinable
    func bucketGroups(bucketStarts: [Int]) -> [Int] {
        ParallelFor.edgeBalancedBoundaries(offsets: bucketStarts, parts: min(bucketCount, 64))
    }

    /// Counting-sorts each bucket by the low bits of its keys into the CSR: for every
    /// key `k`, `offsets[k]` is the start of its list in `payload` (and `weights`, of
    /// any type: values or codes). `offsets[keyCount]` is the caller's to write.
    ///
    /// - Parameters:
    ///   - groups: runs of buckets (`bucketGroups`), one parallel task each.
    ///   - afterBucket: called once per bucket as soon as it is sorted, with the
    ///     bucket, its group, the worker running it (`0..<min(threads, groups)`, for
    ///     per-worker tables) and `ends`: `ends[k - first key of the bucket]` is the
    ///     end of key `k`'s list. The bucket's lists are still in cache.
    /// - Complexity: O(n + keyCount) time, `2^shift` words of scratch per worker.
    @inlinable
    func sortBuckets<Weight: BitwiseCopyable>(groups: [Int], bucketStarts: [Int],
                     items: UnsafeBufferPointer<UInt64>, itemWeights: UnsafeBufferPointer<Weight>?,
                     offsets: UnsafeMutableBufferPointer<Int>, payload: UnsafeMutableBufferPointer<UInt32>,
                     weights: UnsafeMutableBufferPointer<Weight>?, threads: Int,
                     afterBucket: (_ bucket: Int, _ group: Int, _ worker: Int, _ ends: UnsafeMutableBufferPointer<Int>) -> Void) {
        let weighted = weights != nil
        ParallelFor.runWithWorker(chunks: groups.count - 1, threads: threads) { g, worker in
            var next = [Int](repeating: 0, count: Int(lowMask) + 1)
            next.withUnsafeMutableBufferPointer { next in
                for b in groups[g] ..< groups[g + 1] {
                    let start = bucketStarts[b], end = bucketStarts[b + 1]
                    let keys = self.keys(inBucket: b)
                    let firstKey = keys.lowerBound
                    for j in 0..<keys.count { next[j] = 0 }
                    for i in start ..< end { next[Int(truncatingIfNeeded: items[i] >> 32)] += 1 }
                    var running = start
                    for j in 0..<keys.count {
                        let count = next[j]
                        next[j] = running
                        offsets[firstKey + j] = running
                        running += count
                    }
                    for i in start ..< end {
                        let item = items[i]
                        let j = Int(truncatingIfNeeded: item >> 32)
                        let at = next[j]
                        next[j] = at + 1
                        payload[at] = UInt32(truncatingIfNeeded: item)
                        if weighted { weights.unsafelyUnwrapped[at] = itemWeights.unsafelyUnwrapped[i] }
                    }
                    afterBucket(b, g, worker, next)
                }
            }
        }
    }
}
