/// Ids to intern in order, in chunks: a chunk's ids are its `bytes` cut at `ends`
/// (each id starts where the one before ended), with their `ByteHash`es.
struct IDBatch {
    struct Chunk {
        let bytes: UnsafeRawBufferPointer
        let ends: UnsafeBufferPointer<Int>
        let hashes: UnsafeBufferPointer<UInt64>
    }

    let chunks: [Chunk]
    /// The batch row of each chunk's first id, then the id count.
    let rowStarts: [Int]

    init(_ chunks: [Chunk]) {
        self.chunks = chunks
        var starts = [0]
        for chunk in chunks { starts.append(starts[starts.count - 1] + chunk.ends.count) }
        rowStarts = starts
    }

    var count: Int { rowStarts[rowStarts.count - 1] }

    /// The chunk holding row `row`.
    func chunk(of row: Int) -> Int {
        var low = 0, high = chunks.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if rowStarts[middle] <= row { low = middle } else { high = middle - 1 }
        }
        return low
    }

    /// The bytes of id `row`.
    func bytes(_ row: Int) -> UnsafeRawBufferPointer {
        let c = chunk(of: row), r = row - rowStarts[c]
        let start = r == 0 ? 0 : chunks[c].ends[r - 1]
        return UnsafeRawBufferPointer(rebasing: chunks[c].bytes[start ..< chunks[c].ends[r]])
    }

    /// The hash of id `row`.
    func hash(_ row: Int) -> UInt64 {
        let c = chunk(of: row)
        return chunks[c].hashes[row - rowStarts[c]]
    }
}

extension CustomerTable {
    /// Interns the ids of `batch` in order on `threads`, leaving the table exactly as
    /// interning them one at a time would (the same indices in the same slots), and
    /// returns the batch rows whose id came before, ascending. Returns `nil`, the
    /// table untouched, when the table is not loading or cannot take every id of the
    /// batch without growing; the caller then interns one at a time.
    ///
    /// Linear probing places an id by what was placed before it, so the order counts.
    /// The slots are cut into regions of `regionSlots`; each region's ids (those whose
    /// home slot it holds) go in, in batch order, on one thread. Ids whose probe runs
    /// past the region's end wait; afterwards, at each boundary where ids waited, the
    /// whole cluster of occupied slots around it is taken out and put back in order.
    /// Each cluster is settled alone, since ids in different clusters never meet. If
    /// clusters around two boundaries run into each other (only a hostile set of
    /// colliding ids could do that), the slots are rebuilt from the ids before the
    /// batch and `nil` is returned.
    ///
    /// - Complexity: O(n + regions · chunks) expected for n ids, in parallel;
    ///   plus O(slots) when some ids repeat.
    mutating func internInOrder(_ batch: IDBatch, threads: Int, regionSlots: Int = 1 << 16) -> [Int]? {
        let n = batch.count, base = count
        guard isLoading, n > 0, (base + n) * 2 <= slotCount, base + n < Self.capacityLimit else { return nil }
        let capacity = slotCount, mask = capacity - 1
        var shift = 0
        while 1 << (shift + 1) <= min(max(regionSlots, 16), capacity) { shift += 1 }
        let regionCount = capacity >> shift

        let placement = BatchPlacement(batch: batch, base: base, mask: mask)
        var items = uninitializedArray(BatchPlacement.Item.self, count: n)
        let regionStarts = items.withUnsafeMutableBufferPointer { placement.bucket(into: $0, shift: shift, regionCount: regionCount, threads: threads) }

        let outcome: (duplicates: [Int], settled: Bool) = loadSlots.withUnsafeMutableBufferPointer { words in
            idOffsets.withUnsafeBufferPointer { offsets in
                idBytes.withUnsafeBufferPointer { bytes in
                    items.withUnsafeBufferPointer { items in
                        let slots = BatchPlacement.Slots(words: words, offsets: offsets, bytes: UnsafeRawBufferPointer(bytes), placement: placement)
                        let placed = ParallelFor.map(chunks: regionCount, threads: threads) { r in
                            slots.placeRegion(items[regionStarts[r] ..< regionStarts[r + 1]], end: (r + 1) << shift)
                        }
                        var duplicates = placed.flatMap(\.duplicates)
                        let settled = slots.settleBoundaries(placed.map(\.waiting), shift: shift, items: items, duplicates: &duplicates)
                        return (duplicates.sorted(), settled)
                    }
                }
            }
        }
        guard outcome.settled else {
            // Clusters were taken apart: the ids before the batch go back in order, as they came.
            rehashLoadSlots(capacity: slotCount, threads: threads)
            return nil
        }
        if !outcome.duplicates.isEmpty { renumber(after: outcome.duplicates, base: base, threads: threads) }
        appendIDs(of: batch, skipping: outcome.duplicates)
        return outcome.duplicates
    }

    /// Moves the slots of batch ids (index `base` on) down by the repeated rows
    /// before them: placement numbered row `g` as `base + g`.
    private mutating func renumber(after duplicates: [Int], base: Int, threads: Int) {
        let capacity = slotCount
        loadSlots.withUnsafeMutableBufferPointer { words in
            let bounds = ParallelFor.evenBoundaries(count: capacity, parts: ParallelFor.chunkCount(forWork: capacity, minimumPerChunk: 1 << 18))
            ParallelFor.run(chunks: bounds.count - 1, threads: threads) { c in
                for s in bounds[c] ..< bounds[c + 1] {
                    let low = words[2 * s], index = Int(CustomerKey.index(low))
                    guard low != CustomerKey.emptyLow, index >= base else { continue }
                    // The repeated rows before row index - base.
                    var lower = 0, upper = duplicates.count
                    while lower < upper {
                        let middle = (lower + upper) / 2
                        if duplicates[middle] < index - base { lower = middle + 1 } else { upper = middle }
                    }
                    words[2 * s] = low - UInt64(lower)
                }
            }
        }
    }

    /// Appends the bytes and ends of the batch's new ids.
    private mutating func appendIDs(of batch: IDBatch, skipping duplicates: [Int]) {
        var next = 0
        for (c, chunk) in batch.chunks.enumerated() where !chunk.ends.isEmpty {
            let first = batch.rowStarts[c], last = batch.rowStarts[c + 1]
            if next == duplicates.count || duplicates[next] >= last {
                // No repeats in the chunk: its bytes go in at once.
                let shift = idBytes.count
                idBytes.append(contentsOf: chunk.bytes[0 ..< chunk.ends[chunk.ends.count - 1]])
                idOffsets.append(contentsOf: chunk.ends.lazy.map { $0 + shift })
                continue
            }
            for row in first ..< last {
                if next < duplicates.count && duplicates[next] == row { next += 1; continue }
                idBytes.append(contentsOf: batch.bytes(row))
                idOffsets.append(idBytes.count)
            }
        }
    }
}

/// The parts of `CustomerTable.internInOrder(_:threads:regionSlots:)`.
struct BatchPlacement {
    /// A batch id on its way into the slots: the slot's two words (its key, numbered
    /// `base` + its row) and its hash.
    struct Item {
        var low: UInt64
        var rest: UInt64
        var hash: UInt64
    }

    let batch: IDBatch
    let base: Int
    let mask: Int

    /// Writes every id's item, grouped by the region of its home slot and in batch
    /// order within a region; returns where each region's items start.
    func bucket(into items: UnsafeMutableBufferPointer<Item>, shift: Int, regionCount: Int, threads: Int) -> [Int] {
        let chunkCount = batch.chunks.count
        var positions = [Int](repeating: 0, count: chunkCount * regionCount)
        positions.withUnsafeMutableBufferPointer { counts in
            ParallelFor.run(chunks: chunkCount, threads: threads) { c in
                let row = counts.baseAddress! + c * regionCount
                for hash in batch.chunks[c].hashes { row[(Int(truncatingIfNeeded: hash) & mask) >> shift] += 1 }
            }
        }
        // Region-major positions: region r's items from chunk 0, then chunk 1, ...
        var regionStarts = [Int](repeating: 0, count: regionCount + 1)
        var at = 0
        for r in 0 ..< regionCount {
            regionStarts[r] = at
            for c in 0 ..< chunkCount {
                let k = c * regionCount + r
                let count = positions[k]
                positions[k] = at
                at += count
            }
        }
        regionStarts[regionCount] = at
        positions.withUnsafeMutableBufferPointer { positions in
            ParallelFor.run(chunks: chunkCount, threads: threads) { c in
                let cursor = positions.baseAddress! + c * regionCount
                let chunk = batch.chunks[c]
                var start = 0
                for r in 0 ..< chunk.ends.count {
                    let end = chunk.ends[r], hash = chunk.hashes[r]
                    let key = CustomerKey(UnsafeRawBufferPointer(rebasing: chunk.bytes[start ..< end]), hash: hash)
                    let region = (Int(truncatingIfNeeded: hash) & mask) >> shift
                    items[cursor[region]] = Item(low: key.low(index: UInt32(base + batch.rowStarts[c] + r)), rest: key.rest, hash: hash)
                    cursor[region] += 1
                    start = end
                }
            }
        }
        return regionStarts
    }

    /// The load slots opened for the batch.
    struct Slots {
        let words: UnsafeMutableBufferPointer<UInt64>
        let offsets: UnsafeBufferPointer<Int>
        let bytes: UnsafeRawBufferPointer
        let placement: BatchPlacement

        var capacity: Int { words.count / 2 }

        @inline(__always) func isEmpty(_ slot: Int) -> Bool { words[2 * slot] == CustomerKey.emptyLow }

        /// Empties `slot`: both words hold `emptyLow`, as in a fresh table.
        @inline(__always) func clear(_ slot: Int) {
            words[2 * slot] = CustomerKey.emptyLow
            words[2 * slot + 1] = CustomerKey.emptyLow
        }

        /// The bytes of customer `index`, held by the table or by the batch.
        func bytes(of index: Int) -> UnsafeRawBufferPointer {
            if index < placement.base {
                return UnsafeRawBufferPointer(rebasing: bytes[offsets[index] ..< offsets[index + 1]])
            }
            return placement.batch.bytes(index - placement.base)
        }

        /// Whether `item`'s id is the one in `slot`.
        @inline(__always)
        func holds(_ slot: Int, _ item: BatchPlacement.Item) -> Bool {
            let low = words[2 * slot]
            guard low >> 32 == item.low >> 32, words[2 * slot + 1] == item.rest else { return false }
            // A short id's key is the id; a long one's is its hash, so the bytes decide.
            if UInt32(truncatingIfNeeded: item.low >> 32) & 0xFF != 0xFF { return true }
            let mine = bytes(of: Int(CustomerKey.index(item.low))), theirs = bytes(of: Int(CustomerKey.index(low)))
            return mine.count == theirs.count && ByteHash.equal(mine.baseAddress, theirs.baseAddress, count: mine.count)
        }

        /// Places a region's items in order, stopping short of slot `end`: returns
        /// the rows that repeat an id and the items (by position in `items`' base)
        /// whose probe reached `end`.
        func placeRegion(_ items: Slice<UnsafeBufferPointer<Item>>, end: Int) -> (duplicates: [Int], waiting: [Int]) {
            var duplicates: [Int] = [], waiting: [Int] = []
            let ahead = 16
            for k in items.indices {
                if k + ahead < items.endIndex {
                    words.prefetch(2 * (Int(truncatingIfNeeded: items[k + ahead].hash) & placement.mask))
                }
                let item = items[k]
                var slot = Int(truncatingIfNeeded: item.hash) & placement.mask
                while true {
                    if slot == end { waiting.append(k); break }
                    if isEmpty(slot) {
                        words[2 * slot] = item.low
                        words[2 * slot + 1] = item.rest
                        break
                    }
                    if holds(slot, item) { duplicates.append(Int(CustomerKey.index(item.low)) - placement.base); break }
                    slot += 1
                }
            }
            return (duplicates, waiting)
        }

        /// The item in `slot`, which holds a customer.
        func item(at slot: Int) -> BatchPlacement.Item {
            let low = words[2 * slot]
            let index = Int(CustomerKey.index(low))
            let hash = index < placement.base ? ByteHash.hash(bytes(of: index)) : placement.batch.hash(index - placement.base)
            return BatchPlacement.Item(low: low, rest: words[2 * slot + 1], hash: hash)
        }

        /// Settles the cluster around each region boundary where items waited (`waiting[r]`
        /// are region r's, positions in `items`), adding the rows found to repeat to
        /// `duplicates`; `false` when two clusters ran into each other.
        func settleBoundaries(_ waiting: [[Int]], shift: Int, items: UnsafeBufferPointer<Item>, duplicates: inout [Int]) -> Bool {
            // Settled clusters as [start, end] in unwrapped slot numbers, `end` the empty slot after.
            var clusters: [(start: Int, end: Int)] = []
            for r in waiting.indices where !waiting[r].isEmpty {
                let boundary = (r + 1) << shift
                // The run of occupied slots holding the slot before the boundary.
                var start = boundary - 1
                while start - 1 > boundary - capacity && !isEmpty((start - 1) & placement.mask) { start -= 1 }
                if let last = clusters.last, start <= last.end { return false }
                guard let end = settleCluster(from: start, boundary: boundary, waiting: waiting[r].map { items[$0] },
                                              duplicates: &duplicates) else { return false }
                clusters.append((start, end))
            }
            if let first = clusters.first, let last = clusters.last, clusters.count > 1, last.end - capacity >= first.start { return false }
            return true
        }

        /// Takes out the cluster from `start` on and puts it back with `waiting` in
        /// order, taking in the next run whenever the cluster outgrows its end;
        /// returns the empty slot after it (unwrapped), or `nil` if it would fill the table.
        private func settleCluster(from start: Int, boundary: Int, waiting: [BatchPlacement.Item], duplicates: inout [Int]) -> Int? {
            var members = waiting
            var end = start
            func takeRun() {
                while !isEmpty(end & placement.mask) {
                    members.append(item(at: end & placement.mask))
                    clear(end & placement.mask)
                    end += 1
                }
            }
            takeRun()
            while true {
                guard end - start < capacity / 2 else { return nil }
                members.sort { CustomerKey.index($0.low) < CustomerKey.index($1.low) }
                var placed: [Int] = [], repeated: [Int] = []
                var outgrown = false
                for member in members {
                    // Homes lie in the cluster: at or after `start`, unwrapped.
                    var slot = start + ((Int(truncatingIfNeeded: member.hash) - start) & placement.mask)
                    var repeats = false
                    while !isEmpty(slot & placement.mask) {
                        if holds(slot & placement.mask, member) { repeats = true; break }
                        slot += 1
                    }
                    if repeats { repeated.append(Int(CustomerKey.index(member.low)) - placement.base); continue }
                    words[2 * (slot & placement.mask)] = member.low
                    words[2 * (slot & placement.mask) + 1] = member.rest
                    placed.append(slot)
                    if slot >= end { outgrown = true }
                }
                if !outgrown {
                    duplicates += repeated
                    return end
                }
                // The cluster reached the run after it: take everything out again and take
                // that run in too (repeated ids repeat again, so they stay members).
                for slot in placed { clear(slot & placement.mask) }
                end += 1
                takeRun()
            }
        }
    }
}
