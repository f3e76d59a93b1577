/// Customer rows: `[id,]customer,name,spend,orders,segment[,pagerank,advocate,profile]`.
///
/// A column the graph does not have (no `name` in the input, say) is written empty in
/// every row, which Spark reads as null and Neo4j as "no property".
struct CustomerRows: ExportRowFormatter {
    /// The advocate score columns.
    struct Scores: Sendable {
        var pageRank: [Double]
        var advocate: [Double]
        /// Index into `labels` per customer.
        var profiles: [UInt8]
        var labels: CSVFieldTable

        /// The profile labels in code order.
        static let profileOrder: [AdvocateProfile] = [.advocate, .influencer, .bigSpender, .referrer, .other]

        init(_ result: AdvocateResult) {
            pageRank = result.pageRank.scores
            advocate = result.scores
            profiles = result.profiles.map { p in UInt8(Self.profileOrder.firstIndex(of: p) ?? Self.profileOrder.count - 1) }
            labels = CSVFieldTable(Self.profileOrder.map(\.rawValue))
        }
    }

    /// Spark's `id` column (the dense index) first; Neo4j rows start with the customer id.
    let withIndex: Bool
    let ids: CSVFieldTable
    let attributes: CustomerAttributes
    let segments: CSVFieldTable
    let scores: Scores?

    init(graph: CustomerGraph, ids: CSVFieldTable, scores: AdvocateResult?, withIndex: Bool) {
        self.withIndex = withIndex
        self.ids = ids
        self.attributes = graph.attributes
        self.segments = CSVFieldTable(graph.attributes.segmentNames)
        self.scores = scores.map(Scores.init)
    }

    func format(_ rows: Range<Int>, into sink: inout CSVByteSink) {
        let a = attributes
        // Fixed-width parts of a row: the index, numbers, separators.
        let fixed = 20 + 20 + 3 * ShortestDecimal.maximumLength + 16 + 3 * 8
        ids.bytes.withUnsafeBytes { idBytes in
        ids.offsets.withUnsafeBufferPointer { idOffsets in
        segments.bytes.withUnsafeBytes { segmentBytes in
        segments.offsets.withUnsafeBufferPointer { segmentOffsets in
        withOptionalBuffer(a.nameBytes) { nameBytes in
        withOptionalBuffer(a.nameOffsets) { nameOffsets in
        withOptionalBuffer(a.spend) { spend in
        withOptionalBuffer(a.orders) { orders in
        withOptionalBuffer(a.segmentCodes) { segmentCodes in
        withOptionalBuffer(scores?.pageRank) { pageRank in
        withOptionalBuffer(scores?.advocate) { advocate in
        withOptionalBuffer(scores?.profiles) { profiles in
        withOptionalBuffer(scores?.labels.bytes) { labelBytes in
        withOptionalBuffer(scores?.labels.offsets) { labelOffsets in
            let variable = segments.longest + (scores?.labels.longest ?? 0)
            for c in rows {
                var name = UnsafeRawBufferPointer(start: nil, count: 0)
                if let nameBytes, let nameOffsets {
                    name = UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(nameBytes)[nameOffsets[c] ..< nameOffsets[c + 1]])
                }
                sink.reserve(fixed + variable + ids.longest + CSVByteSink.fieldBound(name.count))
                if withIndex {
                    sink.appendDecimal(UInt64(c))
                    sink.append(0x2C)
                }
                CSVFieldTable.append(c, bytes: idBytes.baseAddress!, offsets: idOffsets, to: &sink)
                sink.append(0x2C)
                sink.appendField(name)
                sink.append(0x2C)
                if let spend { sink.appendDouble(spend[c]) }
                sink.append(0x2C)
                if let orders { sink.appendDecimal(orders[c]) }
                sink.append(0x2C)
                if let segmentCodes {
                    CSVFieldTable.append(Int(segmentCodes[c]), bytes: segmentBytes.baseAddress!, offsets: segmentOffsets, to: &sink)
                }
                if let pageRank, let advocate, let profiles, let labelBytes, let labelOffsets {
                    sink.append(0x2C)
                    sink.appendDouble(pageRank[c])
                    sink.append(0x2C)
                    sink.appendDouble(advocate[c])
                    sink.append(0x2C)
                    CSVFieldTable.append(Int(profiles[c]), bytes: labelBytes.baseAddress!, offsets: labelOffsets, to: &sink)
                }
                sink.append(0x0A)
            }
        }}}}}}}}}}}}}}
    }
}
