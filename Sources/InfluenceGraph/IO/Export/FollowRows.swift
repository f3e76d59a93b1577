/// Follow rows in source order, each source's followees in input order. Spark:
/// `src,dst,weight` with dense indices; Neo4j: `start,end,FOLLOWS,weight` with
/// customer ids. The weight is empty in every row of an unweighted graph.
struct FollowRows: ExportRowFormatter {
    let followees: CSR
    let weights: EdgeWeights?
    /// Customer ids as fields for Neo4j; `nil` writes dense indices (Spark).
    let ids: CSVFieldTable?

    init(graph: CustomerGraph, ids: CSVFieldTable?) {
        followees = graph.follows.followees
        weights = graph.follows.followeeWeights
        self.ids = ids
    }

    func format(_ rows: Range<Int>, into sink: inout CSVByteSink) {
        guard !rows.isEmpty else { return }
        followees.offsets.withUnsafeBufferPointer { offsets in
        followees.targets.withUnsafeBufferPointer { targets in
        withOptionalView(weights) { weights in
            var source = ExportPartitioning.source(ofEdge: rows.lowerBound, offsets: offsets)
            var end = offsets[source + 1]
            let rowBound = 24 + 20 + ShortestDecimal.maximumLength + 2
            guard let ids else {
                var prefix = CSVRowPrefix(decimal: UInt64(source))
                for e in rows {
                    if e >= end {
                        repeat { source += 1; end = offsets[source + 1] } while e >= end
                        prefix = CSVRowPrefix(decimal: UInt64(source))
                    }
                    sink.reserve(rowBound)
                    sink.append(prefix)
                    sink.appendDecimal(UInt64(targets[e]))
                    sink.append(0x2C)
                    if let weights { sink.appendDouble(weights[e]) }
                    sink.append(0x0A)
                }
                return
            }
            ids.bytes.withUnsafeBytes { idBytes in
            ids.offsets.withUnsafeBufferPointer { idOffsets in
                // Padded to a whole word for `appendWords`.
                let type = Array(",FOLLOWS,".utf8) + [0, 0, 0, 0, 0, 0, 0]
                for e in rows {
                    while e >= end { source += 1; end = offsets[source + 1] }
                    let target = Int(targets[e])
                    sink.reserve(rowBound + 2 * ids.longest + 16)
                    CSVFieldTable.append(source, bytes: idBytes.baseAddress!, offsets: idOffsets, to: &sink)
                    sink.append(0x2C)
                    CSVFieldTable.append(target, bytes: idBytes.baseAddress!, offsets: idOffsets, to: &sink)
                    type.withUnsafeBytes { sink.appendWords($0.baseAddress!, count: 9) }
                    if let weights { sink.appendDouble(weights[e]) }
                    sink.append(0x0A)
                }
            }}
        }}}
    }
}
