/// The customer table's load slots, ids and offsets, opened for reading while a
/// load's chunks look ids up in parallel.
struct CustomerLookupHandle {
    /// `CustomerTable.loadSlots`: two words per slot.
    let words: UnsafeBufferPointer<UInt64>
    let offsets: UnsafeBufferPointer<Int>
    let bytes: UnsafeBufferPointer<UInt8>

    var mask: Int { words.count / 2 - 1 }

    /// Whether customer `candidate`'s id is `bytes`.
    @inline(__always)
    func matches(_ bytes: UnsafeRawBufferPointer, _ candidate: UInt32) -> Bool {
        let start = offsets[Int(candidate)], end = offsets[Int(candidate) + 1]
        guard end - start == bytes.count else { return false }
        return ByteHash.equal(UnsafeRawPointer(self.bytes.baseAddress! + start), bytes.baseAddress, count: bytes.count)
    }

    /// The full probe: the customer whose id is `bytes` (`UInt32.max` when none) and
    /// its slot, or the empty slot it would go in. A long id's key is its hash, so a
    /// matching key is checked against the stored bytes.
    func find(_ bytes: UnsafeRawBufferPointer, key: CustomerKey, hash: UInt64) -> (index: UInt32, slot: Int) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let low = words[2 * slot]
            if low == CustomerKey.emptyLow { return (.max, slot) }
            if key.matches(low: low, high: words[2 * slot + 1]) {
                let candidate = CustomerKey.index(low)
                if key.isWhole || matches(bytes, candidate) { return (candidate, slot) }
            }
            slot = (slot + 1) & mask
        }
    }
}

extension CustomerTable {
    /// Calls `body` with the table opened for lookups (`IDLookupPipeline`); the
    /// table must be loading (`beginLoading(expecting:)`) and must not change
    /// meanwhile.
    func withLookupHandle<R>(_ body: (CustomerLookupHandle) -> R) -> R {
        precondition(isLoading, "lookups need beginLoading(expecting:)")
        return loadSlots.withUnsafeBufferPointer { words in
            idOffsets.withUnsafeBufferPointer { offsets in
                idBytes.withUnsafeBufferPointer { bytes in
                    body(CustomerLookupHandle(words: words, offsets: offsets, bytes: bytes))
                }
            }
        }
    }
}

/// Looks ids up in the customer table as they are read, a few ids behind the
/// reading, so that many lookups are in flight at once. A short id's lookup reads
/// one load slot (its key is the id); a long id's also reads its candidate's offsets
/// and bytes. Each read is staged `distance` ids after the prefetch that starts it.
///
/// `push` returns the id pushed `3 · distance` pushes earlier, finished: its
/// occurrence, its customer index (`UInt32.max` when the table does not hold it) and
/// its bytes; `drain()` finishes the ids still in flight.
struct IDLookupPipeline {
    static let distance = 8
    static let ring = 32

    struct Entry {
        var occurrence = 0
        var start: UnsafeRawPointer?
        var count = 0
        var hash: UInt64 = 0
        var key = CustomerKey(tag: 0, rest: 0)
        var candidate = UInt32.max
        /// Whether the candidate must still be checked against the stored bytes.
        var unchecked = false
    }

    let table: CustomerLookupHandle
    private var entries = [Entry](repeating: Entry(), count: ring)
    private var pushed = 0

    init(table: CustomerLookupHandle) {
        self.table = table
    }

    /// An id with its lookup done.
    struct Finished {
        var occurrence: Int
        var index: UInt32
        var bytes: UnsafeRawBufferPointer
    }

    /// Adds an id whose bytes stay where they are until it is finished, advances
    /// the stages of the ids pushed before it, and returns the one that finished.
    @inline(__always)
    mutating func push(occurrence: Int, bytes: UnsafeRawBufferPointer, hash: UInt64) -> Finished? {
        let home = Int(truncatingIfNeeded: hash) & table.mask
        table.words.prefetch(2 * home)
        let pushed = self.pushed, table = self.table
        let key = CustomerKey(bytes, hash: hash)
        let finished = entries.withUnsafeMutableBufferPointer { entries in
            entries[pushed & (Self.ring - 1)] = Entry(occurrence: occurrence, start: bytes.baseAddress, count: bytes.count, hash: hash, key: key)
            return Self.step(entries, at: pushed, limit: .max, table: table)
        }
        self.pushed += 1
        return finished
    }

    /// Whether ids are in flight.
    var isEmpty: Bool { pushed == 0 }

    /// Finishes every id in flight, in the order they were pushed.
    mutating func drain() -> [Finished] {
        var done: [Finished] = []
        let limit = pushed, table = self.table
        entries.withUnsafeMutableBufferPointer { entries in
            for at in limit ..< limit + 3 * Self.distance {
                if let finished = Self.step(entries, at: at, limit: limit, table: table) { done.append(finished) }
            }
        }
        pushed = 0
        return done
    }

    /// Runs stages 2 to 4 for the ids pushed `distance`, 2 `distance` and
    /// 3 `distance` steps before step `at`, among the first `limit` pushed; returns
    /// the one stage 4 finished.
    @inline(__always)
    private static func step(_ entries: UnsafeMutableBufferPointer<Entry>, at pushed: Int, limit: Int,
                             table: CustomerLookupHandle) -> Finished? {
        let mask = Self.ring - 1
        // Stage 2: the first slot holding the id's key, or an empty one. A short id
        // is then found (or not); a long one's candidate has its offsets fetched.
        let k2 = pushed - Self.distance
        if k2 >= 0 && k2 < limit {
            let key = entries[k2 & mask].key
            var slot = Int(truncatingIfNeeded: entries[k2 & mask].hash) & table.mask
            var low = table.words[2 * slot]
            while low != CustomerKey.emptyLow && !key.matches(low: low, high: table.words[2 * slot + 1]) {
                slot = (slot + 1) & table.mask
                low = table.words[2 * slot]
            }
            let candidate = CustomerKey.index(low)
            entries[k2 & mask].candidate = candidate
            if candidate != .max && !key.isWhole {
                entries[k2 & mask].unchecked = true
                table.offsets.prefetch(Int(candidate))
            }
        }
        // Stage 3: a long id's candidate's bytes.
        let k3 = pushed - 2 * Self.distance
        if k3 >= 0 && k3 < limit && entries[k3 & mask].unchecked {
            table.bytes.prefetch(table.offsets[Int(entries[k3 & mask].candidate)])
        }
        // Stage 4: a long id is compared; a key that matched another id takes the long way.
        let k4 = pushed - 3 * Self.distance
        if k4 >= 0 && k4 < limit {
            let entry = entries[k4 & mask]
            let bytes = UnsafeRawBufferPointer(start: entry.start, count: entry.count)
            var index = entry.candidate
            if entry.unchecked && !table.matches(bytes, entry.candidate) {
                index = table.find(bytes, key: entry.key, hash: entry.hash).index
            }
            return Finished(occurrence: entry.occurrence, index: index, bytes: bytes)
        }
        return nil
    }
}
