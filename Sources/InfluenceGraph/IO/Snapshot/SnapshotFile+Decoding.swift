extension SnapshotFile {
    /// The reader behind both entry points: `size` bytes of input reached through `readAt`.
    static func decode(name path: String, size fileSize: Int, threads: Int, pieceBytes: Int = defaultPieceBytes,
                       readAt: ReadAt) throws(InputError) -> CustomerGraph {
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
        guard version >= 1 else { throw corrupted("unknown format version \(version)") }
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
            func read<T: BitwiseCopyable>(_ type: T.Type) throws(InputError) -> [T] {
                try readArray(readAt, path, offset: e.offset, length: e.length, fileSize: total,
                              threads: threads, pieceBytes: pieceBytes, as: T.self)
            }
            switch e.kind {
            case .bytes: payloads.append(.bytes(try read(UInt8.self)))
            case .u16: payloads.append(.u16(try read(UInt16.self)))
            case .u32: payloads.append(.u32(try read(UInt32.self)))
            case .i64: payloads.append(.i64(try read(Int64.self)))
            case .f64: payloads.append(.f64(try read(Double.self)))
            case .int: payloads.append(.int(try read(Int.self)))
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
        return try Decoder(path: path, sections: byTag, threads: threads).graph()
    }

    /// Turns checked sections into a graph, verifying that the arrays fit together.
    struct Decoder {
        let path: String
        let sections: [String: Payload]
        let threads: Int
        /// The fewest elements a parallel check gives one chunk (lowered by tests, so
        /// small arrays cross chunk boundaries).
        var minimumPerChunk = 1 << 18

        func corrupted(_ message: String) -> InputError { InputError(file: path, message: "corrupted: " + message) }
        func missing(_ tag: String) -> InputError { corrupted("missing section '\(tag)'") }

        func bytes(_ tag: String) throws(InputError) -> [UInt8]? {
            if case .bytes(let a)? = sections[tag] { return a }
            return nil
        }
        func u16(_ tag: String) throws(InputError) -> [UInt16]? {
            if case .u16(let a)? = sections[tag] { return a }
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

        /// The largest element of `array` (0 when empty). The checks read every edge of
        /// a large graph more than once, so they run in parallel chunks, each a plain
        /// loop the compiler vectorizes.
        func largest<T: FixedWidthInteger & UnsignedInteger>(_ array: [T]) -> T {
            array.withUnsafeBufferPointer { a in
                let bounds = ParallelFor.evenBoundaries(count: a.count, parts: ParallelFor.chunkCount(forWork: a.count, minimumPerChunk: minimumPerChunk))
                return ParallelFor.map(chunks: bounds.count - 1, threads: threads) { c -> T in
                    var m: T = 0
                    for i in bounds[c] ..< bounds[c + 1] { m = max(m, a[i]) }
                    return m
                }.max() ?? 0
            }
        }

        /// Checks that `offsets` has `count + 1` ascending entries from 0 to `total`.
        func checkOffsets(_ offsets: [Int], count: Int?, total: Int, _ tag: String) throws(InputError) {
            guard !offsets.isEmpty, count.map({ offsets.count == $0 + 1 }) ?? true else {
                throw corrupted("section '\(tag)' has \(offsets.count) offsets, expected \((count ?? 0) + 1)")
            }
            guard offsets[0] == 0, offsets[offsets.count - 1] == total else {
                throw corrupted("offsets in section '\(tag)' do not span 0 ... \(total)")
            }
            let ascending = offsets.withUnsafeBufferPointer { o in
                let pairs = o.count - 1
                let bounds = ParallelFor.evenBoundaries(count: pairs, parts: ParallelFor.chunkCount(forWork: pairs, minimumPerChunk: minimumPerChunk))
                return ParallelFor.map(chunks: bounds.count - 1, threads: threads) { c -> Bool in
                    var descents = 0
                    for i in bounds[c] ..< bounds[c + 1] { descents &+= o[i + 1] < o[i] ? 1 : 0 }
                    return descents == 0
                }.allSatisfy { $0 }
            }
            guard ascending else { throw corrupted("offsets in section '\(tag)' are not ascending") }
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
            if Int(largest(targets)) >= nodes, let t = targets.first(where: { Int($0) >= nodes }) {
                throw corrupted("section '\(targetsTag)' holds customer \(t) of \(nodes)")
            }
            return CSR(offsets: offsets, targets: targets)
        }

        func optionalColumn<T>(_ tag: String, _ get: (String) throws(InputError) -> [T]?, count: Int) throws(InputError) -> [T]? {
            guard let column = try get(tag) else { return nil }
            try checkCount(column.count, count, tag)
            return column
        }

        /// One direction's weights: codes and their table, or plain values (coded
        /// here when few are distinct, as a version 1 file stores them).
        func weights(codes codesTag: String, table tableTag: String, plain plainTag: String, count: Int) throws(InputError) -> EdgeWeights? {
            let codes = try optionalColumn(codesTag, u16, count: count)
            let table = try f64(tableTag)
            let plain = try optionalColumn(plainTag, f64, count: count)
            switch (codes, table, plain) {
            case (nil, nil, nil): return nil
            case (nil, nil, let plain?): return plain.withUnsafeBufferPointer { EdgeWeights($0, threads: threads) }
            case (let codes?, let table?, nil):
                guard table.count <= EdgeWeights.maximumTableCount else {
                    throw corrupted("section '\(tableTag)' holds \(table.count) weights, more than \(EdgeWeights.maximumTableCount)")
                }
                if Int(largest(codes)) >= table.count, let bad = codes.first(where: { Int($0) >= table.count }) {
                    throw corrupted("section '\(codesTag)' holds weight code \(bad) of \(table.count)")
                }
                return EdgeWeights(codes: codes, table: table)
            case (_, _, _?): throw corrupted("sections '\(plainTag)' and '\(codes == nil ? tableTag : codesTag)' both present")
            case (nil, _, nil): throw missing(codesTag)
            case (_, nil, nil): throw missing(tableTag)
            }
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
            // Each customer in one slot. The slots name customers in hash order, so the
            // marks are read at random: a bit each stays in cache where a flag each would not.
            var present = Bitmap(count: n)
            var placed = 0
            for s in slots where s != .max {
                guard Int(s) < n, !present.contains(Int(s)) else { throw corrupted("section 'CSLT' holds an invalid customer \(s)") }
                present.insert(Int(s))
                placed += 1
            }
            guard placed == n else { throw corrupted("section 'CSLT' misses customers") }
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
                let names = attributes.segmentNames.count
                if Int(largest(codes)) >= names, let c = codes.first(where: { Int($0) >= names }) {
                    throw corrupted("section 'ASGC' holds segment \(c) of \(names)")
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
                followeeWeights: try weights(codes: "FEWC", table: "FEWV", plain: "FEWT", count: followees.edgeCount),
                followerWeights: try weights(codes: "FRWC", table: "FRWV", plain: "FRWT", count: followers.edgeCount))
            guard (follows.followeeWeights == nil) == (follows.followerWeights == nil) else {
                throw missing(follows.followeeWeights == nil ? "FEWC" : "FRWC")
            }

            // Referrals.
            let referees = try csr(offsets: "RDOF", targets: "RDTG", nodes: n)
            let referrers = try csr(offsets: "RROF", targets: "RRTG", nodes: n)
            let m = referees.edgeCount
            try checkCount(referrers.edgeCount, m, "RRTG")
            let rows = try required("RROW", u32)
            try checkCount(rows.count, m, "RROW")
            func times(_ tag: String) throws(InputError) -> [Int64]? {
                guard let column = try optionalColumn(tag, i64, count: m) else { return nil }
                for t in column where t != ReferralEdges.noTime && !ReferralEdges.timeRange.contains(t) {
                    throw corrupted("section '\(tag)' holds time \(t), outside \(Timestamp.rangeText)")
                }
                return column
            }
            let referrals = ReferralEdges(
                referees: referees, referrers: referrers,
                refereeTimes: try times("RDTM"),
                referrerTimes: try times("RRTM"),
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
