import Synchronization
import Testing
@testable import InfluenceGraph

/// The plain reference: for each key in order, the items with that key in input order.
private func referenceGrouping(keys: [UInt32], keyCount: Int, payload: [UInt32], weights: [Double]?)
    -> (offsets: [Int], payload: [UInt32], weights: [Double]?)
{
    var lists = [[Int]](repeating: [], count: keyCount)
    for i in keys.indices { lists[Int(keys[i])].append(i) }
    var offsets = [0]
    for list in lists { offsets.append(offsets[offsets.count - 1] + list.count) }
    let order = lists.flatMap { $0 }
    return (offsets, order.map { payload[$0] }, weights.map { w in order.map { w[$0] } })
}

/// Random keys: uniform, or skewed so that a few buckets are heavy and runs repeat.
private func randomKeys(_ count: Int, keyCount: Int, skewed: Bool, using rng: inout SplitMix64) -> [UInt32] {
    (0..<count).map { _ in
        let range = skewed && rng.next() % 2 == 0 ? max(1, keyCount / 64) : keyCount
        return UInt32(rng.next() % UInt64(range))
    }
}

@Suite struct CSRGroupingTests {
    @Test func parallelGroupingMatchesTheReference() {
        var rng = SplitMix64(seed: 18)
        let cases: [(keyCount: Int, count: Int)] = [(1, 0), (1, 5), (2, 40), (255, 3_000), (256, 3_000), (257, 3_000),
                                                    (301, 20_000), (70_000, 300_000), (5_000, 0)]
        for (keyCount, count) in cases {
            for skewed in [false, true] {
                let keys = randomKeys(count, keyCount: keyCount, skewed: skewed, using: &rng)
                // Payloads repeat, so only a stable grouping lines them up with the reference.
                let payload = (0..<count).map { _ in UInt32(rng.next() % 16) }
                let weights = (0..<count).map { _ in Double(rng.next() % 1_000) / 8 }
                for weighted in [false, true] {
                    let expected = referenceGrouping(keys: keys, keyCount: keyCount, payload: payload, weights: weighted ? weights : nil)
                    for threads in [1, 2, 3] {
                        let grouped = keys.withUnsafeBufferPointer { k in
                            payload.withUnsafeBufferPointer { p in
                                weights.withUnsafeBufferPointer { w in
                                    CSRGrouping.group(keys: k, keyCount: keyCount, payload: p, weights: weighted ? w : nil, threads: threads)
                                }
                            }
                        }
                        #expect(grouped.offsets == expected.offsets, "keys \(keyCount), items \(count), threads \(threads)")
                        #expect(grouped.payload == expected.payload, "keys \(keyCount), items \(count), threads \(threads)")
                        #expect(grouped.weights == expected.weights, "keys \(keyCount), items \(count), threads \(threads)")
                    }
                }
            }
        }
    }

    @Test func serialGroupingMatchesTheReference() {
        var rng = SplitMix64(seed: 81)
        for (keyCount, count) in [(1, 0), (1, 9), (3, 50), (1_000, 10_000), (40_000, 5_000)] {
            let keys = randomKeys(count, keyCount: keyCount, skewed: true, using: &rng)
            let values = (0..<count).map { _ in UInt32(rng.next() % 8) }
            let expected = referenceGrouping(keys: keys, keyCount: keyCount, payload: values, weights: nil)
            let grouped = CSRGrouping.group(keyCount: keyCount) { emit in
                for i in 0..<count { emit(Int(keys[i]), values[i]) }
            }
            #expect(grouped.offsets == expected.offsets)
            #expect(grouped.values == expected.payload)
        }
    }

    @Test func serialGroupingSkipsWhatIsNotEmitted() {
        let roots: [Int32] = [2, -1, 2, 0, -1, 0, 2]
        let grouped = CSRGrouping.group(keyCount: 3) { emit in
            for v in roots.indices where roots[v] >= 0 { emit(Int(roots[v]), UInt32(v)) }
        }
        #expect(grouped.offsets == [0, 2, 2, 5])
        #expect(grouped.values == [3, 5, 0, 2, 6])
    }

    /// Counting drops self-pairs and says how many; partitioning drops the same ones
    /// and keeps the rest in input order within each bucket.
    @Test func selfPairsAreDroppedByCountAndPartitionAlike() {
        let grouping = CSRGrouping(keyCount: 1_000)
        let keys: [UInt32] = [5, 7, 7, 999, 300, 5, 0]
        let payload: [UInt32] = [5, 1, 7, 2, 300, 9, 4]
        var counts = [Int](repeating: 0, count: grouping.bucketCount)
        let dropped = keys.withUnsafeBufferPointer { k in
            payload.withUnsafeBufferPointer { p in
                counts.withUnsafeMutableBufferPointer { grouping.countBuckets(keys: k, payload: p, dropSelfPairs: true, into: $0.baseAddress!) }
            }
        }
        #expect(dropped == 3)
        #expect(counts.reduce(0, +) == 4)
        let starts = grouping.chunkPositions(&counts, chunks: 1)
        var items = [UInt64](repeating: 0, count: 4)
        keys.withUnsafeBufferPointer { k in
            payload.withUnsafeBufferPointer { p in
                counts.withUnsafeMutableBufferPointer { next in
                    items.withUnsafeMutableBufferPointer { items in
                        grouping.partition(keys: k, payload: p, weights: nil, dropSelfPairs: true,
                                           into: grouping.cursor(next.baseAddress!, items: items, weights: nil))
                    }
                }
            }
        }
        let lowBits = Int(grouping.lowMask)
        let unpacked = items.map { (key: Int($0 >> 32), payload: UInt32(truncatingIfNeeded: $0)) }
        #expect(unpacked.map(\.payload) == [4, 1, 9, 2])
        #expect(unpacked.map(\.key) == [0 & lowBits, 7 & lowBits, 5 & lowBits, 999 & lowBits])
        #expect(starts[grouping.bucketCount] == 4)
    }

    /// `sortedCSR` says which items it has read for the last time, so the follows
    /// build can give their pages back. Items it reports are overwritten here at once:
    /// reported too early, they would spoil the lists. The reports tile the items and
    /// come once per group of buckets, not per bucket.
    @Test func spentItemsAreNeverReadAgain() {
        var rng = SplitMix64(seed: 44)
        for (keyCount, count) in [(70_000, 300_000), (257, 3_000), (1, 50)] {
            let keys = randomKeys(count, keyCount: keyCount, skewed: true, using: &rng)
            let payload = (0..<count).map { _ in UInt32(rng.next() % 16) }
            let weights = (0..<count).map { _ in Double(rng.next() % 1_000) / 8 }
            let expected = referenceGrouping(keys: keys, keyCount: keyCount, payload: payload, weights: weights)
            let grouping = CSRGrouping(keyCount: keyCount)
            var positions = [Int](repeating: 0, count: grouping.bucketCount)
            keys.withUnsafeBufferPointer { k in
                payload.withUnsafeBufferPointer { p in
                    positions.withUnsafeMutableBufferPointer { _ = grouping.countBuckets(keys: k, payload: p, dropSelfPairs: false, into: $0.baseAddress!) }
                }
            }
            let bucketStarts = grouping.chunkPositions(&positions, chunks: 1)
            var items = [UInt64](repeating: 0, count: count)
            var itemWeights = [Double](repeating: 0, count: count)
            for threads in [1, 2, 3] {
                items.withUnsafeMutableBufferPointer { items in
                    itemWeights.withUnsafeMutableBufferPointer { itemWeights in
                        // One chunk: its cursor starts are the bucket starts `chunkPositions` left.
                        var cursorStarts = positions
                        keys.withUnsafeBufferPointer { k in
                            payload.withUnsafeBufferPointer { p in
                                weights.withUnsafeBufferPointer { w in
                                    cursorStarts.withUnsafeMutableBufferPointer { starts in
                                        grouping.partition(keys: k, payload: p, weights: w, dropSelfPairs: false,
                                                           into: grouping.cursor(starts.baseAddress!, items: items, weights: itemWeights))
                                    }
                                }
                            }
                        }
                        let reports = Mutex<[Range<Int>]>([])
                        let spoil = UncheckedSendable((items, itemWeights))
                        let grouped = grouping.sortedCSR(bucketStarts: bucketStarts, items: UnsafeBufferPointer(items),
                                                         itemWeights: UnsafeBufferPointer(itemWeights), threads: threads) { spent in
                            for i in spent {
                                spoil.value.0[i] = .max
                                spoil.value.1[i] = .nan
                            }
                            reports.withLock { $0.append(spent) }
                        }
                        #expect(grouped.offsets == expected.offsets, "keys \(keyCount), threads \(threads)")
                        #expect(grouped.payload == expected.payload, "keys \(keyCount), threads \(threads)")
                        #expect(grouped.weights == expected.weights, "keys \(keyCount), threads \(threads)")
                        let ranges = reports.withLock { $0 }.filter { !$0.isEmpty }.sorted { $0.lowerBound < $1.lowerBound }
                        #expect(ranges.first?.lowerBound ?? 0 == 0 && ranges.last?.upperBound ?? 0 == count)
                        #expect(zip(ranges, ranges.dropFirst()).allSatisfy { $0.upperBound == $1.lowerBound })
                        #expect(ranges.count <= grouping.bucketGroups(bucketStarts: bucketStarts).count - 1)
                    }
                }
            }
        }
    }

    /// Bucket runs may be empty at the end, past the last key.
    @Test func bucketRunsPastTheLastKeyAreEmpty() {
        let grouping = CSRGrouping(keyCount: 301)
        #expect(grouping.bucketCount == 151)
        #expect(grouping.keys(inBucket: 150) == 300 ..< 301)
        #expect(grouping.keys(inBuckets: 151 ..< 151).isEmpty)
        #expect(grouping.keys(inBuckets: 0 ..< 151) == 0 ..< 301)
        #expect(CSRGrouping(keyCount: 256).shift == 0)
        #expect(CSRGrouping(keyCount: 257).shift == 1)
    }
}
