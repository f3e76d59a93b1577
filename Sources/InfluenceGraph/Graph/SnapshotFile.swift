#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The binary snapshot container (`.igs`): every array of a `CustomerGraph`, so a
/// graph loads with one `pread` per array and no parsing.
///
/// ## Layout (all integers little-endian)
///
/// ```
/// offset  size  field
///      0     8  magic "IGSNAP\r\n"
///      8     4  UInt32 format version (1)
///     12     4  UInt32 section count S
///     16     8  UInt64 total file length in bytes
///     24  32·S  section table, one entry per section:
///                 UInt32 tag (four ASCII characters, first character in the low byte)
///                 UInt32 element width in bytes (1, 4 or 8)
///                 UInt64 offset of the section from the start of the file
///                 UInt64 byte length of the section
///                 UInt64 XXH64 (seed 0) of the section's bytes
/// 24+32·S    4  UInt32 CRC-32C of bytes 0 ..< 24 + 32·S (header and table)
/// ```
///
/// Then the section payloads, each starting at a multiple of 8, zero-padded between.
/// Every payload byte is covered by its section's XXH64 checksum (chosen over
/// CRC-32C for sections because it verifies several times faster in Swift,
/// which keeps snapshot loads near the speed of the read itself). `Int` arrays are stored
/// as 64-bit integers, `Bool` arrays as one byte each (0 or 1). Arrays are written
/// and read as raw memory, which is little-endian on every platform this package
/// targets (x86-64, arm64).
///
/// The reader checks the header, the table checksum and every section's bounds
/// (inside the file, after the table, no overlap, whole elements) before it
/// allocates anything, then verifies each section's checksum, then the structure
/// (offset arrays ascending and matching their counts, indices in range), so a
/// damaged file yields an `InputError` and never a trap.
///
/// ## Sections
///
/// | tag    | width | contents | required |
/// |--------|-------|----------|----------|
/// | `CIDB` | 1 | customer id bytes (`CustomerTable.idBytes`) | yes |
/// | `CIDO` | 8 | customer id offsets, `count + 1` | yes |
/// | `CSLT` | 4 | customer hash slots | yes |
/// | `ANMB`, `ANMO` | 1, 8 | name bytes and offsets | when names exist |
/// | `ASPD` | 8 | spend (Double) | when spend exists |
/// | `AORD` | 8 | orders (Int64) | when orders exist |
/// | `ASGC` | 4 | segment codes | when segments exist |
/// | `ASNB`, `ASNO` | 1, 8 | segment names as UTF-8 bytes and offsets | yes |
/// | `AROW` | 1 | has-customer-row flags | when known |
/// | `FEOF`, `FETG` | 8, 4 | followees CSR offsets and targets | yes |
/// | `FROF`, `FRTG` | 8, 4 | followers CSR offsets and targets | yes |
/// | `FEWT`, `FRWT` | 8, 8 | followee / follower weights | when weighted |
/// | `RDOF`, `RDTG` | 8, 4 | referees CSR offsets and targets | yes |
/// | `RROF`, `RRTG` | 8, 4 | referrers CSR offsets and targets | yes |
/// | `RDTM`, `RRTM` | 8, 8 | referee / referrer times (Int64) | when timed |
/// | `RDRV`, `RRRV` | 8, 8 | referee / referrer revenues (Double) | when present |
/// | `RROW` | 4 | input row of each referrers edge | yes |
/// | `IRCT` | 8 | import report counters (9 × Int64) | yes |
/// | `IRSB`, `IRSO` | 1, 8 | self-referrer ids, bytes and offsets | yes |
/// | `IRBB`, `IRBO`, `IRBL` | 1, 8, 8 | first bad rows: (file, message) strings and lines | yes |
///
/// An optional array is absent exactly when its section is. Readers ignore
/// sections with unknown tags, so later versions can add sections without a
/// version bump.
enum SnapshotFile {
    static let magic: [UInt8] = Array("IGSNAP\r\n".utf8)
    static let version: UInt32 = 1
    static let headerSize = 24
    static let entrySize = 32

    /// The element types a section can hold.
    enum Kind: Sendable {
        case bytes, u32, i64, f64, int
        var width: Int { self == .bytes ? 1 : self == .u32 ? 4 : 8 }
    }

    /// One section's elements, typed.
    enum Payload {
        case bytes([UInt8]), u32([UInt32]), i64([Int64]), f64([Double]), int([Int])

        func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
            switch self {
            case .bytes(let a): return a.withUnsafeBytes(body)
            case .u32(let a): return a.withUnsafeBytes(body)
            case .i64(let a): return a.withUnsafeBytes(body)
            case .f64(let a): return a.withUnsafeBytes(body)
            case .int(let a): return a.withUnsafeBytes(body)
            }
        }

        var kind: Kind {
            switch self {
            case .bytes: return .bytes
            case .u32: return .u32
            case .i64: return .i64
            case .f64: return .f64
            case .int: return .int
            }
        }

        var byteCount: Int { withBytes { $0.count } }
    }

    /// The kind of every known tag.
    static let schema: [String: Kind] = [
        "CIDB": .bytes, "CIDO": .int, "CSLT": .u32,
        "ANMB": .bytes, "ANMO": .int, "ASPD": .f64, "AORD": .i64, "ASGC": .u32,
        "ASNB": .bytes, "ASNO": .int, "AROW": .bytes,
        "FEOF": .int, "FETG": .u32, "FROF": .int, "FRTG": .u32, "FEWT": .f64, "FRWT": .f64,
        "RDOF": .int, "RDTG": .u32, "RROF": .int, "RRTG": .u32,
        "RDTM": .i64, "RRTM": .i64, "RDRV": .f64, "RRRV": .f64, "RROW": .u32,
        "IRCT": .i64, "IRSB": .bytes, "IRSO": .int, "IRBB": .bytes, "IRBO": .int, "IRBL": .i64,
    ]

    /// The number of `ImportReport` counters in `IRCT`.
    static let counterCount = 9

    static func tagValue(_ tag: String) -> UInt32 {
        var value: UInt32 = 0
        for (i, byte) in tag.utf8.prefix(4).enumerated() { value |= UInt32(byte) << (8 * UInt32(i)) }
        return value
    }

    static func tagName(_ value: UInt32) -> String {
        let bytes = (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        return String(decoding: bytes.map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }

    static func align8(_ n: Int) -> Int { (n + 7) & ~7 }

    // MARK: Writing

    /// The sections of `graph`, in file order.
    static func sections(of graph: CustomerGraph) -> [(tag: String, payload: Payload)] {
        var out: [(tag: String, payload: Payload)] = []
        let c = graph.customers
        out.append(("CIDB", .bytes(c.idBytes)))
        out.append(("CIDO", .int(c.idOffsets)))
        out.append(("CSLT", .u32(c.slots)))
        let a = graph.attributes
        if let nameBytes = a.nameBytes, let nameOffsets = a.nameOffsets {
            out.append(("ANMB", .bytes(nameBytes)))
            out.append(("ANMO", .int(nameOffsets)))
        }
        if let spend = a.spend { out.append(("ASPD", .f64(spend))) }
        if let orders = a.orders { out.append(("AORD", .i64(orders))) }
        if let codes = a.segmentCodes { out.append(("ASGC", .u32(codes))) }
        let segments = encodeStrings(a.segmentNames)
        out.append(("ASNB", .bytes(segments.bytes)))
        out.append(("ASNO", .int(segments.offsets)))
        if let rows = a.hasCustomerRow { out.append(("AROW", .bytes(rows.map { $0 ? 1 : 0 }))) }
        let f = graph.follows
        out.append(("FEOF", .int(f.followees.offsets)))
        out.append(("FETG", .u32(f.followees.targets)))
        out.append(("FROF", .int(f.followers.offsets)))
        out.append(("FRTG", .u32(f.followers.targets)))
        if let w = f.followeeWeights { out.append(("FEWT", .f64(w))) }
        if let w = f.followerWeights { out.append(("FRWT", .f64(w))) }
        let r = graph.referrals
        out.append(("RDOF", .int(r.referees.offsets)))
        out.append(("RDTG", .u32(r.referees.targets)))
        out.append(("RROF", .int(r.referrers.offsets)))
        out.append(("RRTG", .u32(r.referrers.targets)))
        if let t = r.refereeTimes { out.append(("RDTM", .i64(t))) }
        if let t = r.referrerTimes { out.append(("RRTM", .i64(t))) }
        if let v = r.refereeRevenues { out.append(("RDRV", .f64(v))) }
        if let v = r.referrerRevenues { out.append(("RRRV", .f64(v))) }
        out.append(("RROW", .u32(r.referrerRows)))
        let report = graph.report
        let counters = [report.customerRows, report.customersFromEdges, report.followRows, report.duplicatesMerged,
                        report.selfLoopsDropped, report.referralRows, report.selfReferralsDropped,
                        report.refereesWithSeveralReferrers, report.badRowsSkipped].map { Int64($0) }
        out.append(("IRCT", .i64(counters)))
        let referrers = encodeStrings(report.selfReferrers)
        out.append(("IRSB", .bytes(referrers.bytes)))
        out.append(("IRSO", .int(referrers.offsets)))
        let badStrings = encodeStrings(report.firstBadRows.flatMap { [$0.file, $0.message] })
        out.append(("IRBB", .bytes(badStrings.bytes)))
        out.append(("IRBO", .int(badStrings.offsets)))
        out.append(("IRBL", .i64(report.firstBadRows.map { Int64($0.line) })))
        return out
    }

    static func encodeStrings(_ strings: [String]) -> (bytes: [UInt8], offsets: [Int]) {
        var bytes: [UInt8] = []
        var offsets = [0]
        offsets.reserveCapacity(strings.count + 1)
        for s in strings {
            bytes.append(contentsOf: s.utf8)
            offsets.append(bytes.count)
        }
        return (bytes, offsets)
    }

    static func appendLE<T: FixedWidthInteger>(_ value: T, to bytes: inout [UInt8]) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// Writes `graph` to `path` atomically: readers see the old file or the whole new one.
    ///
    /// - Parameters:
    ///   - threads: threads for the section checksums.
    ///   - failAfterBytes: a test seam; the write fails with "no space left" after this many bytes.
    /// - Throws: `InputError` when the file cannot be written; `path` is then unchanged.
    /// - Complexity: O(graph bytes).
    static func write(_ graph: CustomerGraph, to path: String, threads: Int, failAfterBytes: Int? = nil) throws(InputError) {
        let sections = sections(of: graph)
        var sums = [UInt64](repeating: 0, count: sections.count)
        sums.withUnsafeMutableBufferPointer { out in
            ParallelFor.run(chunks: sections.count, threads: threads) { i in
                out[i] = sections[i].payload.withBytes { XXH64.hash($0) }
            }
        }
        let tableEnd = headerSize + entrySize * sections.count
        var offset = align8(tableEnd + 4)
        var offsets: [Int] = []
        for section in sections {
            offsets.append(offset)
            offset = align8(offset + section.payload.byteCount)
        }
        let total = offset

        var header: [UInt8] = magic
        header.reserveCapacity(tableEnd + 8)
        appendLE(version, to: &header)
        appendLE(UInt32(sections.count), to: &header)
        appendLE(UInt64(total), to: &header)
        for (i, section) in sections.enumerated() {
            appendLE(tagValue(section.tag), to: &header)
            appendLE(UInt32(section.payload.kind.width), to: &header)
            appendLE(UInt64(offsets[i]), to: &header)
            appendLE(UInt64(section.payload.byteCount), to: &header)
            appendLE(sums[i], to: &header)
        }
        appendLE(header.withUnsafeBytes { CRC32C.checksum($0) }, to: &header)
        while header.count % 8 != 0 { header.append(0) }

        var file = try AtomicFile(path: path, failAfterBytes: failAfterBytes)
        try file.write(contentsOf: header)
        var position = header.count
        let zeros = [UInt8](repeating: 0, count: 8)
        for (i, section) in sections.enumerated() {
            var failure: InputError?
            section.payload.withBytes { raw in
                do throws(InputError) { try file.write(raw) } catch { failure = error }
            }
            if let failure { throw failure }
            position = offsets[i] + section.payload.byteCount
            let padding = align8(position) - position
            if padding > 0 {
                try file.write(contentsOf: Array(zeros[0..<padding]))
                position += padding
            }
        }
        try file.commit()
    }

    // MARK: Reading

    /// Whether the file at `path` starts with the snapshot magic.
    static func hasMagic(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: magic.count)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        return n == magic.count && bytes == magic
    }

    /// Reads exactly `buffer.count` bytes at `offset`; returns the bytes read (fewer at end of file).
    static func preadFully(_ fd: Int32, _ buffer: UnsafeMutableRawBufferPointer, at offset: Int, failure: inout Int32) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        var done = 0
        while done < buffer.count {
            let n = pread(fd, base + done, buffer.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                failure = errno
                return done
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Where the reader gets its bytes: fills a buffer from a file offset and
    /// returns the bytes read (fewer at end of input), setting `failure` to an
    /// `errno` on a read error. `pread` for files, a copy for memory.
    typealias ReadAt = (_ buffer: UnsafeMutableRawBufferPointer, _ offset: Int, _ failure: inout Int32) -> Int

    /// Reads `length` bytes at `offset` into a new array of `T`; `length` must be a multiple of `T`'s size.
    static func readArray<T: BitwiseCopyable>(_ readAt: ReadAt, _ path: String, offset: Int, length: Int,
                                              fileSize: Int, as type: T.Type) throws(InputError) -> [T] {
        let count = length / MemoryLayout<T>.stride
        var failure: Int32 = 0
        var got = 0
        let array = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            // Fresh 4 KiB page faults cost more than the copy itself on large sections.
            ScratchBuffer.adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
            got = readAt(UnsafeMutableRawBufferPointer(buffer), offset, &failure)
            initialized = got == length ? count : 0
        }
        if failure != 0 { throw FileBytes.error(path, failure) }
        if got != length {
            throw InputError(file: path, message: "truncated: expected \(fileSize) bytes, file has \(offset + got)")
        }
        return array
    }

    static func readU32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[at + i]) << (8 * UInt32(i)) }
        return v
    }

    static func readU64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[at + i]) << (8 * UInt64(i)) }
        return v
    }

    /// Loads a snapshot written by `write(_:to:threads:)`.
    ///
    /// The header and section table are validated (magic, version, length, table
    /// checksum, every section inside the file with a whole number of elements)
    /// before any array is allocated; then each section is read with one `pread`
    /// and its checksum verified on `threads` threads; then the arrays are checked
    /// for consistency (offsets ascending and matching counts, indices in range).
    ///
    /// - Throws: `InputError` naming what is wrong; never traps on file contents.
    /// - Complexity: O(file bytes).
    static func read(_ path: String, threads: Int) throws(InputError) -> CustomerGraph {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileBytes.error(path, errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileBytes.error(path, errno) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw InputError(file: path, message: "is a directory, not a file") }
        return try decode(name: path, size: Int(info.st_size), threads: threads) { buffer, offset, failure in
            preadFully(fd, buffer, at: offset, failure: &failure)
        }
    }

    /// Loads a snapshot held in memory (received over the network, embedded, or
    /// fuzzed), with the same checks as `read(_:threads:)`.
    ///
    /// - Parameters:
    ///   - bytes: the whole snapshot file.
    ///   - name: stands for the file in error messages.
    /// - Throws: `InputError` naming what is wrong; never traps on the bytes.
    /// - Complexity: O(bytes).
    static func read(_ bytes: UnsafeRawBufferPointer, name: String, threads: Int) throws(InputError) -> CustomerGraph {
        try decode(name: name, size: bytes.count, threads: threads) { buffer, offset, _ in
            let n = max(0, min(buffer.count, bytes.count - offset))
            if n > 0 { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset ..< offset + n])) }
            return n
        }
    }

    /// The reader behind both entry points: `size` bytes of input reached through `readAt`.
    static func decode(name path: String, size fileSize: Int, threads: Int, readAt: ReadAt) throws(InputError) -> CustomerGraph {
        func corrupted(_ message: String) -> InputError { InputError(file: path, message: "corrupted: " + message) }

        // Fixed header.
        var failure: Int32 = 0
        var header = [UInt8](repeating: 0, count: headerSize)
        let got = header.withUnsafeMutableBytes { readAt($0, 0, &failure) }
        if failure != 0 { throw FileBytes.error(path, failure) }
        guard header.prefix(min(got, magic.count)).elementsEqual(magic.prefix(min(got, magic.count))), got > 0 else {
            throw InputError(file: path, message: "not an InfluenceGraph snapshot (bad magic)")
        }
        guard got == headerSize else {
            throw InputError(file: path, message: "truncated: expected \(headerSize) bytes, file has \(got)")
        }
        let version = readU32(header, 8)
        if version > Self.version {
            throw InputError(file: path, message: "snapshot format version \(version) is newer than this build supports (\(Self.version))")
        }
        guard version == Self.version else { throw corrupted("unknown format version \(version)") }
        let sectionCount = Int(readU32(header, 12))
        let declared = readU64(header, 16)
        guard declared <= UInt64(Int.max) else { throw corrupted("declared file length \(declared) is impossible") }
        let total = Int(declared)
        if fileSize < total {
            throw InputError(file: path, message: "truncated: expected \(total) bytes, file has \(fileSize)")
        }
        guard sectionCount <= 4096 else { throw corrupted("\(sectionCount) sections is implausible") }
        let tableEnd = headerSize + entrySize * sectionCount
        guard tableEnd + 4 <= total else { throw corrupted("section table runs past the declared file length") }
        if fileSize > total {
            throw corrupted("file has \(fileSize) bytes but the header declares \(total)")
        }

        // Section table.
        var table = [UInt8](repeating: 0, count: tableEnd + 4)
        let tableGot = table.withUnsafeMutableBytes { readAt($0, 0, &failure) }
        if failure != 0 { throw FileBytes.error(path, failure) }
        guard tableGot == table.count else {
            throw InputError(file: path, message: "truncated: expected \(total) bytes, file has \(tableGot)")
        }
        let tableCRC = table.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[0..<tableEnd])) }
        guard tableCRC == readU32(table, tableEnd) else { throw corrupted("section table checksum mismatch") }

        struct Entry { var tag: String; var kind: Kind; var offset: Int; var length: Int; var checksum: UInt64 }
        var entries: [Entry] = []
        var seen = Set<String>()
        for s in 0..<sectionCount {
            let at = headerSize + entrySize * s
            let tag = tagName(readU32(table, at))
            let width = Int(readU32(table, at + 4))
            let offset = readU64(table, at + 8), length = readU64(table, at + 16)
            guard offset <= UInt64(total), length <= UInt64(total) - offset, offset >= UInt64(tableEnd + 4) else {
                throw corrupted("section '\(tag)' lies outside the file")
            }
            guard let kind = schema[tag] else { continue }  // a section from a later version
            guard width == kind.width else { throw corrupted("section '\(tag)' has element width \(width), expected \(kind.width)") }
            guard length % UInt64(width) == 0 else {
                throw corrupted("section '\(tag)' length \(length) is not a multiple of its element width \(width)")
            }
            guard seen.insert(tag).inserted else { throw corrupted("section '\(tag)' appears twice") }
            entries.append(Entry(tag: tag, kind: kind, offset: Int(offset), length: Int(length), checksum: readU64(table, at + 24)))
        }

        // Known sections may not overlap, so the arrays allocated below total at most the file size.
        let byOffset = entries.sorted { $0.offset < $1.offset }
        for (a, b) in zip(byOffset, byOffset.dropFirst()) where a.offset + a.length > b.offset {
            throw corrupted("sections '\(a.tag)' and '\(b.tag)' overlap")
        }

        // Payloads, then checksums in parallel.
        var payloads: [Payload] = []
        payloads.reserveCapacity(entries.count)
        for e in entries {
            switch e.kind {
            case .bytes: payloads.append(.bytes(try readArray(readAt, path, offset: e.offset, length: e.length, fileSize: total, as: UInt8.self)))
            case .u32: payloads.append(.u32(try readArray(readAt, path, offset: e.offset, length: e.length, fileSize: total, as: UInt32.self)))
            case .i64: payloads.append(.i64(try readArray(readAt, path, offset: e.offset, length: e.length, fileSize: total, as: Int64.self)))
            case .f64: payloads.append(.f64(try readArray(readAt, path, offset: e.offset, length: e.length, fileSize: total, as: Double.self)))
            case .int: payloads.append(.int(try readArray(readAt, path, offset: e.offset, length: e.length, fileSize: total, as: Int.self)))
            }
        }
        var sums = [UInt64](repeating: 0, count: payloads.count)
        let loaded = payloads
        sums.withUnsafeMutableBufferPointer { out in
            ParallelFor.run(chunks: loaded.count, threads: threads) { i in
                out[i] = loaded[i].withBytes { XXH64.hash($0) }
            }
        }
        var byTag: [String: Payload] = [:]
        for (i, e) in entries.enumerated() {
            guard sums[i] == e.checksum else { throw corrupted("checksum mismatch in section '\(e.tag)'") }
            byTag[e.tag] = loaded[i]
        }
        return try Decoder(path: path, sections: byTag).graph()
    }

    /// Turns checked sections into a graph, verifying that the arrays fit together.
    struct Decoder {
        let path: String
        let sections: [String: Payload]

        func corrupted(_ message: String) -> InputError { InputError(file: path, message: "corrupted: " + message) }
        func missing(_ tag: String) -> InputError { corrupted("missing section '\(tag)'") }

        func bytes(_ tag: String) throws(InputError) -> [UInt8]? {
            if case .bytes(let a)? = sections[tag] { return a }
            return nil
        }
        func u32(_ tag: String) throws(InputError) -> [UInt32]? {
            if case .u32(let a)? = sections[tag] { return a }
            return nil
        }
        func i64(_ tag: String) throws(InputError) -> [Int64]? {
            if case .i64(let a)? = sections[tag] { return a }
            return nil
        }
        func f64(_ tag: String) throws(InputError) -> [Double]? {
            if case .f64(let a)? = sections[tag] { return a }
            return nil
        }
        func int(_ tag: String) throws(InputError) -> [Int]? {
            if case .int(let a)? = sections[tag] { return a }
            return nil
        }
        func required<T>(_ tag: String, _ get: (String) throws(InputError) -> T?) throws(InputError) -> T {
            guard let value = try get(tag) else { throw missing(tag) }
            return value
        }

        /// Checks that `offsets` has `count + 1` ascending entries from 0 to `total`.
        func checkOffsets(_ offsets: [Int], count: Int?, total: Int, _ tag: String) throws(InputError) {
            guard !offsets.isEmpty, count.map({ offsets.count == $0 + 1 }) ?? true else {
                throw corrupted("section '\(tag)' has \(offsets.count) offsets, expected \((count ?? 0) + 1)")
            }
            guard offsets[0] == 0, offsets[offsets.count - 1] == total else {
                throw corrupted("offsets in section '\(tag)' do not span 0 ... \(total)")
            }
            var previous = 0
            for o in offsets {
                guard o >= previous else { throw corrupted("offsets in section '\(tag)' are not ascending") }
                previous = o
            }
        }

        func checkCount(_ count: Int, _ expected: Int, _ tag: String) throws(InputError) {
            guard count == expected else { throw corrupted("section '\(tag)' has \(count) elements, expected \(expected)") }
        }

        func strings(bytes bytesTag: String, offsets offsetsTag: String) throws(InputError) -> [String] {
            let bytes = try required(bytesTag, self.bytes)
            let offsets = try required(offsetsTag, self.int)
            try checkOffsets(offsets, count: nil, total: bytes.count, offsetsTag)
            return (0..<(offsets.count - 1)).map { String(decoding: bytes[offsets[$0] ..< offsets[$0 + 1]], as: UTF8.self) }
        }

        func csr(offsets offsetsTag: String, targets targetsTag: String, nodes: Int) throws(InputError) -> CSR {
            let offsets = try required(offsetsTag, self.int)
            let targets = try required(targetsTag, self.u32)
            try checkOffsets(offsets, count: nodes, total: targets.count, offsetsTag)
            for t in targets where Int(t) >= nodes {
                throw corrupted("section '\(targetsTag)' holds customer \(t) of \(nodes)")
            }
            return CSR(offsets: offsets, targets: targets)
        }

        func optionalColumn<T>(_ tag: String, _ get: (String) throws(InputError) -> [T]?, count: Int) throws(InputError) -> [T]? {
            guard let column = try get(tag) else { return nil }
            try checkCount(column.count, count, tag)
            return column
        }

        func graph() throws(InputError) -> CustomerGraph {
            // Customers.
            let idBytes = try required("CIDB", bytes)
            let idOffsets = try required("CIDO", int)
            let slots = try required("CSLT", u32)
            try checkOffsets(idOffsets, count: nil, total: idBytes.count, "CIDO")
            let n = idOffsets.count - 1
            guard slots.count > n, slots.count & (slots.count - 1) == 0 else {
                throw corrupted("section 'CSLT' has \(slots.count) slots for \(n) customers")
            }
            var present = [Bool](repeating: false, count: n)
            for s in slots where s != .max {
                guard Int(s) < n, !present[Int(s)] else { throw corrupted("section 'CSLT' holds an invalid customer \(s)") }
                present[Int(s)] = true
            }
            guard !present.contains(false) else { throw corrupted("section 'CSLT' misses customers") }
            let customers = CustomerTable(idBytes: idBytes, idOffsets: idOffsets, slots: slots)

            // Attributes.
            var attributes = CustomerAttributes()
            switch (try bytes("ANMB"), try int("ANMO")) {
            case (let b?, let o?):
                try checkOffsets(o, count: n, total: b.count, "ANMO")
                attributes.nameBytes = b
                attributes.nameOffsets = o
            case (nil, nil): break
            case (nil, _): throw missing("ANMB")
            case (_, nil): throw missing("ANMO")
            }
            attributes.spend = try optionalColumn("ASPD", f64, count: n)
            attributes.orders = try optionalColumn("AORD", i64, count: n)
            attributes.segmentNames = try strings(bytes: "ASNB", offsets: "ASNO")
            if let codes = try optionalColumn("ASGC", u32, count: n) {
                for c in codes where Int(c) >= attributes.segmentNames.count {
                    throw corrupted("section 'ASGC' holds segment \(c) of \(attributes.segmentNames.count)")
                }
                attributes.segmentCodes = codes
            }
            attributes.hasCustomerRow = try optionalColumn("AROW", bytes, count: n)?.map { $0 != 0 }

            // Follows.
            let followees = try csr(offsets: "FEOF", targets: "FETG", nodes: n)
            let followers = try csr(offsets: "FROF", targets: "FRTG", nodes: n)
            try checkCount(followers.edgeCount, followees.edgeCount, "FRTG")
            let follows = FollowEdges(
                followees: followees, followers: followers,
                followeeWeights: try optionalColumn("FEWT", f64, count: followees.edgeCount),
                followerWeights: try optionalColumn("FRWT", f64, count: followers.edgeCount))
            guard (follows.followeeWeights == nil) == (follows.followerWeights == nil) else {
                throw missing(follows.followeeWeights == nil ? "FEWT" : "FRWT")
            }

            // Referrals.
            let referees = try csr(offsets: "RDOF", targets: "RDTG", nodes: n)
            let referrers = try csr(offsets: "RROF", targets: "RRTG", nodes: n)
            let m = referees.edgeCount
            try checkCount(referrers.edgeCount, m, "RRTG")
            let rows = try required("RROW", u32)
            try checkCount(rows.count, m, "RROW")
            let referrals = ReferralEdges(
                referees: referees, referrers: referrers,
                refereeTimes: try optionalColumn("RDTM", i64, count: m),
                referrerTimes: try optionalColumn("RRTM", i64, count: m),
                refereeRevenues: try optionalColumn("RDRV", f64, count: m),
                referrerRevenues: try optionalColumn("RRRV", f64, count: m),
                referrerRows: rows)

            // Import report.
            let counters = try required("IRCT", i64)
            try checkCount(counters.count, SnapshotFile.counterCount, "IRCT")
            var report = ImportReport()
            let c = counters.map { Int(truncatingIfNeeded: $0) }
            report.customerRows = c[0]
            report.customersFromEdges = c[1]
            report.followRows = c[2]
            report.duplicatesMerged = c[3]
            report.selfLoopsDropped = c[4]
            report.referralRows = c[5]
            report.selfReferralsDropped = c[6]
            report.refereesWithSeveralReferrers = c[7]
            report.badRowsSkipped = c[8]
            report.selfReferrers = try strings(bytes: "IRSB", offsets: "IRSO")
            let badStrings = try strings(bytes: "IRBB", offsets: "IRBO")
            let badLines = try required("IRBL", i64)
            try checkCount(badStrings.count, 2 * badLines.count, "IRBO")
            report.firstBadRows = badLines.indices.map {
                ImportReport.BadRow(file: badStrings[2 * $0], line: Int(truncatingIfNeeded: badLines[$0]), message: badStrings[2 * $0 + 1])
            }

            return CustomerGraph(customers: customers, attributes: attributes, follows: follows,
                                 referrals: referrals, report: report)
        }
    }
}

extension CustomerGraph {
    /// Writes the graph as a binary snapshot (`.igs`) that `load(from:)` reads back
    /// without parsing. The file is replaced atomically.
    ///
    /// - Throws: `InputError` when the file cannot be written; `path` is then unchanged.
    /// - Complexity: O(graph bytes).
    public func writeSnapshot(to path: String, threads: Int = Threads.available) throws(InputError) {
        try SnapshotFile.write(self, to: path, threads: threads)
    }
}
