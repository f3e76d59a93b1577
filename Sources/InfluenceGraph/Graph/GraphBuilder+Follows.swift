/// Follow rows that stay in the buffers a reader parsed them into, as chunks in
/// input order; the buffers live as long as this object.
final class ChunkedFollowRows {
    let chunks: [GraphBuilder.RowChunk]
    private(set) var memory: [ScratchBuffer]

    init(chunks: [GraphBuilder.RowChunk], memory: [ScratchBuffer]) {
        self.chunks = chunks
        self.memory = memory
    }

    /// Gives the buffers back once the rows were read for the last time; `chunks`
    /// must not be read after.
    func release() { memory = [] }
}

extension GraphBuilder {
    /// A run of follow rows with dense endpoints; a load's rows are a list of
    /// these in input order.
    struct RowChunk {
        var sources: UnsafeBufferPointer<UInt32>
        var targets: UnsafeBufferPointer<UInt32>
        /// The rows' weights, or `nil` for weight 1 on every row (unless `weightCodes`).
        var weights: UnsafeBufferPointer<Double>?
        /// Whether the columns are a reader's own scratch memory, which the build may
        /// give back as soon as it has read them (not an array someone else holds).
        var ownsMemory = false
        /// The rows' weights as codes into a table of the chunk's own, instead of
        /// `weights` (`WeightCoder`).
        var weightCodes: (codes: UnsafeBufferPointer<UInt16>, table: [Double])?

        init(sources: UnsafeBufferPointer<UInt32>, targets: UnsafeBufferPointer<UInt32>, weights: UnsafeBufferPointer<Double>?,
             ownsMemory: Bool = false) {
            self.sources = sources
            self.targets = targets
            self.weights = weights
            self.ownsMemory = ownsMemory
        }

        /// Whether the rows carry weights, as Doubles or as codes.
        var isWeighted: Bool { weights != nil || weightCodes != nil }

        /// Gives the columns' pages back; the rows must not be read after.
        func discardPages() {
            ScratchBuffer.discardPages(of: UnsafeRawBufferPointer(sources))
            ScratchBuffer.discardPages(of: UnsafeRawBufferPointer(targets))
            if let weights { ScratchBuffer.discardPages(of: UnsafeRawBufferPointer(weights)) }
            if let weightCodes { ScratchBuffer.discardPages(of: UnsafeRawBufferPointer(weightCodes.codes)) }
        }

        /// The distinct weights of chunks of rows, ascending by bit pattern, or `nil`
        /// past `EdgeWeights.maximumTableCount` of them: those of the Doubles (one
        /// parallel pass) and of the coded chunks' tables.
        static func weightTable(of rows: [RowChunk], threads: Int) -> [Double]? {
            let doubles = rows.compactMap(\.weights)
            var distinct = Set<UInt64>()
            if !doubles.isEmpty {
                guard let table = EdgeWeights.table(of: doubles, threads: threads) else { return nil }
                distinct.formUnion(table.lazy.map(\.bitPattern))
            }
            for case let (_, table)? in rows.lazy.map(\.weightCodes) {
                distinct.formUnion(table.lazy.map(\.bitPattern))
                if distinct.count > EdgeWeights.maximumTableCount { return nil }
            }
            return distinct.sorted().map(Double.init(bitPattern:))
        }
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

    /// The final weights' table when the rows were coded against `rowTable`: the
    /// distinct values of the follows kept (`raw[e]` not `UInt32.max`), each the
    /// row table's value of its code or, for a follow whose row repeated, its sum in
    /// `merged` (per group, by position; group `g` spans positions
    /// `groups[g] ..< groups[g + 1]`); `nil` past `EdgeWeights.maximumTableCount`.
    ///
    /// - Complexity: O(E) for E positions, in parallel by group.
    static func finalWeightTable(rowTable: [Double], codes: UnsafeBufferPointer<UInt16>, raw: UnsafeBufferPointer<UInt32>,
                                 groups: [Int], merged: [[(key: Int, value: Double)]], threads: Int) -> [Double]? {
        let groupCount = groups.count - 1
        var used = [[Bool]](repeating: [], count: ParallelFor.workerCount(chunks: groupCount, threads: threads))
        for w in used.indices { used[w] = [Bool](repeating: false, count: rowTable.count) }
        ParallelFor.run(chunks: groupCount, threads: threads, scratch: &used) { (g: Int, used: inout [Bool]) in
            let sums = merged[g]
            var nextSum = 0
            for e in groups[g] ..< groups[g + 1] where raw[e] != .max {
                if nextSum < sums.count && sums[nextSum].key == e { nextSum += 1; continue }
                used[Int(codes[e])] = true
            }
        }
        var distinct = Set<UInt64>()
        for (code, value) in rowTable.enumerated() where used.contains(where: { $0[code] }) { distinct.insert(value.bitPattern) }
        for list in merged { for (_, sum) in list { distinct.insert(sum.bitPattern) } }
        guard distinct.count <= EdgeWeights.maximumTableCount else { return nil }
        return distinct.sorted().map(Double.init(bitPattern:))
    }

    /// Builds both follow directions: rows grouped by follower (self-follows
    /// dropped) with repeated followees merged into their first occurrence, and
    /// the merged follows grouped by followee, which lists followers ascending.
    ///
    /// Both groupings are `CSRGrouping`'s two passes, with work that would
    /// otherwise be separate passes over the edges riding along:
    /// - once a follower bucket is sorted, and while it is in cache, its lists are
    ///   scanned for repeats (a per-worker "last seen by" stamp table) and the
    ///   survivors are counted by followee bucket;
    /// - the followee partition reads the follower lists once, writing the merged
    ///   `followees` CSR on the way, so no owner array is materialized.
    /// All scratch lives in one huge-page mapping, reused between the two sorts.
    /// Results do not depend on the thread count or on how rows are chunked.
    ///
    /// - Complexity: O(E + V · T) time for E rows, V nodes and T threads; 12 bytes
    ///   of scratch per row (28 with weights) and 8 per node.
    /// `rowsRead` is called once the rows were read for the last time, so their
    /// memory can go before the output arrays are made.
    static func buildFollows(_ rows: [RowChunk], nodeCount: Int, threads: Int, progress: (@Sendable (String) -> Void)? = nil,
                             rowsRead: () -> Void = {})
        -> (edges: FollowEdges, selfLoops: Int, duplicates: Int)
    {
        progress?("grouping follows by follower")
        let rowCount = rows.reduce(0) { $0 + $1.sources.count }
        let weighted = rows.contains { $0.isWeighted }
        let empty = CSR(emptyWithNodes: nodeCount)
        guard nodeCount > 0, rowCount > 0 else {
            return (FollowEdges(followees: empty, followers: empty, followeeWeights: weighted ? [] : nil,
                                followerWeights: weighted ? [] : nil), rowCount, 0)
        }
        let grouping = CSRGrouping(keyCount: nodeCount)
        let bucketCount = grouping.bucketCount
        let chunkCount = rows.count

        // 1. Per-chunk bucket histograms of the followers (self-follows skipped).
        var counts = [Int](repeating: 0, count: chunkCount * bucketCount)
        var selfLoopsPerChunk = [Int](repeating: 0, count: chunkCount)
        counts.withUnsafeMutableBufferPointer { counts in
            selfLoopsPerChunk.withUnsafeMutableBufferPointer { loops in
                ParallelFor.run(chunks: chunkCount, threads: threads) { c in
                    loops[c] = grouping.countBuckets(keys: rows[c].sources, payload: rows[c].targets, dropSelfPairs: true,
                                                     into: counts.baseAddress! + c * bucketCount)
                }
            }
        }
        let selfLoops = selfLoopsPerChunk.reduce(0, +)
        let kept = rowCount - selfLoops
        let bucketStarts = grouping.chunkPositions(&counts, chunks: chunkCount)

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
        let itemWeights = weighted ? scratch.buffer(at: itemWeightsAt, count: kept, as: Double.self) : nil
        let rawWeights = weighted ? scratch.buffer(at: rawWeightsAt, count: kept, as: Double.self) : nil
        rawStarts[nodeCount] = kept

        // Rows whose weights hold few distinct values (the usual case: exports carry
        // a few decimals) are coded from the start: items and raw lists then carry
        // 16-bit codes into `rowTable` instead of Doubles, a quarter of the bytes.
        // A row without weights weighs 1.
        var rowTable = weighted ? RowChunk.weightTable(of: rows, threads: threads) : nil
        if let table = rowTable, rows.contains(where: { !$0.isWeighted }), !table.contains(where: { $0.bitPattern == (1.0).bitPattern }) {
            rowTable = table.count < EdgeWeights.maximumTableCount ? (table + [1]).sorted { $0.bitPattern < $1.bitPattern } : nil
        }
        let rowIndex = rowTable.map { EdgeWeights.codeIndex(of: $0) }
        let itemRowCodes = rowTable != nil ? scratch.buffer(at: itemWeightsAt, count: kept, as: UInt16.self) : nil
        let rawRowCodes = rowTable != nil ? scratch.buffer(at: rawWeightsAt, count: kept, as: UInt16.self) : nil

        // 2. Stable partition of the rows into follower buckets.
        counts.withUnsafeMutableBufferPointer { positions in
            ParallelFor.run(chunks: chunkCount, threads: threads) { c in
                if let itemRowCodes, let rowIndex, let (codes, table) = rows[c].weightCodes {
                    // The chunk's codes, translated to the table's.
                    let translated = table.map { rowIndex.code(of: $0.bitPattern) ?? 0 }
                    let cursor = grouping.cursor(positions.baseAddress! + c * bucketCount, items: items, weights: nil)
                    let keys = rows[c].sources, payload = rows[c].targets
                    translated.withUnsafeBufferPointer { translated in
                        for i in 0 ..< keys.count {
                            let k = keys[i], v = payload[i]
                            if k == v { continue }
                            itemRowCodes[cursor.put(key: k, payload: v)] = translated[Int(codes[i])]
                        }
                    }
                } else if let itemRowCodes, let rowIndex {
                    let cursor = grouping.cursor(positions.baseAddress! + c * bucketCount, items: items, weights: nil)
                    let keys = rows[c].sources, payload = rows[c].targets, weights = rows[c].weights
                    var lastBits: UInt64?, lastCode = rowIndex.code(of: (1.0).bitPattern) ?? 0
                    for i in 0 ..< keys.count {
                        let k = keys[i], v = payload[i]
                        if k == v { continue }
                        let slot = cursor.put(key: k, payload: v)
                        if let weights, weights[i].bitPattern != lastBits {
                            let bits = weights[i].bitPattern
                            // Present by construction: the table holds every row's weight.
                            lastCode = rowIndex.code(of: bits) ?? 0
                            lastBits = bits
                        }
                        itemRowCodes[slot] = lastCode
                    }
                } else if let (codes, table) = rows[c].weightCodes {
                    // Too many distinct weights in all to code: the chunk's go back to Doubles.
                    let weights = codes.map { table[Int($0)] }
                    weights.withUnsafeBufferPointer { weights in
                        grouping.partition(keys: rows[c].sources, payload: rows[c].targets, weights: weights, dropSelfPairs: true,
                                           into: grouping.cursor(positions.baseAddress! + c * bucketCount, items: items, weights: itemWeights))
                    }
                } else {
                    grouping.partition(keys: rows[c].sources, payload: rows[c].targets, weights: rows[c].weights, dropSelfPairs: true,
                                       into: grouping.cursor(positions.baseAddress! + c * bucketCount, items: items, weights: itemWeights))
                }
                // The rows are read for the last time: their pages pay for the items.
                if rows[c].ownsMemory { rows[c].discardPages() }
            }
        }
        rowsRead()

        // 3. Per bucket: counting sort by the low bits into the raw follower lists,
        // then mark repeats in each list and count the survivors by followee bucket.
        // `followeeOffsets[v]` holds v's surviving count until step 4.
        var followeeOffsets = uninitializedArray(Int.self, count: nodeCount + 1)
        let groups = grouping.bucketGroups(bucketStarts: bucketStarts)
        let groupCount = groups.count - 1
        var counts2 = [Int](repeating: 0, count: groupCount * bucketCount)
        var keptPerGroup = [Int](repeating: 0, count: groupCount + 1)
        let workers = ParallelFor.workerCount(chunks: groupCount, threads: threads)
        // Read and written at random, one miss per row: huge pages spare most of the
        // TLB misses, and every worker clears its share.
        var seenBy = filledArray(UInt32(0), count: workers * nodeCount, threads: threads)
        var seenAt = filledArray(Int(0), count: weighted ? workers * nodeCount : 0, threads: threads)
        // Coded rows: per group, the sum of each follow whose row repeats, by position.
        var mergedSums = [[Int: Double]](repeating: [:], count: rowTable != nil ? groupCount : 0)
        func findRepeats<Weight: BitwiseCopyable>(_ itemWeights: UnsafeMutableBufferPointer<Weight>?, _ rawWeights: UnsafeMutableBufferPointer<Weight>?,
                                                  merge: (_ group: Int, _ first: Int, _ repeated: Int) -> Void) {
            followeeOffsets.withUnsafeMutableBufferPointer { uniqueCounts in
            counts2.withUnsafeMutableBufferPointer { counts2 in
            keptPerGroup.withUnsafeMutableBufferPointer { keptPerGroup in
            seenBy.withUnsafeMutableBufferPointer { seenBy in
            seenAt.withUnsafeMutableBufferPointer { seenAt in
                grouping.sortBuckets(groups: groups, bucketStarts: bucketStarts, items: UnsafeBufferPointer(items),
                                     itemWeights: itemWeights.map { UnsafeBufferPointer($0) },
                                     offsets: rawStarts, payload: raw, weights: rawWeights, threads: threads) { b, g, worker, ends in
                    // seenBy[x] = 1 + the follower whose list last had x; seenAt[x] = where.
                    let seenBy = UnsafeMutableBufferPointer(rebasing: seenBy[worker * nodeCount ..< (worker + 1) * nodeCount])
                    let seenAt = weighted ? UnsafeMutableBufferPointer(rebasing: seenAt[worker * nodeCount ..< (worker + 1) * nodeCount])
                                          : seenAt
                    let histogram = counts2.baseAddress! + g * bucketCount
                    let shift = grouping.shift
                    var keptHere = 0
                    let keys = grouping.keys(inBucket: b)
                    // The bucket's lists lie back to back, so the followee a few rows
                    // ahead, whose stamp is a miss to come, is known: ask for it now.
                    let bucketEnd = keys.isEmpty ? 0 : ends[keys.count - 1]
                    for j in 0..<keys.count {
                        let follower = keys.lowerBound + j
                        let stamp = UInt32(truncatingIfNeeded: follower + 1)
                        var unique = 0
                        for e in rawStarts[follower] ..< ends[j] {
                            if e + 16 < bucketEnd {
                                let ahead = Int(truncatingIfNeeded: raw[e + 16])
                                seenBy.prefetch(ahead)
                                if weighted { seenAt.prefetch(ahead) }
                            }
                            let x = Int(truncatingIfNeeded: raw[e])
                            if seenBy[x] == stamp {
                                raw[e] = .max
                                if weighted { merge(g, seenAt[x], e) }
                            } else {
                                seenBy[x] = stamp
                                if weighted { seenAt[x] = e }
                                histogram[x >> shift] += 1
                                unique += 1
                            }
                        }
                        uniqueCounts[follower] = unique
                        keptHere += unique
                    }
                    keptPerGroup[g + 1] += keptHere
                }
            }}}}}
        }
        if let rowTable, let itemRowCodes, let rawRowCodes {
            mergedSums.withUnsafeMutableBufferPointer { sums in
                // Repeats add up in list order, as the plain path adds them.
                findRepeats(itemRowCodes, rawRowCodes) { g, first, repeated in
                    sums[g][first, default: rowTable[Int(rawRowCodes[first])]] += rowTable[Int(rawRowCodes[repeated])]
                }
            }
        } else {
            findRepeats(itemWeights, rawWeights) { _, first, repeated in
                rawWeights.unsafelyUnwrapped[first] += rawWeights.unsafelyUnwrapped[repeated]
            }
        }
        seenBy = []
        seenAt = []
        for g in 0..<groupCount { keptPerGroup[g + 1] += keptPerGroup[g] }
        let edgeCount = keptPerGroup[groupCount]
        let bucketStarts2 = grouping.chunkPositions(&counts2, chunks: groupCount)

        // The final weights' table, when they are few enough to code (the usual case:
        // exports carry a few decimals): both directions are then written as 16-bit
        // codes, and neither makes a Double per edge only to code it afterwards.
        // Coded rows: the merged follows' sums, by position, in each group's order.
        let merged = mergedSums.map { $0.sorted { $0.key < $1.key } }
        mergedSums = []
        var table: [Double]?
        var rowToFinal: [UInt16] = []
        if let rowTable, let rawRowCodes {
            table = Self.finalWeightTable(rowTable: rowTable, codes: UnsafeBufferPointer(rawRowCodes), raw: UnsafeBufferPointer(raw),
                                          groups: groups.map { rawStarts[grouping.keys(inBuckets: 0 ..< $0).upperBound] },
                                          merged: merged, threads: threads)
            if let table {
                let finalIndex = EdgeWeights.codeIndex(of: table)
                rowToFinal = rowTable.map { finalIndex.code(of: $0.bitPattern) ?? 0 }
            } else {
                // More distinct weights than codes once repeats are summed (rare): back
                // to plain values, decoded over the codes' room from a copy of them.
                let codes = Array(rawRowCodes)
                let values = scratch.buffer(at: rawWeightsAt, count: kept, as: Double.self)
                for e in 0 ..< kept { values[e] = rowTable[Int(codes[e])] }
                for list in merged { for (position, sum) in list { values[position] = sum } }
            }
        } else if weighted {
            table = EdgeWeights.table(of: UnsafeBufferPointer(rawWeights.unsafelyUnwrapped), skip: UnsafeBufferPointer(raw), threads: threads)
        }
        let rowCoded = rowTable != nil && table != nil
        let index = table.map { EdgeWeights.codeIndex(of: $0) }
        let itemCodes = table != nil ? scratch.buffer(at: itemWeightsAt, count: kept, as: UInt16.self) : nil

        // 4. Per group of followers: write the merged followee lists and partition
        // the follows into followee buckets (followers ascending within each).
        progress?("grouping follows by followee")
        var followees = uninitializedArray(UInt32.self, count: edgeCount)
        var followeeWeights: [Double]? = weighted && table == nil ? uninitializedArray(Double.self, count: edgeCount) : nil
        var followeeCodes: [UInt16]? = table != nil ? uninitializedArray(UInt16.self, count: edgeCount) : nil
        followeeOffsets.withUnsafeMutableBufferPointer { offsets in
        followees.withUnsafeMutableBufferPointer { out in
        withOptionalMutableBuffer(&followeeWeights) { outWeights in
        withOptionalMutableBuffer(&followeeCodes) { outCodes in
        counts2.withUnsafeMutableBufferPointer { positions in
            ParallelFor.run(chunks: groupCount, threads: threads) { g in
                let cursor = grouping.cursor(positions.baseAddress! + g * bucketCount, items: items, weights: itemWeights)
                var at = keptPerGroup[g]
                // Runs of one weight are common: its code is looked up once per run.
                var lastBits: UInt64?, lastCode: UInt16 = 0
                let sums = rowCoded ? merged[g] : []
                var nextSum = 0
                for v in grouping.keys(inBuckets: groups[g] ..< groups[g + 1]) {
                    let unique = offsets[v]
                    offsets[v] = at
                    for e in rawStarts[v] ..< rawStarts[v + 1] {
                        let x = raw[e]
                        if x == .max { continue }
                        out[at] = x
                        let slot = cursor.put(key: x, payload: UInt32(truncatingIfNeeded: v))
                        if let outCodes, let itemCodes {
                            var code: UInt16
                            if rowCoded {
                                // Present by construction: the final table holds every weight kept.
                                if nextSum < sums.count && sums[nextSum].key == e {
                                    code = index.unsafelyUnwrapped.code(of: sums[nextSum].value.bitPattern) ?? 0
                                    nextSum += 1
                                } else {
                                    code = rowToFinal.withUnsafeBufferPointer { $0[Int(rawRowCodes.unsafelyUnwrapped[e])] }
                                }
                            } else {
                                let bits = rawWeights.unsafelyUnwrapped[e].bitPattern
                                if bits != lastBits {
                                    lastCode = index.unsafelyUnwrapped.code(of: bits) ?? 0
                                    lastBits = bits
                                }
                                code = lastCode
                            }
                            outCodes[at] = code
                            itemCodes[slot] = code
                        } else if weighted {
                            outWeights.unsafelyUnwrapped[at] = rawWeights.unsafelyUnwrapped[e]
                            itemWeights.unsafelyUnwrapped[slot] = rawWeights.unsafelyUnwrapped[e]
                        }
                        at += 1
                    }
                    assert(at - offsets[v] == unique)
                }
                // The group's raw lists are spent: their pages pay for the lists just written.
                let keys = grouping.keys(inBuckets: groups[g] ..< groups[g + 1])
                let spent = rawStarts[keys.lowerBound] ..< rawStarts[keys.upperBound]
                scratch.discard(at: rawAt + spent.lowerBound * 4, byteCount: spent.count * 4)
                // Raw weights are codes (2 bytes) when the rows were coded and stayed so.
                let stride = rowCoded ? 2 : 8
                if weighted { scratch.discard(at: rawWeightsAt + spent.lowerBound * stride, byteCount: spent.count * stride) }
            }
        }}}}}
        followeeOffsets[nodeCount] = edgeCount
        // What is left of the raw lists (pages shared by two groups, the starts) goes too.
        scratch.discard(at: rawAt, byteCount: itemWeightsAt - rawAt)
        if weighted { scratch.discard(at: rawWeightsAt, byteCount: kept * MemoryLayout<Double>.stride) }

        // 5. Per followee bucket: counting sort by the low bits into the followers CSR,
        // each bucket's items given back once sorted.
        func sortByFollowee<Weight: BitwiseCopyable>(_ itemWeights: UnsafeMutableBufferPointer<Weight>?) -> CSRGrouping.Grouped<Weight> {
            grouping.sortedCSR(bucketStarts: bucketStarts2, items: UnsafeBufferPointer(items),
                               itemWeights: itemWeights.map { UnsafeBufferPointer($0) }, threads: threads) { spent in
                scratch.discard(at: itemsAt + spent.lowerBound * 8, byteCount: spent.count * 8)
                let stride = MemoryLayout<Weight>.stride
                if itemWeights != nil { scratch.discard(at: itemWeightsAt + spent.lowerBound * stride, byteCount: spent.count * stride) }
            }
        }
        let edges: FollowEdges
        if let table, let followeeCodes {
            let byFollowee = sortByFollowee(itemCodes)
            edges = FollowEdges(followees: CSR(offsets: followeeOffsets, targets: followees),
                                followers: CSR(offsets: byFollowee.offsets, targets: byFollowee.payload),
                                followeeWeights: EdgeWeights(codes: followeeCodes, table: table),
                                followerWeights: byFollowee.weights.map { EdgeWeights(codes: $0, table: table) })
        } else {
            // No table: the weights, if any, hold too many distinct values to code, so
            // both directions keep them plain.
            let byFollowee = sortByFollowee(itemWeights)
            edges = FollowEdges(followees: CSR(offsets: followeeOffsets, targets: followees),
                                followers: CSR(offsets: byFollowee.offsets, targets: byFollowee.payload),
                                followeeWeights: followeeWeights.map { EdgeWeights(codes: nil, table: $0) },
                                followerWeights: byFollowee.weights.map { EdgeWeights(codes: nil, table: $0) })
        }
        withExtendedLifetime(scratch) {}
        return (edges, selfLoops, kept - edgeCount)
    }
}
