/// A parallel stable counting sort: groups items by a `UInt32` key, keeping input
/// order within each group, which is how every CSR in the library is built.
///
/// Chunk `t` of `T` counts its items per key, a prefix sum over (key, chunk) gives
/// each chunk its own write position per key, and each chunk scatters its items
/// independently. The output is the unique stable order, so it does not depend on
/// the thread count.
@usableFromInline
enum StableGrouping {
    /// The grouped items: `offsets` has `keyCount + 1` entries.
    struct Grouped {
        var offsets: [Int]
        var payload: [UInt32]
        var weights: [Double]?
        /// Items skipped because their key equalled their payload.
        var dropped: Int
    }

    /// Groups `payload` (and `weights`, when given) by `keys`.
    ///
    /// Two cache-friendly passes instead of one random scatter: items are first
    /// partitioned by the high bits of their key into at most 256 buckets
    /// (a few sequential write streams), then each bucket, now small enough for
    /// the cache, is counting-sorted by the low bits. Both passes are stable.
    ///
    /// - Parameter dropSelfPairs: skip items whose key equals their payload (self-loops).
    /// - Complexity: O(n + keyCount + buckets · T) time, O(n) extra memory.
    static func group(
        keys: UnsafeBufferPointer<UInt32>, keyCount: Int,
        payload: UnsafeBufferPointer<UInt32>, weights: UnsafeBufferPointer<Double>?,
        dropSelfPairs: Bool, threads: Int
    ) -> Grouped {
        let n = keys.count
        var shift = 0
        while (keyCount - 1) >> shift >= 256 { shift += 1 }
        let bucketCount = max(1, ((keyCount - 1) >> shift) + 1)
        let lowMask = (1 << shift) - 1
        let chunks = max(1, min(threads * 2, n / 65_536))
        let bounds = ParallelFor.evenBoundaries(count: n, parts: chunks)
        let chunkCount = bounds.count - 1
        let hasWeights = weights != nil

        // Pass 1a: per-chunk bucket histograms.
        var positions = [Int](repeating: 0, count: chunkCount * bucketCount)
        var droppedPerChunk = [Int](repeating: 0, count: chunkCount)
        positions.withUnsafeMutableBufferPointer { counts in
            droppedPerChunk.withUnsafeMutableBufferPointer { dropped in
                let shared = UncheckedSendable((counts, dropped))
                ParallelFor.run(chunks: chunkCount, threads: threads) { t in
                    let counts = shared.value.0.baseAddress! + t * bucketCount
                    var skipped = 0
                    for i in bounds[t] ..< bounds[t + 1] {
                        let k = keys[i]
                        if dropSelfPairs && k == payload[i] { skipped += 1; continue }
                        counts[Int(k) >> shift] += 1
                    }
                    shared.value.1[t] = skipped
                }
            }
        }
        var bucketStarts = [Int](repeating: 0, count: bucketCount + 1)
        var total = 0
        for b in 0..<bucketCount {
            bucketStarts[b] = total
            for t in 0..<chunkCount {
                let c = positions[t * bucketCount + b]
                positions[t * bucketCount + b] = total
                total += c
            }
        }
        bucketStarts[bucketCount] = total

        // Pass 1b: stable partition into buckets.
        // Key and payload travel packed in one word: one write stream per bucket.
        var tmpItems = [UInt64](unsafeUninitializedCapacity: total) { _, c in c = total }
        var tmpWeights = [Double](unsafeUninitializedCapacity: hasWeights ? total : 0) { _, c in c = hasWeights ? total : 0 }
        tmpItems.withUnsafeMutableBufferPointer { ti in
                tmpWeights.withUnsafeMutableBufferPointer { tw in
                    positions.withUnsafeMutableBufferPointer { p in
                        let shared = UncheckedSendable((ti, tw, p))
                        ParallelFor.run(chunks: chunkCount, threads: threads) { t in
                            let (ti, tw, p) = shared.value
                            let next = p.baseAddress! + t * bucketCount
                            for i in bounds[t] ..< bounds[t + 1] {
                                let k = keys[i]
                                let v = payload[i]
                                if dropSelfPairs && k == v { continue }
                                let b = Int(k) >> shift
                                let at = next[b]
                                next[b] = at + 1
                                ti[at] = UInt64(k) << 32 | UInt64(v)
                                if hasWeights { tw[at] = weights.unsafelyUnwrapped[i] }
                            }
                        }
                    }
                }
        }

        // Pass 2: counting sort of each bucket by the low bits, straight into the output.
        var offsets = [Int](repeating: 0, count: keyCount + 1)
        var outPayload = [UInt32](unsafeUninitializedCapacity: total) { _, c in c = total }
        var outWeights = [Double](unsafeUninitializedCapacity: hasWeights ? total : 0) { _, c in c = hasWeights ? total : 0 }
        tmpItems.withUnsafeBufferPointer { ti in
                tmpWeights.withUnsafeBufferPointer { tw in
                    offsets.withUnsafeMutableBufferPointer { o in
                        outPayload.withUnsafeMutableBufferPointer { op in
                            outWeights.withUnsafeMutableBufferPointer { ow in
                                let shared = UncheckedSendable((o, op, ow))
                                let bucketChunks = ParallelFor.evenBoundaries(count: bucketCount, parts: min(bucketCount, 64))
                                ParallelFor.run(chunks: bucketChunks.count - 1, threads: threads) { c in
                                    let (o, op, ow) = shared.value
                                    var next = [Int](repeating: 0, count: lowMask + 1)
                                    next.withUnsafeMutableBufferPointer { next in
                                        for b in bucketChunks[c] ..< bucketChunks[c + 1] {
                                            let start = bucketStarts[b], end = bucketStarts[b + 1]
                                            let firstKey = b << shift
                                            let keysHere = min(lowMask + 1, keyCount - firstKey)
                                            for j in 0..<keysHere { next[j] = 0 }
                                            for i in start ..< end { next[Int(ti[i] >> 32) & lowMask] += 1 }
                                            var running = start
                                            for j in 0..<keysHere {
                                                let c = next[j]
                                                next[j] = running
                                                o[firstKey + j] = running
                                                running += c
                                            }
                                            for i in start ..< end {
                                                let item = ti[i]
                                                let j = Int(item >> 32) & lowMask
                                                let at = next[j]
                                                next[j] = at + 1
                                                op[at] = UInt32(truncatingIfNeeded: item)
                                                if hasWeights { ow[at] = tw[i] }
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
        }
        offsets[keyCount] = total
        return Grouped(offsets: offsets, payload: outPayload, weights: hasWeights ? outWeights : nil,
                       dropped: droppedPerChunk.reduce(0, +))
    }
}
