import Synchronization

/// One chunk's share of a window's id lookups, which are made region by region of
/// the customer table rather than as each id is read.
///
/// A probe into a table of hundreds of megabytes misses the cache and, on a VM
/// whose host maps guest memory in small pages, the TLB too; two threads probing
/// at random saturate the memory system at about 30 ns a probe each. So ids are
/// only recorded as they are read (`add`); at the end of its chunk the list is
/// grouped by the table region of each id's home slot (`group`), a stable counting
/// sort; then every chunk's ids of one region are probed together (`lookUp`),
/// walking that region's pages while the TLB holds them, in about a third of the
/// time. The results are read back in the order the ids were added (`fill`): each
/// region's group kept that order, and each id's region was noted.
///
/// Ids read escaped (with doubled quotes) do not outlive their record, so they are
/// looked up at once; one the table lacks keeps a copy of its bytes.
struct IDLookupBatch {
    /// One id waiting for its lookup, 24 bytes.
    struct Pending {
        /// A short id's `CustomerKey.rest`; a long id's hash; for `notHeld`, the end
        /// of the bytes kept.
        var rest: UInt64
        /// A short id's hash; a long id's address; for `notHeld`, the start of the
        /// bytes kept; once `found`, the customer.
        var aux: UInt64
        /// A short id's `CustomerKey.tag`, `longTag | length << 8`, `found` or `notHeld`.
        var tag: UInt32

        /// The low byte of a long id's tag, as in `CustomerKey`.
        static let longTag: UInt32 = 0xFF
        /// Looked up and found: `aux` is the customer. Never a key's tag (their low
        /// byte is a length of at most `CustomerKey.inlineLimit`, or 0xFF).
        static let found: UInt32 = 0xFE
        /// Looked up at once and not held: its bytes were kept.
        static let notHeld: UInt32 = 0xFD
        /// The longest id recorded by address; longer ones are looked up at once.
        static let longestRecorded = (1 << 24) - 1

        /// The hash that picks the id's home slot.
        @inline(__always) var hash: UInt64 { tag & 0xFF == Self.longTag ? rest : aux }
    }

    /// The table's slots are cut into up to this many regions.
    static let regionCount = 256
    /// How many ids ahead `group` and `fill` prefetch.
    static let ahead = 8

    /// One mapping for the batches of a window's chunks: each chunk's grouped ids,
    /// their regions in the order read, and its group starts; then one list per
    /// worker for ids in the order they are read, which a chunk holds from its first
    /// id until it is grouped.
    final class Room: @unchecked Sendable {
        let memory: ScratchBuffer
        let offsets: [Int]
        let capacities: [Int]
        /// A region is the slots with the same bits above these.
        let shift: Int
        private let spareCapacity: Int
        private let spares: Mutex<[UncheckedSendable<UnsafeMutablePointer<Pending>>]>
        /// Lists made when every spare was taken (a chunk that stopped at a bad
        /// record keeps its list until `group` runs after the scan).
        private let extra = Mutex<[UncheckedSendable<ScratchBuffer>]>([])

        /// Room for chunks of at most `capacities[c]` ids each, probed in a table of
        /// `slotCount` slots by up to `workers` at a time.
        init(capacities: [Int], slotCount: Int, workers: Int, pool: ScratchPool?) {
            self.capacities = capacities
            shift = max(0, slotCount.trailingZeroBitCount - Self.regionBits)
            let stride = MemoryLayout<Pending>.stride
            var offsets: [Int] = []
            var at = 0
            for capacity in capacities {
                offsets.append(at)
                at = (IDLookupBatch.startsOffset(at, capacity: capacity) + (regionCount + 1) * 8 + 63) & ~63
            }
            self.offsets = offsets
            let spareCapacity = capacities.max() ?? 0
            self.spareCapacity = spareCapacity
            let spareCount = max(1, min(workers, capacities.count))
            // Windows of a file hold about as many records each: with some headroom,
            // the next window's room fits this one's.
            let byteCount = at + spareCount * spareCapacity * stride
            let memory = pool?.take(byteCount: byteCount, headroom: byteCount / 8) ?? ScratchBuffer(byteCount: byteCount)
            self.memory = memory
            let base = memory.base + at
            spares = Mutex((0 ..< spareCount).map {
                UncheckedSendable((base + $0 * spareCapacity * stride).bindMemory(to: Pending.self, capacity: spareCapacity))
            })
        }

        static let regionBits = IDLookupBatch.regionCount.trailingZeroBitCount

        /// A list for a chunk's ids in the order read.
        func takeSpare() -> UnsafeMutablePointer<Pending> {
            if let spare = spares.withLock({ $0.popLast() }) { return spare.value }
            let fresh = ScratchBuffer(byteCount: spareCapacity * MemoryLayout<Pending>.stride)
            extra.withLock { $0.append(UncheckedSendable(fresh)) }
            return fresh.base.bindMemory(to: Pending.self, capacity: spareCapacity)
        }

        func giveBack(_ spare: UnsafeMutablePointer<Pending>) {
            spares.withLock { $0.append(UncheckedSendable(spare)) }
        }
    }

    let room: Room
    /// The ids grouped by region, and the region of each in the order read.
    let grouped: UnsafeMutablePointer<Pending>
    let regions: UnsafeMutablePointer<UInt8>
    /// Per region the number of ids while reading; once grouped, where each group
    /// starts (`regionCount + 1` entries).
    let starts: UnsafeMutablePointer<Int>
    let capacity: Int
    /// The ids in the order read, until grouped.
    private var read: UnsafeMutablePointer<Pending>?
    private(set) var count = 0
    private(set) var isGrouped = false
    /// The bytes of ids looked up at once and not held.
    private var kept: [UInt8] = []

    /// Chunk `c`'s batch in `room`.
    init(_ room: Room, _ c: Int) {
        self.room = room
        capacity = room.capacities[c]
        let stride = MemoryLayout<Pending>.stride
        let at = room.offsets[c]
        grouped = (room.memory.base + at).bindMemory(to: Pending.self, capacity: capacity)
        regions = (room.memory.base + at + capacity * stride).bindMemory(to: UInt8.self, capacity: capacity)
        starts = (room.memory.base + Self.startsOffset(at, capacity: capacity)).bindMemory(to: Int.self, capacity: IDLookupBatch.regionCount + 1)
        // The room may be a reused one: the counts start from zero.
        starts.initialize(repeating: 0, count: IDLookupBatch.regionCount + 1)
    }

    /// Where the group starts of a chunk whose batch is at `at` go: after its
    /// grouped ids and their regions.
    static func startsOffset(_ at: Int, capacity: Int) -> Int {
        (at + capacity * (MemoryLayout<Pending>.stride + 1) + 7) & ~7
    }

    /// Records the id `bytes` (its `ByteHash` is `hash`) for lookup and returns
    /// `UInt32.max`; or, for bytes read `escaped` or too long to record, looks it
    /// up in `table` at once and returns the customer if the table holds it.
    @inline(__always)
    mutating func add(_ bytes: UnsafeRawBufferPointer, hash: UInt64, escaped: Bool, table: CustomerLookupHandle) -> UInt32 {
        precondition(count < capacity, "more ids than the chunk's records allow")
        let n = bytes.count
        var entry: Pending
        if escaped || n > Pending.longestRecorded {
            let index = table.find(bytes, key: CustomerKey(bytes, hash: hash), hash: hash).index
            if index != .max { return index }
            let start = kept.count
            kept.append(contentsOf: bytes)
            entry = Pending(rest: UInt64(kept.count), aux: UInt64(start), tag: Pending.notHeld)
        } else if n <= CustomerKey.inlineLimit {
            let key = CustomerKey(bytes, hash: hash)
            entry = Pending(rest: key.rest, aux: hash, tag: key.tag)
        } else {
            entry = Pending(rest: hash, aux: UInt64(UInt(bitPattern: bytes.baseAddress)), tag: Pending.longTag | UInt32(n) << 8)
        }
        if read == nil { read = room.takeSpare() }
        let region = (Int(truncatingIfNeeded: entry.hash) & table.mask) >> room.shift
        read![count] = entry
        regions[count] = UInt8(truncatingIfNeeded: region)
        starts[region + 1] += 1
        count += 1
        return .max
    }

    /// Groups the ids by region, each group in the order read: at the end of the
    /// chunk. - Complexity: O(ids).
    mutating func group() {
        guard !isGrouped else { return }
        isGrouped = true
        for r in 0 ..< IDLookupBatch.regionCount { starts[r + 1] += starts[r] }
        guard let read else { return }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: IDLookupBatch.regionCount) { next in
            _ = next.initialize(from: UnsafeBufferPointer(start: starts, count: IDLookupBatch.regionCount))
            // The stores go to one of many places at once, more than the hardware
            // follows: each is asked for a few ids ahead (where the group will be by then, near enough).
            let target = UnsafeMutableBufferPointer(start: grouped, count: capacity)
            for i in 0 ..< count {
                target.prefetch(next[Int(regions[min(i + Self.ahead, capacity - 1)])])
                let r = Int(regions[i])
                grouped[next[r]] = read[i]
                next[r] += 1
            }
        }
        room.giveBack(read)
        self.read = nil
    }

    /// Looks up every id of the grouped `batches` in `table`, region by region;
    /// the regions are spread over `threads`.
    ///
    /// - Complexity: O(ids) expected.
    static func lookUp(_ batches: [IDLookupBatch], table: CustomerLookupHandle, threads: Int) {
        let views = batches.map { (grouped: $0.grouped, starts: $0.starts) }
        let regionsPerTask = 4
        views.withUnsafeBufferPointer { views in
            ParallelFor.run(chunks: regionCount / regionsPerTask, threads: threads) { task in
                for region in task * regionsPerTask ..< (task + 1) * regionsPerTask {
                    for view in views {
                        let start = view.starts[region], end = view.starts[region + 1]
                        let distance = 16
                        for i in start ..< end {
                            if i + distance < end {
                                table.words.prefetch(2 * (Int(truncatingIfNeeded: view.grouped[i + distance].hash) & table.mask))
                            }
                            lookUp(&view.grouped[i], table: table)
                        }
                    }
                }
            }
        }
    }

    /// Marks `entry` `found` with its customer when the table holds it.
    @inline(__always)
    private static func lookUp(_ entry: inout Pending, table: CustomerLookupHandle) {
        let low = entry.tag & 0xFF
        if low == Pending.notHeld { return }
        if low == Pending.longTag {
            let bytes = UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: UInt(entry.aux)), count: Int(entry.tag >> 8))
            let index = table.find(bytes, key: CustomerKey(tag: Pending.longTag, rest: entry.rest), hash: entry.rest).index
            if index != .max { entry = Pending(rest: 0, aux: UInt64(index), tag: Pending.found) }
            return
        }
        var slot = Int(truncatingIfNeeded: entry.aux) & table.mask
        while true {
            let word = table.words[2 * slot]
            if word == CustomerKey.emptyLow { return }
            if UInt32(truncatingIfNeeded: word >> 32) == entry.tag && table.words[2 * slot + 1] == entry.rest {
                entry = Pending(rest: 0, aux: UInt64(CustomerKey.index(word)), tag: Pending.found)
                return
            }
            slot = (slot + 1) & table.mask
        }
    }

    /// Puts each id's customer into the column entries that wait for it
    /// (`UInt32.max`), row by row, first column before second, which is the order
    /// the ids were added; calls `notHeld` with the occurrence (2 · row + column)
    /// and the bytes of each id the table lacks, in that order, leaving its entry
    /// `UInt32.max`. Needs `lookUp` first.
    mutating func fill(_ first: UnsafeMutableBufferPointer<UInt32>, _ second: UnsafeMutableBufferPointer<UInt32>, rows: Int,
                       notHeld: (Int, UnsafeRawBufferPointer) -> Void) {
        guard count > 0 else { return }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: IDLookupBatch.regionCount) { next in
            _ = next.initialize(from: UnsafeBufferPointer(start: starts, count: IDLookupBatch.regionCount))
            var i = 0
            let source = UnsafeBufferPointer(start: grouped, count: capacity)
            @inline(__always) func take(_ column: UnsafeMutableBufferPointer<UInt32>, _ row: Int, _ occurrence: Int) {
                guard column[row] == .max else { return }
                // As in `group`, the reads are asked for a few ids ahead.
                source.prefetch(next[Int(regions[min(i + Self.ahead, capacity - 1)])])
                let r = Int(regions[i])
                i += 1
                let entry = grouped[next[r]]
                next[r] += 1
                if entry.tag == Pending.found {
                    column[row] = UInt32(truncatingIfNeeded: entry.aux)
                } else {
                    withBytes(of: entry) { notHeld(occurrence, $0) }
                }
            }
            for row in 0 ..< rows {
                take(first, row, 2 * row)
                take(second, row, 2 * row + 1)
            }
        }
    }

    /// Calls `body` with the bytes of an id not found.
    private func withBytes(of entry: Pending, _ body: (UnsafeRawBufferPointer) -> Void) {
        switch entry.tag & 0xFF {
        case Pending.notHeld:
            kept.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[Int(entry.aux) ..< Int(entry.rest)])) }
        case Pending.longTag:
            body(UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: UInt(entry.aux)), count: Int(entry.tag >> 8)))
        default:
            // A short id is its key: its first three bytes above the length, the rest after.
            withUnsafeTemporaryAllocation(byteCount: 16, alignment: 8) { raw in
                raw.storeBytes(of: (entry.tag >> 8).littleEndian, toByteOffset: 0, as: UInt32.self)
                raw.storeBytes(of: entry.rest.littleEndian, toByteOffset: 3, as: UInt64.self)
                body(UnsafeRawBufferPointer(rebasing: raw[0 ..< Int(entry.tag & 0xFF)]))
            }
        }
    }
}
