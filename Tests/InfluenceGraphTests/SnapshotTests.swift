import Foundation
import Testing
@_spi(Tooling) @testable import InfluenceGraph

@Suite struct SnapshotTests {
    static var fixtures: String {
        let root = #filePath.components(separatedBy: "/Tests/").first ?? "."
        return root + "/fixtures"
    }

    static func shop() throws -> CustomerGraph {
        try CustomerGraph.load(from: fixtures + "/tiny/shop", options: LoadOptions(threads: 2))
    }

    /// A random weighted edge list with string and numeric ids, loaded through the edge-list reader.
    static func randomGraph(in dir: TemporaryDirectory, seed: UInt64) throws -> CustomerGraph {
        var rng = SplitMix64(seed: seed)
        var text = "# random graph\n"
        for _ in 0..<2_000 {
            let a = rng.next() % 300, b = rng.next() % 300
            text += "n\(a)\tn\(b) \(rng.next() % 9 + 1)\n"
        }
        let path = dir.write("random-\(seed).txt", text)
        return try CustomerGraph.load(from: path, options: LoadOptions(threads: 2))
    }

    /// (tag, offset, length) of every section, read from the table as the format documents.
    static func sectionTable(_ bytes: [UInt8]) -> [(tag: String, offset: Int, length: Int)] {
        func u32(_ at: Int) -> Int { (0..<4).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        func u64(_ at: Int) -> Int { (0..<8).reduce(0) { $0 | Int(bytes[at + $1]) << (8 * $1) } }
        return (0..<u32(12)).map { s in
            let at = 24 + 32 * s
            return (String(decoding: bytes[at ..< at + 4], as: UTF8.self), u64(at + 8), u64(at + 16))
        }
    }

    /// The shop's snapshot, written into `dir`, and its section table.
    static func shopSnapshot(in dir: TemporaryDirectory) throws -> (bytes: [UInt8], sections: [(tag: String, offset: Int, length: Int)]) {
        let path = dir.path + "/good.igs"
        try shop().writeSnapshot(to: path, threads: 2)
        let bytes = try FileBytes.read(path)
        return (bytes, sectionTable(bytes))
    }

    static func message(_ path: String) -> String? {
        do {
            _ = try SnapshotFile.read(path, threads: 2)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func crc32cVectors() {
        #expect(Array("123456789".utf8).withUnsafeBytes { CRC32C.checksum($0) } == 0xE306_9283)
        #expect([UInt8](repeating: 0, count: 32).withUnsafeBytes { CRC32C.checksum($0) } == 0x8A91_36AA)
        #expect([UInt8]().withUnsafeBytes { CRC32C.checksum($0) } == 0)
    }

    @Test func shopRoundTrip() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let graph = try Self.shop()
        let path = dir.path + "/shop.igs"
        try graph.writeSnapshot(to: path, threads: 2)
        #expect(SnapshotFile.hasMagic(path))
        #expect(GraphSourceKind.of(path) == .snapshot)
        let back = try CustomerGraph.load(from: path, options: LoadOptions(threads: 2))
        #expect(back == graph)
        #expect(back.customers.index(of: "eve") == graph.customers.index(of: "eve"))
        #expect(back.attributes.name(1) == "Ben \"Benny\" Ortiz")
        #expect(back.attributes.segment(0) == "vip")
        // The file length matches the header and every section is 8-byte aligned.
        let bytes = try FileBytes.read(path)
        for section in Self.sectionTable(bytes) {
            #expect(section.offset % 8 == 0)
            #expect(section.offset + section.length <= bytes.count)
        }
    }

    @Test func randomEdgeListRoundTrip() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        for seed: UInt64 in [1, 7, 42] {
            let graph = try Self.randomGraph(in: dir, seed: seed)
            let path = dir.path + "/random-\(seed).igs"
            try SnapshotFile.write(graph, to: path, threads: Int(seed % 3) + 1)
            #expect(try SnapshotFile.read(path, threads: 1) == graph)
            #expect(try SnapshotFile.read(path, threads: 4) == graph)
        }
        // An empty graph survives too.
        let empty = testGraph(follows: [])
        try empty.writeSnapshot(to: dir.path + "/empty.igs")
        #expect(try SnapshotFile.read(dir.path + "/empty.igs", threads: 2) == empty)
    }

    /// A random graph written as a snapshot in `dir`, with the file's path and bytes.
    static func writtenRandomSnapshot(in dir: TemporaryDirectory, seed: UInt64) throws -> (graph: CustomerGraph, path: String, bytes: [UInt8]) {
        let graph = try randomGraph(in: dir, seed: seed)
        let path = dir.path + "/random-\(seed).igs"
        try SnapshotFile.write(graph, to: path, threads: 2)
        return (graph, path, try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))))
    }

    /// Sections read in pieces as small as 8 bytes, on one thread or four, from a file
    /// or from memory, give the same graph as whole reads.
    @Test(arguments: [8, 100, 4_096])
    func sectionsReadInPiecesGiveTheSameGraph(pieceBytes: Int) throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let (graph, path, bytes) = try Self.writtenRandomSnapshot(in: dir, seed: 3)
        for threads in [1, 4] {
            #expect(try SnapshotFile.read(path, threads: threads, pieceBytes: pieceBytes) == graph)
            let fromMemory = try bytes.withUnsafeBytes { raw throws(InputError) in
                try SnapshotFile.read(raw, name: "pieces.igs", threads: threads, pieceBytes: pieceBytes)
            }
            #expect(fromMemory == graph)
        }
    }

    /// A file that comes back short in the middle of a section (shrunk while it was
    /// read) is reported truncated at the last byte that arrived, whichever piece of
    /// the section ran out.
    @Test(arguments: [8, 1 << 20])
    func aShortReadInsideASectionIsReportedWhereItStopped(pieceBytes: Int) throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let bytes = try Self.writtenRandomSnapshot(in: dir, seed: 4).bytes
        let largest = try #require(Self.sectionTable(bytes).max { $0.length < $1.length })
        let cut = largest.offset + largest.length / 2 + 3
        for threads in [1, 3] {
            let result = bytes.withUnsafeBytes { raw in
                Result { () throws(InputError) in
                    try SnapshotFile.decode(name: "short.igs", size: raw.count, threads: threads, pieceBytes: pieceBytes) { buffer, offset, _ in
                        let n = max(0, min(buffer.count, cut - offset))
                        if n > 0 { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: raw[offset ..< offset + n])) }
                        return n
                    }
                }
            }
            let message: String
            switch result {
            case .success: message = "(read succeeded)"
            case .failure(let error): message = error.description
            }
            #expect(message == "short.igs: truncated: expected \(bytes.count) bytes, file has \(cut)")
        }
    }

    @Test func weightsAreWrittenAsCodesOrPlainValues() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        // The shop's three distinct weights: codes and a table per direction.
        let shopPath = dir.path + "/shop.igs"
        try Self.shop().writeSnapshot(to: shopPath, threads: 2)
        let shopTags = Set(Self.sectionTable(try FileBytes.read(shopPath)).map(\.tag))
        #expect(shopTags.isSuperset(of: ["FEWC", "FEWV", "FRWC", "FRWV"]) && shopTags.isDisjoint(with: ["FEWT", "FRWT"]))

        // More distinct weights than a code can name: plain values, read back as they were.
        let count = EdgeWeights.maximumTableCount + 10
        var text = ""
        for i in 0..<count { text += "\(i) \(i + 1) \(1 + Double(i) / 1_048_576)\n" }
        let graph = try CustomerGraph.load(from: dir.write("many.txt", text), options: LoadOptions(threads: 2))
        #expect(graph.follows.followeeWeights?.isTableCoded == false && graph.follows.followerWeights?.isTableCoded == false)
        let manyPath = dir.path + "/many.igs"
        try graph.writeSnapshot(to: manyPath, threads: 2)
        let manyTags = Set(Self.sectionTable(try FileBytes.read(manyPath)).map(\.tag))
        #expect(manyTags.isSuperset(of: ["FEWT", "FRWT"]) && manyTags.isDisjoint(with: ["FEWC", "FEWV", "FRWC", "FRWV"]))
        let back = try SnapshotFile.read(manyPath, threads: 2)
        #expect(back == graph)
        #expect(back.follows.followeeWeights?[count - 1] == 1 + Double(count - 1) / 1_048_576)
    }

    @Test func versionOneFilesStillRead() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let graph = try Self.shop()
        // Version 1 stored every weight as a plain Double.
        var sections = SnapshotFile.sections(of: graph).filter { !["FEWC", "FEWV", "FRWC", "FRWV"].contains($0.tag) }
        sections.append(("FEWT", .f64(Array(graph.follows.followeeWeights ?? []))))
        sections.append(("FRWT", .f64(Array(graph.follows.followerWeights ?? []))))
        let path = dir.path + "/v1.igs"
        try SnapshotFile.write(sections: sections, version: 1, to: path, threads: 2)
        let back = try SnapshotFile.read(path, threads: 2)
        #expect(back == graph)
        #expect(back.follows.followeeWeights?.distinctValues == [1, 2, 3])
    }

    @Test func damagedWeightCodes() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let (bytes, sections) = try Self.shopSnapshot(in: dir)
        func index(_ tag: String) -> Int { sections.firstIndex { $0.tag == tag } ?? -1 }

        var code = bytes
        code[sections[index("FRWC")].offset] = 9
        Self.resign(&code)
        #expect(Self.message(dir.write("code.igs", bytes: code)) == "corrupted: section 'FRWC' holds weight code 9 of 3")

        var noTable = bytes
        let table = index("FEWV")
        noTable.replaceSubrange(24 + 32 * table ..< 24 + 32 * table + 4, with: Array("ZZZZ".utf8))
        Self.resign(&noTable)
        #expect(Self.message(dir.write("table.igs", bytes: noTable)) == "corrupted: missing section 'FEWV'")
    }

    @Test func flippedPayloadByteNamesTheSection() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let good = dir.path + "/good.igs"
        try Self.shop().writeSnapshot(to: good, threads: 2)
        let bytes = try FileBytes.read(good)
        let sections = Self.sectionTable(bytes)
        #expect(sections.count >= 20)
        for section in sections where section.length > 0 {
            var bad = bytes
            bad[section.offset + section.length / 2] ^= 0x10
            let path = dir.write("bad.igs", bytes: bad)
            #expect(Self.message(path) == "corrupted: checksum mismatch in section '\(section.tag)'")
        }
    }

    @Test func flippedTableByteIsATableMismatch() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let good = dir.path + "/good.igs"
        try Self.shop().writeSnapshot(to: good, threads: 2)
        let bytes = try FileBytes.read(good)
        let tableEnd = 24 + 32 * Self.sectionTable(bytes).count
        for position in [24, 29, 33, 40, 52, tableEnd - 1, tableEnd, tableEnd + 3] {
            var bad = bytes
            bad[position] ^= 0x01
            let path = dir.write("bad.igs", bytes: bad)
            #expect(Self.message(path) == "corrupted: section table checksum mismatch", "byte \(position)")
        }
    }

    @Test func truncationIsReportedNeverTrapped() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let good = dir.path + "/good.igs"
        try Self.shop().writeSnapshot(to: good, threads: 2)
        let bytes = try FileBytes.read(good)
        let sections = Self.sectionTable(bytes)
        var cuts: Set<Int> = [4, 8, 12, 16, 23, 24, 25, 100, 24 + 32 * sections.count, bytes.count - 1]
        for section in sections {
            cuts.insert(section.offset)
            cuts.insert(section.offset + section.length)
            if section.length > 1 { cuts.insert(section.offset + section.length / 2) }
        }
        for cut in cuts.sorted() where cut < bytes.count {
            let path = dir.write("cut.igs", bytes: Array(bytes[0..<cut]))
            let message = Self.message(path) ?? "(read succeeded)"
            #expect(message.hasPrefix("truncated: expected ") || message.hasPrefix("corrupted: "), "cut at \(cut): \(message)")
            if cut >= 24 { #expect(message == "truncated: expected \(bytes.count) bytes, file has \(cut)") }
        }
    }

    @Test func wrongMagicAndNewerVersion() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let good = dir.path + "/good.igs"
        try Self.shop().writeSnapshot(to: good, threads: 2)
        let bytes = try FileBytes.read(good)

        var magic = bytes
        magic[0] = UInt8(ascii: "X")
        let magicPath = dir.write("magic.igs", bytes: magic)
        #expect(!SnapshotFile.hasMagic(magicPath))
        #expect(Self.message(magicPath) == "not an InfluenceGraph snapshot (bad magic)")
        let textPath = dir.write("text.igs", "1 2\n2 3\n")
        #expect(Self.message(textPath) == "not an InfluenceGraph snapshot (bad magic)")

        var newer = bytes
        newer[8] = 3
        let newerPath = dir.write("newer.igs", bytes: newer)
        #expect(Self.message(newerPath) == "snapshot format version 3 is newer than this build supports (2)")
    }

    @Test func failedWriteLeavesTheOldSnapshot() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/graph.igs"
        try Self.shop().writeSnapshot(to: path, threads: 2)
        let before = try FileBytes.read(path)
        let other = try Self.randomGraph(in: dir, seed: 3)
        for limit in [0, 1, 24, 200, 4_096, 20_000] {
            #expect(throws: OutputError.self) {
                try SnapshotFile.write(other, to: path, threads: 2, failAfterBytes: limit)
            }
            #expect(try FileBytes.read(path) == before)
            let names = try FileManager.default.contentsOfDirectory(atPath: dir.path)
            #expect(!names.contains { $0.contains(".tmp-") }, "\(names)")
        }
        // With no failure the new graph replaces the old one.
        try SnapshotFile.write(other, to: path, threads: 2)
        #expect(try SnapshotFile.read(path, threads: 2) == other)
    }

    /// Re-signs a doctored file: recomputes every section checksum and the table checksum.
    static func resign(_ bytes: inout [UInt8]) {
        func put(_ value: UInt32, at: Int) { for i in 0..<4 { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) } }
        func put64(_ value: UInt64, at: Int) { for i in 0..<8 { bytes[at + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(i))) } }
        let sections = sectionTable(bytes)
        for (s, section) in sections.enumerated() where section.offset + section.length <= bytes.count {
            let sum = bytes.withUnsafeBytes { XXH64.hash(UnsafeRawBufferPointer(rebasing: $0[section.offset ..< section.offset + section.length])) }
            put64(sum, at: 24 + 32 * s + 24)
        }
        let tableEnd = 24 + 32 * sections.count
        put(bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<tableEnd])) }, at: tableEnd)
    }

    @Test func structuralDamageBehindValidChecksums() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let (bytes, sections) = try Self.shopSnapshot(in: dir)
        func index(_ tag: String) -> Int { sections.firstIndex { $0.tag == tag } ?? -1 }

        // A required section renamed to an unknown tag is missing.
        var renamed = bytes
        renamed.replaceSubrange(24 ..< 28, with: Array("ZZZZ".utf8))
        Self.resign(&renamed)
        #expect(Self.message(dir.write("renamed.igs", bytes: renamed)) == "corrupted: missing section 'CIDB'")

        // A follow target past the last customer.
        var target = bytes
        let fetg = sections[index("FETG")]
        target[fetg.offset + 3] = 0x7F
        Self.resign(&target)
        #expect(Self.message(dir.write("target.igs", bytes: target))?.hasPrefix("corrupted: section 'FETG' holds customer") == true)

        // Descending id offsets.
        var offsets = bytes
        let cido = sections[index("CIDO")]
        offsets[cido.offset + 8] = 0xFF
        Self.resign(&offsets)
        #expect(Self.message(dir.write("offsets.igs", bytes: offsets))?.hasPrefix("corrupted: ") == true)

        // Two sections claiming the same bytes.
        var overlap = bytes
        let second = index("CIDO")
        overlap.replaceSubrange(24 + 32 * second + 8 ..< 24 + 32 * second + 16,
                                with: overlap[24 + 8 ..< 24 + 16])
        Self.resign(&overlap)
        let message = Self.message(dir.write("overlap.igs", bytes: overlap)) ?? ""
        #expect(message.hasPrefix("corrupted: sections ") && message.hasSuffix(" overlap"), "\(message)")

        // An element width that does not match the tag.
        var width = bytes
        width[24 + 32 * index("CSLT") + 4] = 8
        Self.resign(&width)
        #expect(Self.message(dir.write("width.igs", bytes: width)) == "corrupted: section 'CSLT' has element width 8, expected 4")
    }

    @Test func slotsNameEveryCustomerOnce() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let (bytes, sections) = try Self.shopSnapshot(in: dir)
        let cslt = sections.first { $0.tag == "CSLT" }!
        func slot(_ bytes: [UInt8], _ s: Int) -> UInt32 { (0..<4).reduce(0) { $0 | UInt32(bytes[cslt.offset + 4 * s + $1]) << (8 * UInt32($1)) } }
        func doctored(_ s: Int, _ value: UInt32) -> [UInt8] {
            var copy = bytes
            for i in 0..<4 { copy[cslt.offset + 4 * s + i] = UInt8(truncatingIfNeeded: value >> (8 * UInt32(i))) }
            Self.resign(&copy)
            return copy
        }
        let used = (0 ..< cslt.length / 4).filter { slot(bytes, $0) != .max }
        let customers = try Self.shop().customerCount
        #expect(used.count == customers)
        // A customer in two slots, a customer past the last, a customer in none.
        let twice = doctored(used[1], slot(bytes, used[0]))
        #expect(Self.message(dir.write("twice.igs", bytes: twice)) == "corrupted: section 'CSLT' holds an invalid customer \(slot(bytes, used[0]))")
        let past = doctored(used[0], UInt32(customers))
        #expect(Self.message(dir.write("past.igs", bytes: past)) == "corrupted: section 'CSLT' holds an invalid customer \(customers)")
        let none = doctored(used[0], .max)
        #expect(Self.message(dir.write("none.igs", bytes: none)) == "corrupted: section 'CSLT' misses customers")
    }

    /// The decoder's checks run in parallel chunks: a descent or a large value is
    /// found wherever it sits, chunk boundaries included.
    @Test(arguments: [1, 3])
    func parallelChecksSeeEveryElement(threads: Int) throws {
        let decoder = SnapshotFile.Decoder(path: "test.igs", sections: [:], threads: threads, minimumPerChunk: 4)
        let ascending = (0 ..< 41).map { 2 * $0 }
        try decoder.checkOffsets(ascending, count: 40, total: 80, "TEST")
        try decoder.checkOffsets([0, 0, 3, 3, 3, 7], count: 5, total: 7, "TEST")
        for j in 1 ..< 40 {
            var offsets = ascending
            offsets[j] = offsets[j + 1] + 1
            #expect(throws: InputError.self) { try decoder.checkOffsets(offsets, count: 40, total: 80, "TEST") }
        }
        #expect(decoder.largest([UInt32]()) == 0)
        for j in 0 ..< 37 {
            var values = [UInt32](repeating: 5, count: 37)
            values[j] = 1 << 31 + UInt32(j)
            #expect(decoder.largest(values) == 1 << 31 + UInt32(j))
            #expect(decoder.largest(values.map { UInt16(truncatingIfNeeded: $0 >> 16) }) == 1 << 15)
        }
    }
}
