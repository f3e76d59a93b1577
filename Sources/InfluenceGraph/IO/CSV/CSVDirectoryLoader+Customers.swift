extension CSVDirectoryLoader {
    /// One chunk of `customers.csv`: each row's id, name and values, with segment
    /// labels numbered in the chunk (codes for the whole file come once duplicate
    /// ids are known, so a duplicate row's label is never numbered).
    struct CustomerChunk {
        /// The window's room, which the id and name columns point into.
        let memory: ScratchBuffer
        private var idStrings: PackedBytes
        private let idHashes: UnsafeMutableBufferPointer<UInt64>
        /// The rows' names, when the file has them.
        private(set) var names: PackedBytes
        /// The rows' values, in the room: written only for the columns the file has.
        let spend: UnsafeMutableBufferPointer<Double>
        let orders: UnsafeMutableBufferPointer<Int64>
        let segments: UnsafeMutableBufferPointer<UInt32>
        /// The names and values: the part of the room that is copied out.
        private let copied: UnsafeRawBufferPointer
        var labels = SegmentLabels()

        /// One mapping for the ids, names and values of all of a window's chunks, each
        /// chunk's after the previous chunk's and sized by its bytes and record bound
        /// (twice: ids, then names). Kept in the pool, it serves the next window
        /// without clearing fresh pages again; room for columns a file lacks is never
        /// touched.
        struct Room {
            let memory: ScratchBuffer
            let offsets: [Int]

            init(_ chunks: CSVChunks, pool: ScratchPool?) {
                var offsets: [Int] = [], at = 0
                for c in 0 ..< chunks.count {
                    offsets.append(at)
                    at = (at + Self.bytes(rows: chunks.recordBounds[c], bytes: chunks.starts[c + 1] - chunks.starts[c]) + 63) & ~63
                }
                self.offsets = offsets
                memory = pool?.take(byteCount: at) ?? ScratchBuffer(byteCount: at)
            }

            /// A chunk's room: ends and hashes of its ids, their bytes, then ends (at a
            /// multiple of 8) and bytes of its names, then (at a multiple of 8) spend,
            /// orders and segment codes.
            static func bytes(rows: Int, bytes: Int) -> Int { valuesOffset(rows: rows, bytes: bytes) + 20 * rows }

            /// Where a chunk's names start in its room.
            static func namesOffset(rows: Int, bytes: Int) -> Int { (16 * rows + bytes + 7) & ~7 }

            /// Where a chunk's values start in its room.
            static func valuesOffset(rows: Int, bytes: Int) -> Int { (namesOffset(rows: rows, bytes: bytes) + 8 * rows + bytes + 7) & ~7 }
        }

        /// Chunk `c` of a window, its columns in `room`, each with room for the most
        /// records the chunk can hold, so nothing grows (copying a grown array and
        /// clearing its fresh pages cost more than parsing). Room that is never
        /// written costs no memory.
        init(_ room: Room, _ chunks: CSVChunks, _ c: Int) {
            let bytes = chunks.starts[c + 1] - chunks.starts[c], rows = chunks.recordBounds[c]
            memory = room.memory
            let at = room.offsets[c], namesAt = at + Room.namesOffset(rows: rows, bytes: bytes)
            let valuesAt = at + Room.valuesOffset(rows: rows, bytes: bytes)
            idStrings = PackedBytes(bytes: UnsafeMutableRawBufferPointer(memory.buffer(at: at + 16 * rows, count: bytes, as: UInt8.self)),
                                    ends: memory.buffer(at: at, count: rows, as: Int.self))
            idHashes = memory.buffer(at: at + 8 * rows, count: rows, as: UInt64.self)
            names = PackedBytes(bytes: UnsafeMutableRawBufferPointer(memory.buffer(at: namesAt + 8 * rows, count: bytes, as: UInt8.self)),
                                ends: memory.buffer(at: namesAt, count: rows, as: Int.self))
            spend = memory.buffer(at: valuesAt, count: rows, as: Double.self)
            orders = memory.buffer(at: valuesAt + 8 * rows, count: rows, as: Int64.self)
            segments = memory.buffer(at: valuesAt + 16 * rows, count: rows, as: UInt32.self)
            copied = UnsafeRawBufferPointer(start: memory.base + namesAt, count: valuesAt + 20 * rows - namesAt)
        }

        /// Gives the pages of the names and values back to the system once they were
        /// copied out, in one call (each call stops the other threads to flush their
        /// TLBs); they read as zeros afterwards.
        func discardCopiedPages() { ScratchBuffer.discardPages(of: copied) }

        /// Adds a row's id. The room holds the ids of a chunk whose records end inside
        /// it; in any other chunk, which the loader reads again, an id may not fit
        /// (`PackedBytes.overflowed`).
        @inline(__always)
        mutating func appendID(_ id: UnsafeRawBufferPointer) {
            idStrings.append(id)
            idHashes[idStrings.count - 1] = ByteHash.hash(id)
        }

        /// Adds a row's name; the room holds it as it holds the id.
        @inline(__always)
        mutating func appendName(_ name: UnsafeRawBufferPointer) { names.append(name) }

        /// How many ids the chunk holds, one per good row.
        var idCount: Int { idStrings.count }

        /// The chunk's ids, for the table.
        var ids: IDBatch.Chunk {
            IDBatch.Chunk(bytes: idStrings.bytes, ends: idStrings.ends,
                          hashes: UnsafeBufferPointer(rebasing: idHashes[0 ..< idStrings.count]))
        }
    }

    /// Segment labels in order of first appearance; code 0 is "no segment".
    struct SegmentLabels {
        var bytes: [UInt8] = []
        var ends: [Int] = [0]
        /// Per code, its label's hash.
        private var hashes: [UInt64] = [0]
        /// Open addressing by hash: a code per slot, 0 for empty. Labels are few and
        /// looked up once per row, so this stays in cache and skips `Hasher`.
        private var slots = [UInt32](repeating: 0, count: 16)
        /// Codes by their labels' text: a label of up to 7 bytes met before is one load
        /// and compare, not a hash and a probe.
        private var short = ShortTextCache<UInt32>(slotBits: 6)

        var count: Int { ends.count - 1 }

        /// The code of `label`, which lies in `input` or elsewhere, numbering it if it is new.
        ///
        /// - Complexity: O(1) expected.
        @inline(__always)
        mutating func code(of label: UnsafeRawBufferPointer, in input: UnsafeRawBufferPointer) -> UInt32 {
            if label.count == 0 { return 0 }
            guard let key = ShortTextKey.of(label, in: input) else { return code(of: label) }
            if let code = short.code(for: key) { return code }
            let code = code(of: label)
            short.remember(key, code: code)
            return code
        }

        /// The code of `label`, numbering it if it is new.
        mutating func code(of label: UnsafeRawBufferPointer) -> UInt32 {
            if label.count == 0 { return 0 }
            let hash = ByteHash.hash(label)
            let mask = slots.count - 1
            var slot = Int(truncatingIfNeeded: hash) & mask
            while slots[slot] != 0 {
                let code = Int(slots[slot])
                if hashes[code] == hash && ends[code] - ends[code - 1] == label.count
                    && bytes.withUnsafeBytes({ ByteHash.equal($0.baseAddress! + ends[code - 1], label.baseAddress, count: label.count) }) {
                    return UInt32(code)
                }
                slot = (slot + 1) & mask
            }
            bytes.append(contentsOf: label)
            ends.append(bytes.count)
            hashes.append(hash)
            let code = UInt32(count)
            slots[slot] = code
            if count * 2 > slots.count { rehash() }
            return code
        }

        /// Doubles the slots, placing every code again.
        private mutating func rehash() {
            var fresh = [UInt32](repeating: 0, count: slots.count * 2)
            let mask = fresh.count - 1
            for code in 1 ... count {
                var slot = Int(truncatingIfNeeded: hashes[code]) & mask
                while fresh[slot] != 0 { slot = (slot + 1) & mask }
                fresh[slot] = UInt32(code)
            }
            slots = fresh
        }

        func label(_ code: UInt32) -> ArraySlice<UInt8> { bytes[ends[Int(code) - 1] ..< ends[Int(code)]] }
    }

    /// Reads `customers.csv` contents into `builder`.
    func loadCustomers(_ contents: UnsafeRawBufferPointer, name path: String, into builder: inout GraphBuilder) throws(InputError) {
        _ = try loadCustomers(.bytes(contents), name: path, into: &builder)
    }

    /// Reads `customers.csv` into `builder`.
    func loadCustomers(_ input: Input, name path: String, into builder: inout GraphBuilder) throws(InputError) -> FileOutcome {
        builder.attributes.hasCustomerRow = []
        // Bytes not yet seen, from which each window estimates the customers to come.
        var unread = 0
        if case .file(let file) = input { unread = FileBytes.size(of: file) }
        return try forEachWindow(input, name: path, role: .customers, builder: &builder) {
            (region, header, line, isLast, validUTF8, builder) throws(InputError) -> WindowOutcome in
            unread = max(0, unread - region.count)
            return try loadCustomerWindow(region, header: header, line: line, isLast: isLast, bytesAfter: isLast ? 0 : unread,
                                          validUTF8: validUTF8, name: path, into: &builder)
        }
    }

    /// Reads a window of `customers.csv` records into `builder`; about `bytesAfter`
    /// bytes of the file follow it. Ids are checked to be UTF-8 unless `validUTF8`
    /// says the whole window is.
    func loadCustomerWindow(_ region: UnsafeRawBufferPointer, header: CSVHeader, line: Int, isLast: Bool, bytesAfter: Int,
                            validUTF8: Bool, name path: String, into builder: inout GraphBuilder) throws(InputError) -> WindowOutcome {
        let columns = header.fields
        let hasName = columns[1] >= 0, hasSpend = columns[2] >= 0, hasOrders = columns[3] >= 0, hasSegment = columns[4] >= 0
        var room: CustomerChunk.Room?
        let scanned = scan(region, line: line, header: header, makeState: { chunks, c in
            // Chunks are made in order: the first makes the window's room.
            if c == 0 { room = CustomerChunk.Room(chunks, pool: pool) }
            return CustomerChunk(room!, chunks, c)
        }) {
            (chunk: inout CustomerChunk, scanner: inout CSVScanner, spans, fieldCount) throws(RowError) in
            let spend = try CSVValues.number(scanner.bytes(spans[2]), name: "spend", allowNegative: false) ?? 0
            let orders = try CSVValues.count(scanner.bytes(spans[3]), name: "orders") ?? 0
            let id = try CSVValues.id(scanner.bytes(spans[0]), column: columns[0], fieldCount: fieldCount, name: "id")
            if !validUTF8 { try CSVValues.requireUTF8(id) }
            // `appendID` holds the row to the room's bound, which the values share.
            let row = chunk.idCount
            chunk.appendID(id)
            if hasName {
                chunk.appendName(scanner.bytes(spans[1]))
            }
            if hasSpend { chunk.spend[row] = spend }
            if hasOrders { chunk.orders[row] = orders }
            if hasSegment { chunk.segments[row] = chunk.labels.code(of: scanner.bytes(spans[4]), in: scanner.input) }
        }
        defer {
            // The names and values were copied out; their pages go back to the system
            // rather than sit in the pool through the follows, where they would add
            // to the load's peak. The ids' pages stay for the next window.
            for result in scanned.results { result.state.discardCopiedPages() }
            if let room { pool?.giveBack(room.memory) }
        }
        if !isLast && !scanned.complete { return .misaligned }
        // Any record at all, good or bad, brings the optional columns the header names.
        if scanned.results.contains(where: { $0.records > 0 }) {
            if hasName && builder.attributes.nameBytes == nil { builder.attributes.nameBytes = []; builder.attributes.nameOffsets = [0] }
            if hasSpend && builder.attributes.spend == nil { builder.attributes.spend = [] }
            if hasOrders && builder.attributes.orders == nil { builder.attributes.orders = [] }
            if hasSegment && builder.attributes.segmentCodes == nil { builder.attributes.segmentCodes = [] }
        }
        var segmentCodes: [String: UInt32] = [:]
        for (code, name) in builder.attributes.segmentNames.enumerated() where code > 0 { segmentCodes[name] = UInt32(code) }
        // Sized for the rest of the file at this window's density, the table grows once
        // instead of once per window (each growth rehashes every id so far). The guess
        // is held to twice the ids so far, so a file whose rows grow longer later on
        // costs no more memory than growing by doubling would.
        let rows = scanned.results.reduce(0) { $0 + $1.state.idCount }
        let density = region.count > 0 ? Double(rows) / Double(region.count) : 0
        let rowsAfter = min(Int((density * Double(bytesAfter)).rounded()), 2 * (builder.customers.count + rows))
        builder.customers.beginLoading(expecting: rows + rowsAfter, threads: options.threads)
        // The ids and attributes take room for the same estimate, at this window's bytes per row.
        let scale = rows > 0 ? Double(rows + rowsAfter) / Double(rows) : 1
        func expected(_ bytes: (CustomerChunk) -> Int) -> Int { Int(Double(scanned.results.reduce(0) { $0 + bytes($1.state) }) * scale) }
        builder.customers.reserveCapacity(adding: rows + rowsAfter, bytes: expected { $0.ids.bytes.count }, threads: options.threads)
        builder.attributes.reserveCapacity(adding: rows + rowsAfter, nameBytes: expected { $0.names.byteCount }, threads: options.threads)
        // 1. Ids: a row whose id came before is a duplicate and brings nothing; new ids
        // take the next indices in row order. Large windows intern on every thread.
        let batch = IDBatch(scanned.results.map(\.state.ids))
        // The index of the window's first new customer.
        let firstIndex = builder.customers.count
        let batchDuplicates = options.threads > 1 && batch.count >= 1 << 12
            ? builder.customers.internInOrder(batch, threads: options.threads) : nil
        var nextDuplicate = 0
        var newChunks: [(chunk: CustomerChunk, runs: [Range<Int>], codes: [UInt32])] = []
        for (c, result) in scanned.results.enumerated() {
            let chunk = result.state
            var late: [(record: Int, message: String)] = []
            var duplicateRows: [Int] = []
            let ids = chunk.ids
            if let batchDuplicates {
                while nextDuplicate < batchDuplicates.count && batchDuplicates[nextDuplicate] < batch.rowStarts[c + 1] {
                    duplicateRows.append(batchDuplicates[nextDuplicate] - batch.rowStarts[c])
                    nextDuplicate += 1
                }
            } else {
                for row in 0 ..< chunk.idCount {
                    let interned: (index: UInt32, isNew: Bool)
                    do throws(CapacityError) {
                        if row + 16 < chunk.idCount { builder.customers.prefetchSlot(of: ids.hashes[row + 16]) }
                        interned = try builder.customers.intern(batch.bytes(batch.rowStarts[c] + row), hash: ids.hashes[row])
                    } catch {
                        let record = CSVChunkScan.record(ofRow: row, badRecords: result.badRecords)
                        throw InputError(file: path, line: self.line(ofRecord: record, chunk: c, in: region, chunks: scanned.chunks),
                                         message: CapacityError.message)
                    }
                    if !interned.isNew { duplicateRows.append(row) }
                }
            }
            for (row, record) in zip(duplicateRows, CSVChunkScan.records(ofRows: duplicateRows, badRecords: result.badRecords)) {
                late.append((record, "duplicate customer id \(InputError.quote(batch.bytes(batch.rowStarts[c] + row)))"))
            }
            // 2. The runs of new rows between the duplicates, and the file's codes of
            // the chunk's segment labels, numbered in order of first appearance.
            let newRows = chunk.idCount - duplicateRows.count
            if newRows > 0 {
                builder.report.customerRows += newRows
                var runs: [Range<Int>] = []
                var runStart = 0
                for runEnd in duplicateRows + [chunk.idCount] {
                    if runStart < runEnd { runs.append(runStart ..< runEnd) }
                    runStart = runEnd + 1
                }
                let codes = hasSegment ? fileCodes(of: chunk, runs: runs, walkingRows: !duplicateRows.isEmpty,
                                                   segmentCodes: &segmentCodes, names: &builder.attributes.segmentNames) : []
                newChunks.append((chunk, runs, codes))
            }
            try settle(result, chunk: c, late: late, input: region, chunks: scanned.chunks, name: path, report: &builder.report)
        }
        // 3. The attributes of the new rows, a column per thread.
        if !newChunks.isEmpty {
            builder.attributes.padToCount(firstIndex)
            appendAttributes(of: newChunks, hasName: hasName, hasSpend: hasSpend, hasOrders: hasOrders, hasSegment: hasSegment,
                             to: &builder.attributes, threads: options.threads)
        }
        return outcome(scanned.results, line: line)
    }

    /// The file's code of each of `chunk`'s segment labels (by the chunk's code) that
    /// its `runs` of new rows hold; labels new to the file are numbered in order of
    /// first appearance. Without duplicate rows in the chunk that is the order of the
    /// chunk's own codes, and no row is read.
    func fileCodes(of chunk: CustomerChunk, runs: [Range<Int>], walkingRows: Bool,
                   segmentCodes: inout [String: UInt32], names: inout [String]) -> [UInt32] {
        var codes = [UInt32?](repeating: nil, count: chunk.labels.count + 1)
        codes[0] = 0
        func number(_ local: Int) {
            guard codes[local] == nil else { return }
            let name = String(decoding: chunk.labels.label(UInt32(local)), as: UTF8.self)
            if let known = segmentCodes[name] {
                codes[local] = known
            } else {
                let code = UInt32(names.count)
                names.append(name)
                segmentCodes[name] = code
                codes[local] = code
            }
        }
        if walkingRows {
            for run in runs { for row in run { number(Int(chunk.segments[row])) } }
        } else {
            for local in 1 ..< codes.count { number(local) }
        }
        // A label only duplicate rows held is never read again.
        return codes.map { $0 ?? 0 }
    }

    /// Appends the attributes of the `runs` of rows of each of `chunks`, in order, to
    /// `attributes`, which hold those of the customers before them; segment labels
    /// become the file's `codes`. Each column is appended on a thread of its own,
    /// the largest first (the copy is a few bytes a row, too little to split a column).
    func appendAttributes(of chunks: [(chunk: CustomerChunk, runs: [Range<Int>], codes: [UInt32])],
                          hasName: Bool, hasSpend: Bool, hasOrders: Bool, hasSegment: Bool,
                          to attributes: inout CustomerAttributes, threads: Int) {
        // Out of `attributes` while the threads append, each to its own.
        var nameBytes = hasName ? attributes.nameBytes.take() : nil, nameOffsets = hasName ? attributes.nameOffsets.take() : nil
        var spend = hasSpend ? attributes.spend.take() : nil, orders = hasOrders ? attributes.orders.take() : nil
        var segments = hasSegment ? attributes.segmentCodes.take() : nil, hasRow = attributes.hasCustomerRow.take()
        // The names' bytes so far, where the offsets of the new ones start.
        let namesBefore = nameOffsets?.last ?? 0
        ParallelFor.run(chunks: 6, threads: threads) { column in
            var nameByteCount = namesBefore
            for (chunk, runs, codes) in chunks {
                let ends = chunk.names.ends
                for rows in runs {
                    switch column {
                    case 0 where nameBytes != nil:
                        let first = rows.lowerBound == 0 ? 0 : ends[rows.lowerBound - 1]
                        let bytes = UnsafeRawBufferPointer(rebasing: chunk.names.bytes[first ..< ends[rows.upperBound - 1]])
                        nameBytes!.append(contentsOf: bytes.assumingMemoryBound(to: UInt8.self))
                    case 1 where nameOffsets != nil:
                        let first = rows.lowerBound == 0 ? 0 : ends[rows.lowerBound - 1]
                        let shift = nameByteCount - first
                        nameOffsets!.append(contentsOf: ends[rows].lazy.map { $0 + shift })
                        nameByteCount += ends[rows.upperBound - 1] - first
                    case 2 where spend != nil:
                        spend!.append(contentsOf: chunk.spend[rows])
                    case 3 where orders != nil:
                        orders!.append(contentsOf: chunk.orders[rows])
                    case 4 where segments != nil:
                        segments!.append(contentsOf: chunk.segments[rows].lazy.map { codes[Int($0)] })
                    case 5:
                        hasRow!.append(contentsOf: repeatElement(true, count: rows.count))
                    default:
                        break
                    }
                }
            }
        }
        if hasName { attributes.nameBytes = nameBytes; attributes.nameOffsets = nameOffsets }
        if hasSpend { attributes.spend = spend }
        if hasOrders { attributes.orders = orders }
        if hasSegment { attributes.segmentCodes = segments }
        attributes.hasCustomerRow = hasRow
    }
}
