extension CSVDirectoryLoader {
    /// One chunk of a two-id file (follows, referrals): rows of two customer indices
    /// and `extra` bytes of values each, written in place into room for as many rows
    /// as the chunk can hold (`IDPairChunk.Room`). Ids wait as `UInt32.max` while a
    /// batch looks them up for the whole window (`IDLookupBatch`); ids the table does
    /// not hold then keep their bytes until `settleUnknowns` adds them in order.
    ///
    /// An id that repeats the one above it in its column (a follower's rows, as
    /// exports sorted by follower come) is not looked up again: it waits as
    /// `sameAsAbove` until `settleUnknowns` copies the index down. In the generated
    /// exports four follower ids in five repeat.
    struct IDPairChunk {
        /// A column entry that takes the index of the row above; never a customer
        /// index, as `CustomerTable.capacityLimit` stops below it.
        static let sameAsAbove = UInt32.max - 1
        /// The window's room, which the columns point into.
        let memory: ScratchBuffer
        let first: UnsafeMutableBufferPointer<UInt32>
        let second: UnsafeMutableBufferPointer<UInt32>
        private let valuesStart: UnsafeMutableRawPointer
        /// Where a chunk's follow weights go as Doubles once they overflow their codes.
        private let overflowStart: UnsafeMutableRawPointer
        let capacity: Int
        var rows = 0
        var batch: IDLookupBatch
        /// Whether ids are checked to be UTF-8 (not when their window was).
        let checksUTF8: Bool
        /// Occurrence (2 · row + which) and end in `unknownBytes` of each id not found.
        var unknowns: [(occurrence: Int, end: Int)] = []
        var unknownBytes: [UInt8] = []
        /// The ids of the row above, when they were read in place (escaped bytes do
        /// not outlive their record), and whether any entry is `sameAsAbove`.
        private var above: (first: UnsafeRawBufferPointer?, second: UnsafeRawBufferPointer?) = (nil, nil)
        private var repeats = false
        /// The follow weights' codes (in the first `extra` bytes, as `UInt16`s), or
        /// once a chunk meets more distinct weights than codes, the weights as
        /// Doubles in the overflow room.
        private(set) var weights = WeightCoder()
        private(set) var weightsOverflowed = false

        /// Chunk `c` of a window's rows, in `room`, its lookups in `lookups`.
        init(_ room: Room, _ lookups: IDLookupBatch.Room, _ c: Int, table: CustomerLookupHandle, checksUTF8: Bool) {
            self.checksUTF8 = checksUTF8
            capacity = room.capacities[c]
            memory = room.memory
            let at = room.offsets[c]
            first = memory.buffer(at: at, count: capacity, as: UInt32.self)
            second = memory.buffer(at: at + capacity * 4, count: capacity, as: UInt32.self)
            valuesStart = memory.base + at + capacity * 8
            overflowStart = memory.base + room.overflowOffsets[c]
            batch = IDLookupBatch(lookups, c, table: table)
        }

        /// One mapping for the rows of all of a window's chunks, each chunk's columns
        /// after the previous chunk's and sized by its record bound. The rows fill it
        /// with no gaps, so no page is cleared for room left empty (a fresh page's
        /// clearing costs more than parsing the rows on it). Room for `overflow`
        /// bytes more per row, which rows rarely need, follows all of it.
        struct Room {
            let memory: ScratchBuffer
            let offsets: [Int]
            let overflowOffsets: [Int]
            let capacities: [Int]

            init(_ chunks: CSVChunks, extra: Int, overflow: Int = 0, pool: ScratchPool?) {
                capacities = chunks.recordBounds
                var offsets: [Int] = []
                var at = 0
                for capacity in capacities {
                    offsets.append(at)
                    at = (at + capacity * (8 + extra) + 63) & ~63
                }
                var overflowOffsets: [Int] = []
                for capacity in capacities {
                    overflowOffsets.append(at)
                    at = (at + capacity * overflow + 63) & ~63
                }
                self.offsets = offsets
                self.overflowOffsets = overflowOffsets
                memory = pool?.take(byteCount: at) ?? ScratchBuffer(byteCount: at)
            }
        }

        /// The `extra` bytes of the rows, as `T`s in column `slot` of `T`s.
        func values<T>(_ type: T.Type, at slot: Int = 0) -> UnsafeMutableBufferPointer<T> {
            UnsafeMutableBufferPointer(start: (valuesStart + capacity * slot * MemoryLayout<T>.stride).bindMemory(to: T.self, capacity: capacity),
                                       count: capacity)
        }

        /// The code of a follow weight written as text with key `key`
        /// (`ShortTextKey`) when the chunk coded that text before: its row
        /// then needs no parsing.
        @inline(__always)
        func weightCode(ofText key: UInt64?) -> UInt16? {
            guard let key, !weightsOverflowed else { return nil }
            return weights.code(ofText: key)
        }

        /// Sets the follow weight of row `row`, the last row added, to a code from
        /// `weightCode(ofText:)`.
        @inline(__always)
        func setWeight(code: UInt16, row: Int) { values(UInt16.self)[row] = code }

        /// Sets the follow weight of row `row`, the last row added, to `value`, read
        /// from a text with key `key`.
        @inline(__always)
        mutating func setWeight(_ value: Double, row: Int, text key: UInt64?) {
            if !weightsOverflowed {
                if let code = weights.code(of: value) {
                    values(UInt16.self)[row] = code
                    if let key { weights.remember(text: key, code: code) }
                    return
                }
                // More distinct weights than codes: the rows so far go over to Doubles.
                let codes = values(UInt16.self), doubles = overflowWeights, table = weights.table
                for r in 0 ..< row { doubles[r] = table[Int(codes[r])] }
                weightsOverflowed = true
            }
            overflowWeights[row] = value
        }

        /// The follow weights as Doubles, once they overflowed their codes.
        var overflowWeights: UnsafeMutableBufferPointer<Double> {
            UnsafeMutableBufferPointer(start: overflowStart.bindMemory(to: Double.self, capacity: capacity), count: capacity)
        }

        /// Adds a row's two ids (the bytes of its record's fields, `escaped` when
        /// the scanner unescaped them into its scratch) once both are valid UTF-8 —
        /// no id the table holds is invalid, so this is the check a lookup would
        /// make, and a window checked whole needs none — and returns the row's number.
        @inline(__always)
        mutating func add(_ x: UnsafeRawBufferPointer, escaped xEscaped: Bool,
                          _ y: UnsafeRawBufferPointer, escaped yEscaped: Bool) throws(RowError) -> Int {
            if checksUTF8 {
                try CSVValues.requireUTF8(x)
                try CSVValues.requireUTF8(y)
            }
            // Every record but a chunk's last ends a line, so the record bound holds them all.
            precondition(rows < capacity, "more records than the chunk's line ends allow")
            let row = rows
            if Self.repeats(x, escaped: xEscaped, above: above.first) {
                first[row] = Self.sameAsAbove
                repeats = true
            } else {
                first[row] = batch.add(x, hash: ByteHash.hash(x), escaped: xEscaped)
            }
            if Self.repeats(y, escaped: yEscaped, above: above.second) {
                second[row] = Self.sameAsAbove
                repeats = true
            } else {
                second[row] = batch.add(y, hash: ByteHash.hash(y), escaped: yEscaped)
            }
            above = (xEscaped ? nil : x, yEscaped ? nil : y)
            rows += 1
            return row
        }

        /// Whether `bytes`, read in place unless `escaped`, are the id `above`.
        @inline(__always)
        private static func repeats(_ bytes: UnsafeRawBufferPointer, escaped: Bool, above: UnsafeRawBufferPointer?) -> Bool {
            guard !escaped, let above, above.count == bytes.count else { return false }
            return ByteHash.equal(above.baseAddress, bytes.baseAddress, count: bytes.count)
        }

        /// Takes the batch's results once it looked the window's ids up: each found
        /// customer into its row, and the bytes of each id not found, in order; a
        /// repeated id takes the customer above it, unless that id was not found.
        mutating func takeLookups() {
            guard repeats || batch.count > 0 else { return }
            repeats = batch.fill(first, second, rows: rows, sameAsAbove: Self.sameAsAbove) { occurrence, bytes in
                unknownBytes.append(contentsOf: bytes)
                unknowns.append((occurrence, unknownBytes.count))
            }
        }

        /// Adds the ids the table did not hold, in order, as new customers; returns
        /// the row whose id did not fit, if any. `fillRepeats` comes after.
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

        /// Gives each `sameAsAbove` entry `takeLookups` left the index above it (a
        /// chunk's first row never repeats, as nothing is above it), once every id
        /// has its index.
        mutating func fillRepeats() {
            guard repeats else { return }
            for column in [first, second] {
                for row in 1 ..< max(rows, 1) where column[row] == Self.sameAsAbove { column[row] = column[row - 1] }
            }
            repeats = false
        }
    }

    /// Scans a window of a two-id file with the table opened for lookups, rows of
    /// `extra` value bytes each (and `overflow` more in room apart), looks the
    /// window's ids up, then adds the new ids in file order (unless the window is
    /// misaligned, `nil`); throws the capacity error at the row where customers ran
    /// out. Ids are checked to be UTF-8 unless `validUTF8` says the whole window is.
    func scanIDPairs(
        _ region: UnsafeRawBufferPointer, line: Int, isLast: Bool, validUTF8: Bool, header: CSVHeader, name path: String,
        table: inout CustomerTable,
        extra: Int, overflow: Int = 0, record: (inout IDPairChunk, inout CSVScanner, UnsafeMutableBufferPointer<CSVScanner.Span>, Int) throws(RowError) -> Void
    ) throws(InputError) -> (chunks: CSVChunks, results: [CSVChunkResult<IDPairChunk>])? {
        table.beginLoading(expecting: 0)
        var room: IDPairChunk.Room?
        var lookups: IDLookupBatch.Room?
        var scanned = table.withLookupHandle { handle in
            scan(region, line: line, header: header, makeState: { chunks, c in
                // Chunks are made in order: the first makes the window's rooms.
                if c == 0 {
                    room = IDPairChunk.Room(chunks, extra: extra, overflow: overflow, pool: pool)
                    lookups = IDLookupBatch.Room(capacities: chunks.recordBounds.map { 2 * $0 }, slotCount: handle.mask + 1,
                                                 workers: options.threads, pool: lookupPool)
                }
                return IDPairChunk(room!, lookups!, c, table: handle, checksUTF8: !validUTF8)
            }, record: record, finish: { $0.batch.group() })
        }
        if !isLast && !scanned.complete { return nil }
        // A chunk that stopped at a bad record was not grouped at its end.
        for c in scanned.results.indices { scanned.results[c].state.batch.group() }
        table.withLookupHandle { handle in
            IDLookupBatch.lookUp(scanned.results.map(\.state.batch), table: handle, threads: options.threads)
        }
        scanned.results.withUnsafeMutableBufferPointer { results in
            ParallelFor.run(chunks: results.count, threads: options.threads) { c in results[c].state.takeLookups() }
        }
        if let lookups { lookupPool?.giveBack(lookups.memory) }
        for c in scanned.results.indices {
            if let row = scanned.results[c].state.settleUnknowns(into: &table) {
                let record = CSVChunkScan.record(ofRow: row, badRecords: scanned.results[c].badRecords)
                throw InputError(file: path, line: self.line(ofRecord: record, chunk: c, in: region, chunks: scanned.chunks),
                                 message: CapacityError.message)
            }
        }
        // New ids go in one chunk after another; the copies down each chunk's columns need not.
        scanned.results.withUnsafeMutableBufferPointer { results in
            ParallelFor.run(chunks: results.count, threads: options.threads) { c in results[c].state.fillRepeats() }
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
            (region, header, line, isLast, validUTF8, builder) throws(InputError) -> WindowOutcome in
            let columns = header.fields
            let weighted = columns[2] >= 0
            guard let scanned = try scanIDPairs(region, line: line, isLast: isLast, validUTF8: validUTF8, header: header, name: path,
                                                table: &builder.customers, extra: weighted ? 2 : 0, overflow: weighted ? 8 : 0, record: {
                (chunk: inout IDPairChunk, scanner: inout CSVScanner, spans, fieldCount) throws(RowError) in
                // A weight written as one the chunk met before is valid and has its code.
                let text = scanner.bytes(spans[2])
                let key = weighted ? ShortTextKey.of(text, in: scanner.input) : nil
                let code = chunk.weightCode(ofText: key)
                let weight = code == nil ? try CSVValues.number(text, name: "weight", allowNegative: false) : nil
                let x = try CSVValues.id(scanner.bytes(spans[0]), column: columns[0], fieldCount: fieldCount, name: "follower")
                let y = try CSVValues.id(scanner.bytes(spans[1]), column: columns[1], fieldCount: fieldCount, name: "followee")
                let row = try chunk.add(x, escaped: spans[0].start < 0, y, escaped: spans[1].start < 0)
                if let code {
                    chunk.setWeight(code: code, row: row)
                } else if weighted {
                    chunk.setWeight(weight ?? 1, row: row, text: key)
                }
            }) else { return .misaligned }
            var rows: [GraphBuilder.RowChunk] = []
            for (c, result) in scanned.results.enumerated() {
                try settle(result, chunk: c, late: [], input: region, chunks: scanned.chunks, name: path, report: &builder.report)
                let chunk = result.state
                guard chunk.rows > 0 else { continue }
                let count = chunk.rows
                var rowChunk = GraphBuilder.RowChunk(sources: UnsafeBufferPointer(rebasing: chunk.first[0 ..< count]),
                                                     targets: UnsafeBufferPointer(rebasing: chunk.second[0 ..< count]), weights: nil, ownsMemory: true)
                if weighted && chunk.weightsOverflowed {
                    rowChunk.weights = UnsafeBufferPointer(rebasing: chunk.overflowWeights[0 ..< count])
                } else if weighted {
                    rowChunk.weightCodes = (UnsafeBufferPointer(rebasing: chunk.values(UInt16.self)[0 ..< count]), chunk.weights.table)
                }
                rows.append(rowChunk)
            }
            // The chunks of a window share one room.
            builder.appendFollowRows(ChunkedFollowRows(chunks: rows, memory: scanned.results.first.map { [$0.state.memory] } ?? []))
            return outcome(scanned.results, line: line)
        }
    }
}
