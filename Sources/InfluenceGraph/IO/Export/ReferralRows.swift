/// Referral rows in referrer order, each referrer's rows in input order. Spark:
/// `src,dst,time,revenue,row` with dense indices; Neo4j: `start,end,REFERRED,time,revenue,row`
/// with customer ids. `time` is UTC ISO 8601 and `revenue` a decimal, each empty when
/// the row had none; `row` is the row's 0-based position among the kept input rows,
/// which breaks ties between equal times the way attribution does.
struct ReferralRows: ExportRowFormatter {
    let referees: CSR
    let times: [Int64]?
    let revenues: [Double]?
    let inputRows: [UInt32]
    /// Customer ids as fields for Neo4j; `nil` writes dense indices (Spark).
    let ids: CSVFieldTable?

    init(graph: CustomerGraph, ids: CSVFieldTable?) {
        let r = graph.referrals
        referees = r.referees
        times = r.refereeTimes
        revenues = r.refereeRevenues
        inputRows = r.refereeRows()
        self.ids = ids
    }

    func format(_ rows: Range<Int>, into sink: inout CSVByteSink) {
        guard !rows.isEmpty else { return }
        let noIDs: [UInt8] = [], noOffsets: [Int] = []
        referees.offsets.withUnsafeBufferPointer { offsets in
        referees.targets.withUnsafeBufferPointer { targets in
        inputRows.withUnsafeBufferPointer { inputRows in
        withOptionalBuffer(times) { times in
        withOptionalBuffer(revenues) { revenues in
        (ids?.bytes ?? noIDs).withUnsafeBytes { idBytes in
        (ids?.offsets ?? noOffsets).withUnsafeBufferPointer { idOffsets in
            var source = ExportPartitioning.source(ofEdge: rows.lowerBound, offsets: offsets)
            var end = offsets[source + 1]
            let rowBound = 24 + 20 + 10 + CSVByteSink.timestampBound + ShortestDecimal.maximumLength + 20 + 2 * (ids?.longest ?? 0) + 16
            var prefix = CSVRowPrefix(decimal: UInt64(source))
            for e in rows {
                if e >= end {
                    repeat { source += 1; end = offsets[source + 1] } while e >= end
                    if ids == nil { prefix = CSVRowPrefix(decimal: UInt64(source)) }
                }
                sink.reserve(rowBound)
                let target = Int(targets[e])
                if ids == nil {
                    sink.append(prefix)
                    sink.appendDecimal(UInt64(target))
                } else {
                    CSVFieldTable.append(source, bytes: idBytes.baseAddress!, offsets: idOffsets, to: &sink)
                    sink.append(0x2C)
                    CSVFieldTable.append(target, bytes: idBytes.baseAddress!, offsets: idOffsets, to: &sink)
                    for byte in ",REFERRED".utf8 { sink.append(byte) }
                }
                sink.append(0x2C)
                if let times, times[e] != ReferralEdges.noTime { sink.appendTimestamp(times[e]) }
                sink.append(0x2C)
                if let revenues, !revenues[e].isNaN { sink.appendDouble(revenues[e]) }
                sink.append(0x2C)
                sink.appendDecimal(UInt64(inputRows[e]))
                sink.append(0x0A)
            }
        }}}}}}}
    }
}

extension ReferralEdges {
    /// The input row of each edge of `referees`, the counterpart of `referrerRows`.
    ///
    /// Rows are numbered 0..<count in the order they were kept, and each referrer's
    /// edges are in row order, so placing the rows in increasing order at their
    /// referrer's next free position gives each edge's row.
    ///
    /// - Complexity: O(V + E) time and memory.
    func refereeRows() -> [UInt32] {
        let count = self.count
        var referrerOfRow = [UInt32](repeating: 0, count: count)
        for e in 0..<count { referrerOfRow[Int(referrerRows[e])] = referrers.targets[e] }
        var next = Array(referees.offsets.dropLast())
        var rows = [UInt32](repeating: 0, count: count)
        for r in 0..<count {
            let s = Int(referrerOfRow[r])
            rows[next[s]] = UInt32(r)
            next[s] += 1
        }
        return rows
    }
}
