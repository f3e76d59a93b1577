import Testing
@testable import InfluenceGraph

/// `CustomerTable.internInOrder`: ids placed region by region in parallel, the
/// clusters at region boundaries settled afterwards, must leave the table that
/// interning one id at a time makes.
@Suite struct BatchInterningTests {
    /// Ids in chunks as a customers window holds them.
    struct Chunks {
        var bytes: [[UInt8]] = []
        var ends: [[Int]] = []
        var hashes: [[UInt64]] = []

        init(_ ids: [[UInt8]], cuts: Int) {
            let bounds = ParallelFor.evenBoundaries(count: ids.count, parts: cuts)
            for c in 0 ..< bounds.count - 1 {
                var chunkBytes: [UInt8] = [], chunkEnds: [Int] = [], chunkHashes: [UInt64] = []
                for id in ids[bounds[c] ..< bounds[c + 1]] {
                    chunkBytes += id
                    chunkEnds.append(chunkBytes.count)
                    chunkHashes.append(id.withUnsafeBytes { ByteHash.hash($0) })
                }
                bytes.append(chunkBytes); ends.append(chunkEnds); hashes.append(chunkHashes)
            }
        }

        /// Calls `body` with the chunks as a batch.
        func withBatch<R>(_ body: (IDBatch) -> R) -> R {
            // Copies in stable memory, freed after `body`.
            let owned = bytes.indices.map { c in
                (UnsafeMutableRawBufferPointer.allocate(byteCount: max(1, bytes[c].count), alignment: 8),
                 UnsafeMutableBufferPointer<Int>.allocate(capacity: max(1, ends[c].count)),
                 UnsafeMutableBufferPointer<UInt64>.allocate(capacity: max(1, hashes[c].count)))
            }
            defer { for (a, b, c) in owned { a.deallocate(); b.deallocate(); c.deallocate() } }
            let chunks = bytes.indices.map { c -> IDBatch.Chunk in
                let (a, b, h) = owned[c]
                bytes[c].withUnsafeBytes { a.copyMemory(from: $0) }
                _ = b.initialize(from: ends[c])
                _ = h.initialize(from: hashes[c])
                return IDBatch.Chunk(bytes: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(a)[0 ..< bytes[c].count]),
                                     ends: UnsafeBufferPointer(rebasing: UnsafeBufferPointer(b)[0 ..< ends[c].count]),
                                     hashes: UnsafeBufferPointer(rebasing: UnsafeBufferPointer(h)[0 ..< hashes[c].count]))
            }
            return body(IDBatch(chunks))
        }
    }

    static func randomIDs(_ count: Int, distinct: Int, seed: UInt64) -> [[UInt8]] {
        var random = SplitMix64(seed: seed)
        return (0 ..< count).map { i in
            let n = random.next() % UInt64(distinct)
            switch i % 3 {
            case 0: return Array("C-\(n)".utf8)
            case 1: return Array("customer-with-a-long-shared-prefix-\(n)".utf8)
            default: return Array(String(n, radix: 36).utf8)
            }
        }
    }

    /// Tables already holding ids, batches with and without repeats, regions from
    /// sixteen slots (so clusters cross boundaries all the time, and some run into
    /// each other) to whole tables: each batch either leaves what serial interning
    /// leaves or, refused, leaves the table as it was.
    @Test func batchesLeaveTheTableSerialInterningMakes() throws {
        var settled = 0, refused = 0, repeatsSeen = 0
        for (round, (before, batchCount, distinct)) in [(0, 3_000, 1_000_000), (500, 3_000, 1_200), (2_000, 6_000, 4_000),
                                                       (100, 20_000, 1_000_000), (0, 1, 10)].enumerated() {
            let earlier = Self.randomIDs(before, distinct: 1_000_000, seed: UInt64(round))
            let batchIDs = Self.randomIDs(batchCount, distinct: distinct, seed: UInt64(100 + round))
            for regionSlots in [16, 64, 1 << 10, 1 << 20] {
                for (threads, cuts) in [(1, 1), (2, 5), (3, 17)] {
                    var serial = CustomerTable()
                    serial.beginLoading(expecting: before + batchCount)
                    for id in earlier { _ = try id.intern(0 ..< id.count, into: &serial) }
                    var table = serial
                    var expected: [Int] = []
                    for (row, id) in batchIDs.enumerated() where try !id.intern(0 ..< id.count, into: &serial).isNew { expected.append(row) }
                    let unchanged = table
                    let duplicates = Chunks(batchIDs, cuts: cuts).withBatch { table.internInOrder($0, threads: threads, regionSlots: regionSlots) }
                    if let duplicates {
                        settled += 1
                        repeatsSeen += duplicates.count
                        #expect(duplicates == expected)
                        #expect(table.loadSlots == serial.loadSlots, "round \(round), regions of \(regionSlots), \(threads) threads")
                        #expect(table.idBytes == serial.idBytes && table.idOffsets == serial.idOffsets)
                        table.endLoading(threads: threads)
                        serial.endLoading()
                        #expect(table == serial)
                    } else {
                        refused += 1
                        #expect(table.loadSlots == unchanged.loadSlots && table.count == unchanged.count)
                    }
                }
            }
        }
        #expect(settled == 60 && refused == 0 && repeatsSeen > 1_000, "\(settled) settled, \(refused) refused, \(repeatsSeen) repeats")
    }

    /// Ids chosen so their home slots crowd a few regions at the end of the table (as
    /// colliding ids would): one cluster spans many small regions, so it is refused
    /// there and left as it was, and settled exactly where regions are large.
    @Test func crowdedHomesAreSettledExactlyOrRefused() throws {
        let capacity = CustomerTable.capacity(for: 2_000)
        var crowded: [[UInt8]] = [], n = 0
        while crowded.count < 300 {
            let id = Array("crowd-\(n)".utf8)
            n += 1
            // Homes in the last 96 slots, so the cluster also wraps to the table's start.
            if id.withUnsafeBytes({ Int(truncatingIfNeeded: ByteHash.hash($0)) & (capacity - 1) }) >= capacity - 96 { crowded.append(id) }
        }
        // Ids already in the table, some in the crowded slots, must be where they were after a refusal.
        let earlier = Array(crowded.suffix(40)) + Self.randomIDs(400, distinct: 1_000_000, seed: 6)
        let ids = Array(crowded.prefix(260)) + Self.randomIDs(1_200, distinct: 1_000_000, seed: 5) + crowded.prefix(20)
        var outcomes: [Int: Bool] = [:]
        for regionSlots in [16, 64, 1 << 20] {
            var serial = CustomerTable()
            serial.beginLoading(expecting: 2_000)
            for id in earlier { _ = try id.intern(0 ..< id.count, into: &serial) }
            var table = serial
            var expected: [Int] = []
            for (row, id) in ids.enumerated() where try !id.intern(0 ..< id.count, into: &serial).isNew { expected.append(row) }
            #expect(expected.suffix(20) == Array(ids.count - 20 ..< ids.count))
            let before = table.loadSlots
            let duplicates = Chunks(ids, cuts: 4).withBatch { table.internInOrder($0, threads: 2, regionSlots: regionSlots) }
            outcomes[regionSlots] = duplicates != nil
            if let duplicates {
                #expect(duplicates == expected)
                #expect(table.loadSlots == serial.loadSlots && table.idBytes == serial.idBytes)
            } else {
                #expect(table.loadSlots == before && table.count == earlier.count)
            }
        }
        #expect(outcomes == [16: false, 64: false, 1 << 20: true])
    }

    /// A table that would have to grow for the batch is left to one-at-a-time interning.
    @Test func aTableWithoutRoomRefusesTheBatch() {
        var table = CustomerTable()
        table.beginLoading(expecting: 100)
        let ids = Self.randomIDs(5_000, distinct: 1_000_000, seed: 9)
        let before = table.loadSlots
        #expect(Chunks(ids, cuts: 3).withBatch { table.internInOrder($0, threads: 2) } == nil)
        #expect(table.loadSlots == before && table.count == 0)
        var plain = CustomerTable()
        #expect(Chunks(ids, cuts: 3).withBatch { plain.internInOrder($0, threads: 2) } == nil)
    }
}
