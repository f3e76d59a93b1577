extension CSVDirectoryLoader {
    /// Reads `referrals.csv` contents into `builder`.
    func loadReferrals(_ contents: UnsafeRawBufferPointer, name path: String, into builder: inout GraphBuilder) throws(InputError) {
        _ = try loadReferrals(.bytes(contents), name: path, into: &builder)
    }

    /// Reads `referrals.csv` into `builder`.
    func loadReferrals(_ input: Input, name path: String, into builder: inout GraphBuilder) throws(InputError) -> FileOutcome {
        // Bytes not yet seen, from which each window estimates the rows to come.
        var unread = 0
        if case .file(let file) = input { unread = FileBytes.size(of: file) }
        return try forEachWindow(input, name: path, role: .referrals, builder: &builder) {
            (region, header, line, isLast, validUTF8, builder) throws(InputError) -> WindowOutcome in
            unread = max(0, unread - region.count)
            let columns = header.fields
            let timed = columns[2] >= 0, hasRevenue = columns[3] >= 0
            // Each row keeps its time (`ReferralEdges.noTime` for none) and revenue (NaN for none).
            guard let scanned = try scanIDPairs(region, line: line, isLast: isLast, validUTF8: validUTF8, header: header, name: path,
                                                table: &builder.customers, extra: 16, record: {
                (chunk: inout IDPairChunk, scanner: inout CSVScanner, spans, fieldCount) throws(RowError) in
                let time = try CSVValues.time(scanner.bytes(spans[2]), name: "time")
                let revenue = try CSVValues.number(scanner.bytes(spans[3]), name: "revenue", allowNegative: false)
                let x = try CSVValues.id(scanner.bytes(spans[0]), column: columns[0], fieldCount: fieldCount, name: "referrer")
                let y = try CSVValues.id(scanner.bytes(spans[1]), column: columns[1], fieldCount: fieldCount, name: "referee")
                let row = try chunk.add(x, escaped: spans[0].start < 0, y, escaped: spans[1].start < 0)
                chunk.values(Int64.self, at: 0)[row] = time ?? ReferralEdges.noTime
                chunk.values(Double.self, at: 1)[row] = revenue ?? .nan
            }) else { return .misaligned }
            let rows = scanned.results.reduce(0) { $0 + $1.state.rows }
            let rowsAfter = isLast || region.isEmpty ? 0 : Int(Double(rows) * Double(unread) / Double(region.count))
            builder.reserveReferrals(adding: rows + rowsAfter, hasTimeColumn: timed, hasRevenueColumn: hasRevenue, threads: options.threads)
            for (c, result) in scanned.results.enumerated() {
                try settle(result, chunk: c, late: [], input: region, chunks: scanned.chunks, name: path, report: &builder.report)
                let chunk = result.state, rows = 0 ..< chunk.rows
                builder.appendReferrals(sources: UnsafeBufferPointer(rebasing: chunk.first[rows]),
                                        targets: UnsafeBufferPointer(rebasing: chunk.second[rows]),
                                        times: UnsafeBufferPointer(rebasing: chunk.values(Int64.self, at: 0)[rows]),
                                        revenues: UnsafeBufferPointer(rebasing: chunk.values(Double.self, at: 1)[rows]),
                                        hasTimeColumn: timed, hasRevenueColumn: hasRevenue)
            }
            // The rows are copied: the next window's rows reuse their room.
            if let room = scanned.results.first?.state.memory { pool?.giveBack(room) }
            return outcome(scanned.results, line: line)
        }
    }
}
