extension CSVDirectoryLoader {
    /// One chunk of a two-id file (follows, referrals): where each row's two ids
    /// are (ids 2r and 2r + 1) and, once `lookUp` ran, their customer indices, with
    /// ids the table did not hold as `UInt32.max` until `settleUnknowns` adds them.
    struct IDPairChunk {
        var starts: [Int] = []
        var ends: [Int] = []
        var hashes: [UInt64] = []
        /// Ids that held doubled quotes, unescaped (`starts` of these are negative).
        var arena: [UInt8] = []
        var indices: [UInt32] = []
        var records = 0

        init(capacity: Int) {
            starts.reserveCapacity(2 * capacity)
            ends.reserveCapacity(2 * capacity)
            hashes.reserveCapacity(2 * capacity)
        }

        /// Rows held: ids over two, before and after `settleUnknowns` drops the locations.
        var rows: Int { max(hashes.count, indices.count) / 2 }

        /// Adds the two ids of a row, once both are known to be valid UTF-8 (no id
        /// the table holds is invalid, so this is the check a lookup would make).
        @inline(__always)
        mutating func add(_ first: CSVScanner.Span, _ firstBytes: UnsafeRawBufferPointer,
                          _ second: CSVScanner.Span, _ secondBytes: UnsafeRawBufferPointer) throws(RowError) {
            try CSVValues.requireUTF8(firstBytes)
            try CSVValues.requireUTF8(secondBytes)
            add(first, firstBytes)
            add(second, secondBytes)
        }

        @inline(__always)
        private mutating func add(_ span: CSVScanner.Span, _ bytes: UnsafeRawBufferPointer) {
            if span.start >= 0 {
                starts.append(span.start)
                ends.append(span.start + span.count)
            } else {
                starts.append(~arena.count)
                arena.append(contentsOf: bytes)
                ends.append(arena.count)
            }
            hashes.append(ByteHash.hash(bytes))
        }

        /// Resolves every id the table holds, read-only.
        mutating func lookUp(in table: CustomerTable, file: UnsafeRawBufferPointer) {
            indices = uninitializedArray(UInt32.self, count: hashes.count)
            starts.withUnsafeBufferPointer { starts in
            ends.withUnsafeBufferPointer { ends in
            hashes.withUnsafeBufferPointer { hashes in
            arena.withUnsafeBytes { arena in
            indices.withUnsafeMutableBufferPointer { out in
                table.lookUp(IDLocations(file: file.baseAddress, arena: arena.baseAddress, starts: starts, ends: ends, hashes: hashes), into: out)
            }}}}}
        }

        /// Adds the ids the table did not hold, in order, as new customers; returns
        /// the row whose id did not fit, if any.
        mutating func settleUnknowns(into table: inout CustomerTable, file: UnsafeRawBufferPointer) -> Int? {
            for i in 0 ..< indices.count where indices[i] == .max {
                let s = starts[i]
                do throws(CapacityError) {
                    if s >= 0 {
                        indices[i] = try table.intern(UnsafeRawBufferPointer(rebasing: file[s ..< ends[i]]), hash: hashes[i]).index
                    } else {
                        indices[i] = try arena.intern(~s ..< ends[i], into: &table).index
                    }
                } catch {
                    return i / 2
                }
            }
            starts = []
            ends = []
            hashes = []
            arena = []
            return nil
        }
    }

    /// Looks every chunk's ids up in parallel, then adds the new ones in file order;
    /// throws the capacity error at the row where customers ran out.
    func resolveIDs<State>(_ results: inout [CSVChunkResult<State>], _ ids: WritableKeyPath<State, IDPairChunk>,
                           table: inout CustomerTable, input: UnsafeRawBufferPointer, chunks: CSVChunks, name path: String) throws(InputError) {
        table.beginLoading(expecting: 0)
        let snapshot = table
        results.withUnsafeMutableBufferPointer { results in
            let shared = UncheckedSendable(results)
            ParallelFor.run(chunks: results.count, threads: options.threads) { c in
                shared.value[c].state[keyPath: ids].lookUp(in: snapshot, file: input)
            }
        }
        for c in results.indices {
            if let row = results[c].state[keyPath: ids].settleUnknowns(into: &table, file: input) {
                let record = CSVChunkScan.record(ofRow: row, badRecords: results[c].badRecords)
                throw InputError(file: path, line: line(ofRecord: record, chunk: c, in: input, chunks: chunks), message: CapacityError.message)
            }
        }
    }

    /// Reads `follows.csv` contents into `builder`.
    func loadFollows(_ contents: UnsafeRawBufferPointer, name path: String, into builder: inout GraphBuilder) throws(InputError) {
        struct Chunk {
            var ids: IDPairChunk
            var weights: [Double] = []
        }
        guard let header = try header(contents, name: path, required: ["follower", "followee"], optional: ["weight"],
                                      report: &builder.report) else { return }
        let columns = header.fields
        let weighted = columns[2] >= 0
        var scanned = scan(contents, header: header, makeState: { bytes in Chunk(ids: IDPairChunk(capacity: bytes / 24)) }) {
            (chunk: inout Chunk, scanner: inout CSVScanner, spans, fieldCount) throws(RowError) in
            defer { chunk.ids.records += 1 }
            let weight = try CSVValues.number(scanner.bytes(spans[2]), name: "weight", allowNegative: false)
            let follower = try CSVValues.id(scanner.bytes(spans[0]), column: columns[0], fieldCount: fieldCount, name: "follower")
            let followee = try CSVValues.id(scanner.bytes(spans[1]), column: columns[1], fieldCount: fieldCount, name: "followee")
            try chunk.ids.add(spans[0], follower, spans[1], followee)
            if weighted { chunk.weights.append(weight ?? 1) }
        }
        try resolveIDs(&scanned.results, \.ids, table: &builder.customers, input: contents, chunks: scanned.chunks, name: path)
        var rows: [GraphBuilder.RowChunk] = []
        var memory: [ScratchBuffer] = []
        for (c, result) in scanned.results.enumerated() {
            try settle(result, chunk: c, late: [], input: contents, chunks: scanned.chunks, name: path, report: &builder.report)
            let count = result.state.ids.rows
            guard count > 0 else { continue }
            let buffer = ScratchBuffer(byteCount: count * (weighted ? 16 : 8))
            let sources = buffer.buffer(at: 0, count: count, as: UInt32.self)
            let targets = buffer.buffer(at: count * 4, count: count, as: UInt32.self)
            let indices = result.state.ids.indices
            for r in 0 ..< count {
                sources[r] = indices[2 * r]
                targets[r] = indices[2 * r + 1]
            }
            var weights: UnsafeBufferPointer<Double>?
            if weighted {
                let w = buffer.buffer(at: count * 8, count: count, as: Double.self)
                _ = w.initialize(from: result.state.weights)
                weights = UnsafeBufferPointer(w)
            }
            rows.append(GraphBuilder.RowChunk(sources: UnsafeBufferPointer(sources), targets: UnsafeBufferPointer(targets), weights: weights))
            memory.append(buffer)
        }
        builder.appendFollowRows(ChunkedFollowRows(chunks: rows, memory: memory))
    }
}
