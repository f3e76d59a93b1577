extension CSVDirectoryLoader {
    /// One chunk of a two-id file (follows, referrals): rows of two customer indices
    /// and `extra` bytes of values each, written in place into one buffer with room
    /// for `capacity` rows. Ids are looked up as they are read
    /// (`IDLookupPipeline`); ids the table does not hold wait as `UInt32.max`, their
    /// bytes kept, until `settleUnknowns` adds them in order.
    struct IDPairChunk {
        let memory: ScratchBuffer
        let capacity: Int
        var rows = 0
        /// Whether the chunk held more rows than it had room for (the rest were not kept).
        var overflowed = false
        var pipeline: IDLookupPipeline
        /// Occurrence (2 · row + which) and end in `unknownBytes` of each id not found.
        var unknowns: [(occurrence: Int, end: Int)] = []
        var unknownBytes: [UInt8] = []

        /// Room for `capacity` rows with `extra` bytes per row after the two ids.
        init(capacity: Int, extra: Int, table: CustomerLookupHandle) {
            self.capacity = capacity
            memory = ScratchBuffer(byteCount: capacity * (8 + extra))
            pipeline = IDLookupPipeline(table: table)
        }

        /// The rows `bytes` of CSV are given room for first: one per sixteen bytes, as
        /// two ids, a delimiter and a line feed rarely take less. A column's first
        /// touch clears a whole huge page, so room for every possible row would cost
        /// more than twice the memory the rows need.
        static func likelyCapacity(bytes: Int) -> Int { bytes / 16 + 64 }

        /// The most rows `bytes` of CSV can hold: a row takes at least four bytes.
        static func safeCapacity(bytes: Int) -> Int { bytes / 4 + 1 }

        var first: UnsafeMutableBufferPointer<UInt32> { memory.buffer(at: 0, count: capacity, as: UInt32.self) }
        var second: UnsafeMutableBufferPointer<UInt32> { memory.buffer(at: capacity * 4, count: capacity, as: UInt32.self) }
        /// The `extra` bytes of the rows, as `T`s.
        func values<T>(_ type: T.Type, at slot: Int = 0) -> UnsafeMutableBufferPointer<T> {
            memory.buffer(at: capacity * (8 + slot * MemoryLayout<T>.stride), count: capacity, as: T.self)
        }

        /// Gives back the pages past the rows in each column. Follow rows stay in the
        /// buffer until the graph is built, so the room a chunk did not fill would
        /// otherwise stay for the whole load.
        func releaseUnusedRoom(extra: Int) {
            memory.discard(at: rows * 4, byteCount: (capacity - rows) * 4)
            memory.discard(at: (capacity + rows) * 4, byteCount: (capacity - rows) * 4)
            if extra > 0 { memory.discard(at: capacity * 8 + rows * extra, byteCount: (capacity - rows) * extra) }
        }

        /// Adds a row's two ids (spans into `scanner`'s record) once both are valid
        /// UTF-8 — no id the table holds is invalid, so this is the check a lookup
        /// would make — and returns the row's number.
        @inline(__always)
        mutating func add(_ a: CSVScanner.Span, _ b: CSVScanner.Span, of scanner: CSVScanner) throws(RowError) -> Int {
            let x = scanner.bytes(a), y = scanner.bytes(b)
            try CSVValues.requireUTF8(x)
            try CSVValues.requireUTF8(y)
            guard rows < capacity else {
                // Out of room: the window is scanned again with room for every row.
                overflowed = true
                return capacity - 1
            }
            let row = rows
            look(up: x, escaped: a.start < 0, occurrence: 2 * row)
            look(up: y, escaped: b.start < 0, occurrence: 2 * row + 1)
            rows += 1
            return row
        }

        @inline(__always)
        private mutating func look(up bytes: UnsafeRawBufferPointer, escaped: Bool, occurrence: Int) {
            let hash = ByteHash.hash(bytes)
            if escaped {
                // Unescaped bytes last only until the next record: finish this id now, in order.
                finishAll()
                let index = pipeline.table.find(bytes, hash: hash)
                finish(IDLookupPipeline.Finished(occurrence: occurrence, index: index, bytes: bytes))
                return
            }
            if let done = pipeline.push(occurrence: occurrence, bytes: bytes, hash: hash) { finish(done) }
        }

        @inline(__always)
        private mutating func finish(_ done: IDLookupPipeline.Finished) {
            let row = done.occurrence >> 1
            if done.occurrence & 1 == 0 { first[row] = done.index } else { second[row] = done.index }
            if done.index == .max {
                unknownBytes.append(contentsOf: done.bytes)
                unknowns.append((done.occurrence, unknownBytes.count))
            }
        }

        /// Finishes every id in flight: at the end of the chunk.
        mutating func finishAll() {
            guard !pipeline.isEmpty else { return }
            for done in pipeline.drain() { finish(done) }
        }

        /// Adds the ids the table did not hold, in order, as new customers; returns
        /// the row whose id did not fit, if any.
        mutating func settleUnknowns(into table: inout CustomerTable) -> Int? {
            var start = 0
            for (occurrence, end) in unknowns {
                let index: UInt32
                do throws(CapacityError) {
                    index = try unknownBytes.intern(start ..< end, into: &table).index
                } catch {
                    return occurrence >> 1
                }
                if occurrence & 1 == 0 { first[occurrence >> 1] = index } else { second[occurrence >> 1] = index }
                start = end
            }
            unknowns = []
            unknownBytes = []
            return nil
        }
    }

    /// Scans a window of a two-id file with the table opened for lookups, then adds
    /// the new ids in file order (unless the window is misaligned, `nil`); throws the
    /// capacity error at the row where customers ran out. `makeState` gets the rows a
    /// chunk has room for: the likely count first, every possible row when a chunk of
    /// unusually short rows ran out of room.
    func scanIDPairs<State>(
        _ region: UnsafeRawBufferPointer, line: Int, isLast: Bool, header: CSVHeader, name path: String, table: inout CustomerTable,
        _ ids: WritableKeyPath<State, IDPairChunk>, makeState: (Int, CustomerLookupHandle) -> State,
        record: (inout State, inout CSVScanner, UnsafeMutableBufferPointer<CSVScanner.Span>, Int) throws(RowError) -> Void
    ) throws(InputError) -> (chunks: CSVChunks, results: [CSVChunkResult<State>])? {
        table.beginLoading(expecting: 0)
        func scanWindow(room: (Int) -> Int) -> (chunks: CSVChunks, results: [CSVChunkResult<State>], complete: Bool) {
            table.withLookupHandle { handle in
                scan(region, line: line, header: header, makeState: { makeState(room($0), handle) }, record: record,
                     finish: { $0[keyPath: ids].finishAll() })
            }
        }
        var scanned = scanWindow(room: IDPairChunk.likelyCapacity)
        if scanned.results.contains(where: { $0.state[keyPath: ids].overflowed }) {
            // Lookups leave the table as it was, so scanning again changes nothing else.
            scanned = scanWindow(room: IDPairChunk.safeCapacity)
        }
        if !isLast && !scanned.complete { return nil }
        for c in scanned.results.indices {
            if let row = scanned.results[c].state[keyPath: ids].settleUnknowns(into: &table) {
                let record = CSVChunkScan.record(ofRow: row, badRecords: scanned.results[c].badRecords)
                throw InputError(file: path, line: self.line(ofRecord: record, chunk: c, in: region, chunks: scanned.chunks),
                                 message: CapacityError.message)
            }
        }
        return (scanned.chunks, scanned.results)
    }

    /// Reads `follows.csv` contents into `builder`.
    func loadFollows(_ contents: UnsafeRawBufferPointer, name path: String, into builder: inout GraphBuilder) throws(InputError) {
        _ = try loadFollows(.bytes(contents), name: path, into: &builder)
    }

    /// Reads `follows.csv` into `builder`.
    func loadFollows(_ input: Input, name path: String, into builder: inout GraphBuilder) throws(InputError) -> FileOutcome {
        return try forEachWindow(input, name: path, role: .follows, builder: &builder) {
            (region, header, line, isLast, builder) throws(InputError) -> WindowOutcome in
            let columns = header.fields
            let weighted = columns[2] >= 0
            guard let scanned = try scanIDPairs(region, line: line, isLast: isLast, header: header, name: path, table: &builder.customers,
                                                \IDPairChunk.self, makeState: { IDPairChunk(capacity: $0, extra: weighted ? 8 : 0, table: $1) }, record: {
                (chunk: inout IDPairChunk, scanner: inout CSVScanner, spans, fieldCount) throws(RowError) in
                let weight = try CSVValues.number(scanner.bytes(spans[2]), name: "weight", allowNegative: false)
                _ = try CSVValues.id(scanner.bytes(spans[0]), column: columns[0], fieldCount: fieldCount, name: "follower")
                _ = try CSVValues.id(scanner.bytes(spans[1]), column: columns[1], fieldCount: fieldCount, name: "followee")
                let row = try chunk.add(spans[0], spans[1], of: scanner)
                if weighted { chunk.values(Double.self)[row] = weight ?? 1 }
            }) else { return .misaligned }
            var rows: [GraphBuilder.RowChunk] = []
            var memory: [ScratchBuffer] = []
            for (c, result) in scanned.results.enumerated() {
                try settle(result, chunk: c, late: [], input: region, chunks: scanned.chunks, name: path, report: &builder.report)
                let chunk = result.state
                guard chunk.rows > 0 else { continue }
                let count = chunk.rows
                chunk.releaseUnusedRoom(extra: weighted ? 8 : 0)
                rows.append(GraphBuilder.RowChunk(sources: UnsafeBufferPointer(rebasing: chunk.first[0 ..< count]),
                                                  targets: UnsafeBufferPointer(rebasing: chunk.second[0 ..< count]),
                                                  weights: weighted ? UnsafeBufferPointer(rebasing: chunk.values(Double.self)[0 ..< count]) : nil,
                                                  ownsMemory: true))
                memory.append(chunk.memory)
            }
            builder.appendFollowRows(ChunkedFollowRows(chunks: rows, memory: memory))
            return outcome(scanned.results, line: line)
        }
    }
}
