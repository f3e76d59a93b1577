import Testing
@testable import InfluenceGraph

/// The byte hash as first written, a byte at a time after the whole words: snapshots
/// store tables laid out by it, so every faster form must give the same values.
func referenceByteHash(_ bytes: [UInt8]) -> UInt64 {
    var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
    var i = 0
    while i + 8 <= bytes.count {
        var word: UInt64 = 0
        for k in 0 ..< 8 { word |= UInt64(bytes[i + k]) << (8 * UInt64(k)) }
        h = ByteHash.mix(h ^ word)
        i += 8
    }
    var tail: UInt64 = 0
    for k in i ..< bytes.count { tail |= UInt64(bytes[k]) << (8 * UInt64(k - i)) }
    return ByteHash.mix(h ^ tail ^ 0xFF51_AFD7_ED55_8CCD)
}

/// The customer table while a load runs: keys in the load slots, lookups through
/// the pipeline, and the table it ends as.
@Suite struct CustomerTableTests {
    @Test func byteHashKeepsItsValues() {
        var rng = SplitMix64(seed: 12)
        for length in 0 ..< 40 {
            for _ in 0 ..< 20 {
                let bytes = (0 ..< length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
                #expect(bytes.withUnsafeBytes { ByteHash.hash($0) } == referenceByteHash(bytes), "length \(length)")
            }
        }
        // A fixed value, so the reference itself cannot drift.
        #expect(Array("C-0000001".utf8).withUnsafeBytes { ByteHash.hash($0) } == 0xBF08_7B48_1620_826A)
    }

    /// Ids of up to eleven bytes are their own keys (distinct ids, distinct keys, at
    /// every length and with every byte value); longer ids are keyed by their hash.
    @Test func shortIDsAreTheirOwnKeys() {
        var random = SplitMix64(seed: 3)
        var seen: [String: [UInt8]] = [:]
        for _ in 0 ..< 20_000 {
            let length = Int(random.next() % 12)
            // A small alphabet, so many ids share prefixes and suffixes.
            let id = (0 ..< length).map { _ in [0x00, 0x41, 0x42, 0xFF][Int(random.next() % 4)] as UInt8 }
            let key = id.withUnsafeBytes { CustomerKey($0, hash: ByteHash.hash($0)) }
            #expect(key.isWhole)
            let name = "\(key.tag)/\(key.rest)"
            if let other = seen[name] { #expect(other == id, "\(other) and \(id) share a key") } else { seen[name] = id }
        }
        #expect(seen.count > 5_000)
        for length in 12 ..< 40 {
            let id = [UInt8](repeating: 0x43, count: length)
            id.withUnsafeBytes { raw in
                let key = CustomerKey(raw, hash: ByteHash.hash(raw))
                #expect(!key.isWhole && key.rest == ByteHash.hash(raw))
            }
        }
    }

    /// Ids interned while loading (short and long, long ones sharing long prefixes,
    /// repeats, growth past the expected count) end as the table serial interning
    /// makes; batched lookups find every id the table holds, and hand back the bytes of
    /// those it does not, in order.
    @Test func loadingEndsAsTheTableSerialInterningMakes() throws {
        var random = SplitMix64(seed: 4)
        let ids: [[UInt8]] = (0 ..< 30_000).map { i in
            let n = random.next() % 3_000
            switch i % 3 {
            case 0: return Array("C-\(n)".utf8)
            case 1: return Array("customer-with-a-long-shared-prefix-\(n)".utf8)
            default: return Array(String(n, radix: 36).utf8)
            }
        }
        var serial = CustomerTable()
        var loading = CustomerTable()
        loading.beginLoading(expecting: 500, threads: 2)
        for id in ids {
            let a = try id.intern(0 ..< id.count, into: &serial)
            let b = try id.intern(0 ..< id.count, into: &loading)
            #expect(a == b)
        }
        let absent: [[UInt8]] = (0 ..< 300).map { Array("customer-with-a-long-shared-prefix-x\($0)".utf8) }
            + (0 ..< 300).map { Array("D-\($0)".utf8) }
        let queries = ids + absent
        // Ids are read where they lie until the batch is filled: one buffer holds them all.
        let flat = queries.flatMap { $0 }
        let parts = 4, rowsPerPart = (queries.count + 2 * parts - 1) / (2 * parts)
        for threads in [1, 3] {
            var found = [UInt32](repeating: 0, count: queries.count)
            var notHeld: [(occurrence: Int, bytes: [UInt8])] = []
            loading.withLookupHandle { handle in
                flat.withUnsafeBytes { all in
                    #expect(handle.mask + 1 >= 4 * IDLookupBatch.regionCount)
                    // One spare list for four batches that take ids side by side: the
                    // others make their own, as chunks stopped by a bad record do.
                    let room = IDLookupBatch.Room(capacities: [Int](repeating: 2 * rowsPerPart, count: parts), slotCount: handle.mask + 1,
                                                  workers: 1, pool: nil)
                    var batches = (0 ..< parts).map { IDLookupBatch(room, $0, table: handle) }
                    var columns = [[UInt32]](repeating: [UInt32](repeating: 0, count: 2 * rowsPerPart), count: parts)
                    var start = 0
                    for (q, id) in queries.enumerated() {
                        let raw = UnsafeRawBufferPointer(rebasing: all[start ..< start + id.count])
                        start += id.count
                        // Query q is id (q / 2) % rowsPerPart's column q % 2 of part q / (2 · rowsPerPart); every seventh is read escaped.
                        let part = q / (2 * rowsPerPart), row = (q / 2) % rowsPerPart
                        columns[part][2 * row + q % 2] = batches[part].add(raw, hash: ByteHash.hash(raw), escaped: q % 7 == 0)
                    }
                    for part in 0 ..< parts { batches[part].group() }
                    IDLookupBatch.lookUp(batches, table: handle, threads: threads)
                    for part in 0 ..< parts {
                        let rows = min(rowsPerPart, (queries.count - 2 * rowsPerPart * part + 1) / 2)
                        var first = (0 ..< rows).map { columns[part][2 * $0] }, second = (0 ..< rows).map { columns[part][2 * $0 + 1] }
                        first.withUnsafeMutableBufferPointer { first in
                            second.withUnsafeMutableBufferPointer { second in
                                let repeatsLeft = batches[part].fill(first, second, rows: rows,
                                                                     sameAsAbove: CSVDirectoryLoader.IDPairChunk.sameAsAbove) { occurrence, bytes in
                                    notHeld.append((2 * rowsPerPart * part + occurrence, Array(bytes)))
                                }
                                #expect(!repeatsLeft)
                            }
                        }
                        for row in 0 ..< rows {
                            found[2 * rowsPerPart * part + 2 * row] = first[row]
                            if 2 * rowsPerPart * part + 2 * row + 1 < queries.count { found[2 * rowsPerPart * part + 2 * row + 1] = second[row] }
                        }
                    }
                }
            }
            var expectedNotHeld: [(occurrence: Int, bytes: [UInt8])] = []
            for (q, id) in queries.enumerated() {
                let expected = id.withUnsafeBytes { serial.index(of: $0) }.map { UInt32($0) } ?? .max
                #expect(found[q] == expected, "\(String(decoding: id, as: UTF8.self))")
                if expected == .max { expectedNotHeld.append((q, id)) }
            }
            #expect(expectedNotHeld.count == 600 && notHeld.map(\.occurrence) == expectedNotHeld.map(\.occurrence))
            #expect(notHeld.map(\.bytes) == expectedNotHeld.map(\.bytes))
        }
        loading.endLoading(threads: 2)
        #expect(!loading.isLoading && loading == serial)
    }
}

/// Segment labels are numbered in order of first appearance, whatever their count.
@Suite struct SegmentLabelTests {
    @Test func labelsAreNumberedInOrderOfFirstAppearance() {
        var labels = CSVDirectoryLoader.SegmentLabels()
        var random = SplitMix64(seed: 6)
        var expected: [String: UInt32] = [:]
        for _ in 0 ..< 20_000 {
            let name = "segment-\(random.next() % 1_500)"
            var text = name
            let code = text.withUTF8 { labels.code(of: UnsafeRawBufferPointer($0)) }
            let known = expected[name] ?? UInt32(expected.count + 1)
            expected[name] = known
            #expect(code == known)
            #expect(String(decoding: labels.label(code), as: UTF8.self) == name)
        }
        #expect(labels.count == expected.count && labels.count > 1_000)
        #expect([UInt8]().withUnsafeBytes { labels.code(of: $0) } == 0)
    }

    /// Short labels read in place (`code(of:in:)`, cached by their text) get the codes
    /// of the plain lookup: more of them than the cache has slots, read with bytes
    /// after them, at the end of their input, and outside it, among longer labels.
    @Test func shortLabelsReadInPlaceGetTheirCodes() {
        var labels = CSVDirectoryLoader.SegmentLabels()
        var random = SplitMix64(seed: 8)
        var expected: [String: UInt32] = [:]
        for _ in 0 ..< 20_000 {
            let pick = random.next(), number = random.next() % 300
            let name = pick % 10 == 0 ? "segment-\(number % 50)" : String(repeating: "v", count: Int(pick % 3)) + "\(number)"
            let line = Array((name + (pick % 3 == 0 ? "" : ",x\n")).utf8)
            let code = line.withUnsafeBytes { input in
                let label = UnsafeRawBufferPointer(rebasing: input[..<name.utf8.count])
                return labels.code(of: label, in: pick % 7 == 0 ? UnsafeRawBufferPointer(start: nil, count: 0) : input)
            }
            let known = expected[name] ?? UInt32(expected.count + 1)
            expected[name] = known
            #expect(code == known, "\(name)")
        }
        #expect(labels.count == expected.count && labels.count > 600)
        #expect([UInt8]().withUnsafeBytes { labels.code(of: $0, in: $0) } == 0)
    }
}
