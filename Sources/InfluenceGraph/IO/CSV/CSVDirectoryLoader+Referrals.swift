extension CSVDirectoryLoader {
    /// Reads `referrals.csv` contents into `builder`.
    func loadReferrals(_ contents: UnsafeRawBufferPointer, name path: String, into builder: inout GraphBuilder) throws(InputError) {
        struct Chunk {
            var ids: IDPairChunk
            var times: [Int64?] = []
            var revenues: [Double?] = []
        }
        guard let header = try header(contents, name: path, required: ["referrer", "referee"], optional: ["time", "revenue"],
                                      report: &builder.report) else { return }
        let columns = header.fields
        let timed = columns[2] >= 0, hasRevenue = columns[3] >= 0
        var scanned = scan(contents, header: header, makeState: { bytes in Chunk(ids: IDPairChunk(capacity: bytes / 48)) }) {
            (chunk: inout Chunk, scanner: inout CSVScanner, spans, fieldCount) throws(RowError) in
            defer { chunk.ids.records += 1 }
            let time = try CSVValues.time(scanner.bytes(spans[2]), name: "time")
            let revenue = try CSVValues.number(scanner.bytes(spans[3]), name: "revenue", allowNegative: false)
            let referrer = try CSVValues.id(scanner.bytes(spans[0]), column: columns[0], fieldCount: fieldCount, name: "referrer")
            let referee = try CSVValues.id(scanner.bytes(spans[1]), column: columns[1], fieldCount: fieldCount, name: "referee")
            try chunk.ids.add(spans[0], referrer, spans[1], referee)
            if timed { chunk.times.append(time) }
            if hasRevenue { chunk.revenues.append(revenue) }
        }
        try resolveIDs(&scanned.results, \.ids, table: &builder.customers, input: contents, chunks: scanned.chunks, name: path)
        for (c, result) in scanned.results.enumerated() {
            try settle(result, chunk: c, late: [], input: contents, chunks: scanned.chunks, name: path, report: &builder.report)
            let state = result.state
            for i in 0 ..< state.ids.rows {
                builder.addReferral(state.ids.indices[2 * i], state.ids.indices[2 * i + 1], time: timed ? state.times[i] : nil,
                                    revenue: hasRevenue ? state.revenues[i] : nil, hasTimeColumn: timed, hasRevenueColumn: hasRevenue)
            }
        }
    }
}
