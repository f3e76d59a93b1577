/// Follow rows that stay in the buffers a reader parsed them into, as chunks in
/// input order; the buffers live as long as this object.
final class ChunkedFollowRows {
    let chunks: [GraphBuilder.RowChunk]
    let memory: [ScratchBuffer]

    init(chunks: [GraphBuilder.RowChunk], memory: [ScratchBuffer]) {
        self.chunks = chunks
        self.memory = memory
    }
}

extension GraphBuilder {
    /// A run of follow rows with dense endpoints; a load's rows are a list of
    /// these in input order.
    struct RowChunk {
        var sources: UnsafeBufferPointer<UInt32>
        var targets: UnsafeBufferPointer<UInt32>
        /// The rows' weights, or `nil` for weight 1 on every row.
        var weights: UnsafeBufferPointer<Double>?
    }

    /// Flat row arrays cut into chunks of fixed size (independent of the thread count).
    static func followRowChunks(sources: UnsafeBufferPointer<UInt32>, targets: UnsafeBufferPointer<UInt32>,
                                weights: UnsafeBufferPointer<Double>?) -> [RowChunk] {
        guard !sources.isEmpty else { return [] }
        let bounds = ParallelFor.evenBoundaries(count: sources.count, parts: ParallelFor.chunkCount(forWork: sources.count, minimumPerChunk: 1 << 18))
        return (0..<bounds.count - 1).map { c in
            let range = bounds[c] ..< bounds[c + 1]
            return RowChunk(sources: UnsafeBufferPointer(rebasing: sources[range]), targets: UnsafeBufferPointer(rebasing: targets[range]),
                            weights: weights.map { UnsafeBufferPointer(rebasing: $0[range]) })
        }
    }

    /// Builds both follow directions: rows grouped by follower (self-follows
    /// dropped) with repeated followees merged into their first occurrence, and
    /// the merged follows grouped by followee, which lists followers ascending.
    ///
    /// Each grouping is a stable two-level counting sort. Rows are partitioned by
    /// the high bits of the key into at most 256 buckets (a few sequential write
    /// streams, key low bits and payload packed in one word); each bucket, small
    /// enough for the cache, is then counting-sorted by the low bits. Work that
    /// would otherwise be separate passes over the edges rides along:
    /// - the follower pass marks repeats (a per-worker "last seen by" stamp table)
    ///   while its bucket is still in cache, and counts the followee histogram;
    /// - the followee partition reads the follower lists once, writing the merged
    ///   `followees` CSR on the way, so no owner array is materialized.
    /// All scratch lives in one huge-page mapping, reused between the two sorts.
    /// Results do not depend on the thread count or on how rows are chunked.
    ///
    /// - Complexity: O(E + V · T) time for E rows, V nodes and T threads; 12 bytes
    ///   of scratch per row (28 with weights) and 8 per node.
    static func buildFollows(_ rows: [RowChunk], nodeCount: Int, threads: Int, progress: (@Sendable (String) -> Void)? = nil)
        -> (edges: FollowEdges, selfLoops: Int, duplicates: Int)
    {
        progress?("grouping follows by follower")
        let rowCount = rows.reduce(0) { $0 + $1.sources.count }
        let weighted = rows.contains { $0.weights != nil }
        let empty = CSR(emptyWithNodes: nodeCount)
        guard nodeCount > 0, rowCount > 0 else {
            return (FollowEdges(followees: empty, followers: empty, followeeWeights: weighted ? [] : nil,
                                followerWeights: weighted ? [] : nil), rowCount, 0)
        }
        var shift = 0
        while (nodeCount - 1) >> shift >= 256 { shift += 1 }
        let bucketCount = ((nodeCount - 1) >> shift) + 1
        let lowMask = UInt32(truncatingIfNeeded: (1 << shift) - 1)
        let chunkCount = rows.count

        // 1. Per-chunk bucket histograms of the followers (self-follows skipped).
        var counts = [Int](repeating: 0, count: chunkCount * bucketCount)
        var selfLoopsPerChunk = [Int](repeating: 0, count: chunkCount)
        counts.withUnsafeMutableBufferPointer { counts in
            selfLoopsPerChunk.withUnsafeMutableBufferPointer { loops in
                let shared = UncheckedSendable((counts, loops))
                ParallelFor.run(chunks: chunkCount, threads: threads) { c in
                    let (counts, loops) = shared.value
                    loops[c] = histogram(keys: rows[c].sources, skippingEqual: rows[c].targets, shift: shift,
                                         into: counts.baseAddress! + c * bucketCount, bucketCount: bucketCount)
                }
            }
        }
        let selfLoops = selfLoopsPerChunk.reduce(0, +)
        let kept = rowCount - selfLoops
        let bucketStarts = chunkPositions(&counts, chunks: chunkCount, buckets: bucketCount)

        // Scratch: packed items (reused by both sorts), raw follower lists, raw list starts.
        var layout = 0
        func reserve<T>(_ count: Int, _ type: T.Type) -> Int {
            layout = (layout + 63) & ~63
            defer { layout += count * MemoryLayout<T>.stride }
            return layout
        }
        let itemsAt = reserve(kept, UInt64.self)
        let rawAt = reserve(kept, UInt32.self)
        let rawStartsAt = reserve(nodeCount + 1, Int.self)
        let itemWeightsAt = reserve(weighted ? kept : 0, Double.self)
        let rawWeightsAt = reserve(weighted ? kept : 0, Double.self)
        let scratch = ScratchBuffer(byteCount: layout)
        let items = scratch.buffer(at: itemsAt, count: kept, as: UInt64.self)
        let raw = scratch.buffer(at: rawAt, count: kept, as: UInt32.self)
        let rawStarts = scratch.buffer(at: rawStartsAt, count: nodeCount + 1, as: Int.self)
        let itemWeights = scratch.buffer(at: itemWeightsAt, count: weighted ? kept : 0, as: Double.self)
        let rawWeights = scratch.buffer(at: rawWeightsAt, count: weighted ? kept : 0, as: Double.self)
        rawStarts[nodeCount] = kept

        // 2. Stable partition of the rows into follower buckets.
        counts.withUnsafeMutableBufferPointer { positions in
            let shared = UncheckedSendable(positions)
            ParallelFor.run(chunks: chunkCount, threads: threads) { c in
                let next = shared.value.baseAddress! + c * bucketCount
                let keys = rows[c].sources, payload = rows[c].targets
                if weighted {
                    let w = rows[c].weights
                    for i in 0..<keys.count {
                        let k = keys[i], v = payload[i]
                        if k == v { continue }
                        let b = Int(truncatingIfNeeded: k >> shift)
                        let at = next[b]
                        next[b] = at + 1
                        items[at] = UInt64(k & lowMask) << 32 | UInt64(v)
                        itemWeights[at] = w?[i] ?? 1
                    }
                } else {
                    for i in 0..<keys.count {
                        let k = keys[i], v = payload[i]
                        if k == v { continue }
                        let b = Int(truncatingIfNeeded: k >> shift)
                        let at = next[b]
                        next[b] = at + 1
                        items[at] = UInt64(k & lowMask) << 32 | UInt64(v)
                    }
                }
            }
        }

        // 3. Per bucket: counting sort by the low bits into the raw follower lists,
        // then mark repeats in each list and count the survivors by followee bucket.
        // `followeeOffsets[v]` holds v's surviving count until step 4.
        var followeeOffsets = uninitializedArray(Int.self, count: nodeCount + 1)
        let groups = ParallelFor.edgeBalancedBoundaries(offsets: bucketStarts, parts: min(bucketCount, 64))
        let groupCount = groups.count - 1
        var counts2 = [Int](repeating: 0, count: groupCount * bucketCount)
        var keptPerGroup = [Int](repeating: 0, count: groupCount + 1)
        let workers = ParallelFor.workerCount(chunks: groupCount, threads: threads)
        var seenBy = [UInt32](repeating: 0, count: workers * nodeCount)
        var seenAt = [Int](repeating: 0, count: weighted ? workers * nodeCount : 0)
        followeeOffsets.withUnsafeMutableBufferPointer { uniqueCounts in
            counts2.withUnsafeMutableBufferPointer { counts2 in
                keptPerGroup.withUnsafeMutableBufferPointer { keptPerGroup in
                    seenBy.withUnsafeMutableBufferPointer { seenBy in
                        seenAt.withUnsafeMutableBufferPointer { seenAt in
                            let shared = UncheckedSendable((uniqueCounts, counts2, keptPerGroup, seenBy, seenAt))
                            ParallelFor.runWithWorker(chunks: groupCount, threads: threads) { g, worker in
                                let (uniqueCounts, counts2, keptPerGroup, seenByAll, seenAtAll) = shared.value
                                // seenBy[x] = 1 + the follower whose list last had x; seenAt[x] = where.
                                let seenBy = seenByAll.baseAddress! + worker * nodeCount
                                let seenAt = weighted ? seenAtAll.baseAddress! + worker * nodeCount : seenAtAll.baseAddress
                                let histogram = counts2.baseAddress! + g * bucketCount
                                var next = [Int](repeating: 0, count: Int(lowMask) + 1)
                                var keptHere = 0
                                next.withUnsafeMutableBufferPointer { next in
                                    for b in groups[g] ..< groups[g + 1] {
                                        let start = bucketStarts[b], end = bucketStarts[b + 1]
                                        let firstKey = b << shift
                                        let keysHere = min(Int(lowMask) + 1, nodeCount - firstKey)
                                        for j in 0..<keysHere { next[j] = 0 }
                                        for i in start ..< end { next[Int(truncatingIfNeeded: items[i] >> 32)] += 1 }
                                        var running = start
                                        for j in 0..<keysHere {
                                            let count = next[j]
                                            next[j] = running
                                            rawStarts[firstKey + j] = running
                                            running += count
                                        }
                                        for i in start ..< end {
                                            let item = items[i]
                                            let j = Int(truncatingIfNeeded: item >> 32)
                                            let at = next[j]
                                            next[j] = at + 1
                                            raw[at] = UInt32(truncatingIfNeeded: item)
                                            if weighted { rawWeights[at] = itemWeights[i] }
                                        }
                                        // next[j] is now the end of list j.
                                        for j in 0..<keysHere {
                                            let stamp = UInt32(truncatingIfNeeded: firstKey + j + 1)
                                            var unique = 0
                                            for e in rawStarts[firstKey + j] ..< next[j] {
                                                let x = Int(truncatingIfNeeded: raw[e])
                                                if seenBy[x] == stamp {
                                                    raw[e] = .max
                                                    if weighted { rawWeights[seenAt.unsafelyUnwrapped[x]] += rawWeights[e] }
                                                } else {
                                                    seenBy[x] = stamp
                                                    if weighted { seenAt.unsafelyUnwrapped[x] = e }
                                                    histogram[x >> shift] += 1
                                                    unique += 1
                                                }
                                            }
                                            uniqueCounts[firstKey + j] = unique
                                            keptHere += unique
                                        }
                                    }
                                }
                                keptPerGroup[g + 1] = keptHere
                            }
                        }
                    }
                }
            }
        }
        seenBy = []
        seenAt = []
        for g in 0..<groupCount { keptPerGroup[g + 1] += keptPerGroup[g] }
        let edgeCount = keptPerGroup[groupCount]
        let bucketStarts2 = chunkPositions(&counts2, chunks: groupCount, buckets: bucketCount)

        // 4. Per group of followers: write the merged followee lists and partition
        // the follows into followee buckets (followers ascending within each).
        progress?("grouping follows by followee")
        var followees = uninitializedArray(UInt32.self, count: edgeCount)
        var followeeWeights: [Double]? = weighted ? uninitializedArray(Double.self, count: edgeCount) : nil
        let itemWeights2 = itemWeights
        followeeOffsets.withUnsafeMutableBufferPointer { offsets in
            followees.withUnsafeMutableBufferPointer { out in
                withOptionalMutableBuffer(&followeeWeights) { outWeights in
                    counts2.withUnsafeMutableBufferPointer { positions in
                        let shared = UncheckedSendable((offsets, out, outWeights, positions))
                        ParallelFor.run(chunks: groupCount, threads: threads) { g in
                            let (offsets, out, outWeights, positions) = shared.value
                            let next = positions.baseAddress! + g * bucketCount
                            var at = keptPerGroup[g]
                            let firstNode = groups[g] << shift, endNode = min(nodeCount, groups[g + 1] << shift)
                            for v in firstNode ..< endNode {
                                let unique = offsets[v]
                                offsets[v] = at
                                let follower = UInt64(v)
                                for e in rawStarts[v] ..< rawStarts[v + 1] {
                                    let x = raw[e]
                                    if x == .max { continue }
                                    out[at] = x
                                    let b = Int(truncatingIfNeeded: x >> shift)
                                    let slot = next[b]
                                    next[b] = slot + 1
                                    items[slot] = UInt64(x & lowMask) << 32 | follower
                                    if weighted {
                                        outWeights.unsafelyUnwrapped[at] = rawWeights[e]
                                        itemWeights2[slot] = rawWeights[e]
                                    }
                                    at += 1
                                }
                                assert(at - offsets[v] == unique)
                            }
                        }
                    }
                }
            }
        }
        followeeOffsets[nodeCount] = edgeCount

        // 5. Per followee bucket: counting sort by the low bits into the followers CSR.
        var followerOffsets = uninitializedArray(Int.self, count: nodeCount + 1)
        var followers = uninitializedArray(UInt32.self, count: edgeCount)
        var followerWeights: [Double]? = weighted ? uninitializedArray(Double.self, count: edgeCount) : nil
        let groups2 = ParallelFor.edgeBalancedBoundaries(offsets: bucketStarts2, parts: min(bucketCount, 64))
        followerOffsets.withUnsafeMutableBufferPointer { offsets in
            followers.withUnsafeMutableBufferPointer { out in
                withOptionalMutableBuffer(&followerWeights) { outWeights in
                    let shared = UncheckedSendable((offsets, out, outWeights))
                    ParallelFor.run(chunks: groups2.count - 1, threads: threads) { g in
                        let (offsets, out, outWeights) = shared.value
                        var next = [Int](repeating: 0, count: Int(lowMask) + 1)
                        next.withUnsafeMutableBufferPointer { next in
                            for b in groups2[g] ..< groups2[g + 1] {
                                let start = bucketStarts2[b], end = bucketStarts2[b + 1]
                                let firstKey = b << shift
                                let keysHere = min(Int(lowMask) + 1, nodeCount - firstKey)
                                for j in 0..<keysHere { next[j] = 0 }
                                for i in start ..< end { next[Int(truncatingIfNeeded: items[i] >> 32)] += 1 }
                                var running = start
                                for j in 0..<keysHere {
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
                                    out[at] = UInt32(truncatingIfNeeded: item)
                                    if weighted { outWeights.unsafelyUnwrapped[at] = itemWeights2[i] }
                                }
                            }
                        }
                    }
                }
            }
        }
        followerOffsets[nodeCount] = edgeCount
        withExtendedLifetime(scratch) {}
        let edges = FollowEdges(
            followees: CSR(offsets: followeeOffsets, targets: followees),
            followers: CSR(offsets: followerOffsets, targets: followers),
            followeeWeights: followeeWeights, followerWeights: followerWeights)
        return (edges, selfLoops, kept - edgeCount)
    }

    /// Counts `keys[i] >> shift` into `counts` for the rows whose key differs from
    /// `skippingEqual[i]`; returns how many rows were skipped.
    ///
    /// Four interleaved counter sets keep runs of one hot bucket (common with
    /// skewed keys) from serializing on a single counter's store-to-load latency.
    static func histogram(keys: UnsafeBufferPointer<UInt32>, skippingEqual other: UnsafeBufferPointer<UInt32>, shift: Int,
                          into counts: UnsafeMutablePointer<Int>, bucketCount: Int) -> Int {
        var local = [Int](repeating: 0, count: 4 * bucketCount)
        let n = keys.count
        local.withUnsafeMutableBufferPointer { local in
            let h0 = local.baseAddress!, h1 = h0 + bucketCount, h2 = h1 + bucketCount, h3 = h2 + bucketCount
            var i = 0
            while i + 4 <= n {
                let k0 = keys[i], k1 = keys[i + 1], k2 = keys[i + 2], k3 = keys[i + 3]
                h0[Int(truncatingIfNeeded: k0 >> shift)] += k0 == other[i] ? 0 : 1
                h1[Int(truncatingIfNeeded: k1 >> shift)] += k1 == other[i + 1] ? 0 : 1
                h2[Int(truncatingIfNeeded: k2 >> shift)] += k2 == other[i + 2] ? 0 : 1
                h3[Int(truncatingIfNeeded: k3 >> shift)] += k3 == other[i + 3] ? 0 : 1
                i += 4
            }
            while i < n {
                h0[Int(truncatingIfNeeded: keys[i] >> shift)] += keys[i] == other[i] ? 0 : 1
                i += 1
            }
        }
        var counted = 0
        for b in 0..<bucketCount {
            let c = local[b] + local[b + bucketCount] + local[b + 2 * bucketCount] + local[b + 3 * bucketCount]
            counts[b] += c
            counted += c
        }
        return n - counted
    }

    /// Turns per-chunk bucket counts (`counts[c * buckets + b]`) into each chunk's
    /// first write position per bucket (buckets in order, chunks in order within a
    /// bucket) and returns the `buckets + 1` bucket starts.
    static func chunkPositions(_ counts: inout [Int], chunks: Int, buckets: Int) -> [Int] {
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
}
