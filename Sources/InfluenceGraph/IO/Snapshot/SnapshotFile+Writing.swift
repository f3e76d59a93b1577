extension SnapshotFile {
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
        appendWeights(f.followeeWeights, codes: "FEWC", table: "FEWV", plain: "FEWT", to: &out)
        appendWeights(f.followerWeights, codes: "FRWC", table: "FRWV", plain: "FRWT", to: &out)
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

    /// Sections for `weights`: codes and their table, or plain values.
    static func appendWeights(_ weights: EdgeWeights?, codes: String, table: String, plain: String,
                              to out: inout [(tag: String, payload: Payload)]) {
        guard let weights else { return }
        if let units = weights.codes {
            out.append((codes, .u16(units)))
            out.append((table, .f64(weights.table)))
        } else {
            out.append((plain, .f64(weights.table)))
        }
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
    /// - Throws: `OutputError` when the file cannot be written; `path` is then unchanged.
    /// - Complexity: O(graph bytes).
    static func write(_ graph: CustomerGraph, to path: String, threads: Int, failAfterBytes: Int? = nil) throws(OutputError) {
        try write(sections: sections(of: graph), version: version, to: path, threads: threads, failAfterBytes: failAfterBytes)
    }

    /// Writes `sections` under a header of format `version`; tests use it to make
    /// files of an earlier version.
    static func write(sections: [(tag: String, payload: Payload)], version: UInt32, to path: String, threads: Int,
                      failAfterBytes: Int? = nil) throws(OutputError) {
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
            var failure: OutputError?
            section.payload.withBytes { raw in
                do throws(OutputError) { try file.write(raw) } catch { failure = error }
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
}

extension CustomerGraph {
    /// Writes the graph as a binary snapshot (`.igs`) that `load(from:)` reads back
    /// without parsing. The file is replaced atomically.
    ///
    /// - Throws: `OutputError` when the file cannot be written; `path` is then unchanged.
    /// - Complexity: O(graph bytes).
    public func writeSnapshot(to path: String, threads: Int = Threads.available) throws(OutputError) {
        try SnapshotFile.write(self, to: path, threads: threads)
    }
}
