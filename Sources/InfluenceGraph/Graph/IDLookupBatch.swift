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
/// walking that region's pages while the TLB holds them. The results are read back
/// in the order the ids were added (`fill`): each region's group kept that order,
/// and each id's region was noted.
///
/// Ids read escaped (with doubled quotes) do not outlive their record, so they are
/// looked up at once; one the table lacks keeps a copy of its bytes. So is every id
/// of a table too large for 32-bit home slots.
struct IDLookupBatch {
    /// One id waiting for its lookup, 16 bytes.
    struct Pending {
        /// A short id's `CustomerKey.rest`; a long id's hash.
        var rest: UInt64
        /// A short id's `CustomerKey.tag`, `longTag`, `found` or `notHeld`.
        var tag: UInt32
        /// A short id's hash, its low half; a long id's number among the chunk's
        /// long ids (`LongID`); once `found`, the customer.
        var aux: UInt32

        /// A long id's tag, as in `CustomerKey`.
        static let longTag: UInt32 = 0xFF
        /// Looked up and found: `aux` is the customer. Never a key's tag (their low
        /// byte is a length of at most `CustomerKey.inlineLimit`, or 0xFF).
        static let found: UInt32 = 0xFE
        /// Looked up at once and not held: its bytes were kept.
        static let notHeld: UInt32 = 0xFD

        /// The hash whose low bits are the id's home slot.
        @inline(__always) var hash: UInt64 { tag == Self.longTag ? rest : UInt64(aux) }
    }

    /// Where a long id's bytes lie, read in place.
    struct LongID {
        var start: UnsafeRawPointer
        var count: Int
    }

    /// The table's slots are cut into up to this many regions.
    static let regionCount = 256
    static let regionBits = regionCount.trailingZeroBitCount
    /// How many ids ahead `group` and `fill` prefetch.
    static let ahead = 8

    /// Where each part of a chunk's batch lies in its room, from the chunk's start.
    struct Layout {
        let grouped: Int, regions: Int, end: Int

        init(_ at: Int, capacity: Int) {
            grouped = at
            regions = grouped + capacity * MemoryLayout<Pending>.stride
            end = (regions + capacity + 63) & ~63
        }
    }

    /// One mapping for the batches of a window's chunks: every chunk's group starts,
    /// together at the front, since the chunks are made one after another and each
    /// sets its starts to zero (spread over the chunks, those first touches would
    /// clear a huge page of each chunk's room on one thread); then each chunk's
    /// grouped ids and the region of each id in the order read; then one list
    /// per worker for ids in the order they are read, which a chunk holds from its
    /// first id until it is grouped; then each chunk's long ids, last, as a file
    /// of short ids never touches their pages.
    final class Room: @unchecked Sendable {
        let memory: ScratchBuffer
        let offsets: [Int]
        let startOffsets: [Int]
        let longOffsets: [Int]
        let capacities: [Int]
        /// A region is the slots with the same bits above these.
        let shift: Int
        /// Whether ids are recorded for `lookUp`, rather than all looked up at
        /// once: while home slots and id counts fit in 32 bits.
        let defers: Bool
        private let spareCapacity: Int
        private let spares: Mutex<[UncheckedSendable<UnsafeMutablePointer<Pending>>]>
        /// Lists made when every spare was taken (a chunk that stopped at a bad
        /// record keeps its list until `group` runs after the scan).
        private let extra = Mutex<[UncheckedSendable<ScratchBuffer>]>([])

        /// Room for chunks of at most `capacities[c]` ids each, probed in a table of
        /// `slotCount` slots by up to `workers` at a time; kept buffers come from `pool`.
        init(capacities: [Int], slotCount: Int, workers: Int, pool: ScratchPool?) {
            self.capacities = capacities
            shift = max(0, slotCount.trailingZeroBitCount - IDLookupBatch.regionBits)
            let spareCapacity = capacities.max() ?? 0
            defers = slotCount <= 1 << 32 && spareCapacity <= Int(UInt32.max)
            self.spareCapacity = spareCapacity
            var startOffsets: [Int] = []
            var at = 0
            for _ in capacities {
                startOffsets.append(at)
                at += (IDLookupBatch.regionCount + 1) * MemoryLayout<Int>.stride
            }
            at = (at + 63) & ~63
            self.startOffsets = startOffsets
            var offsets: [Int] = []
            for capacity in capacities {
                offsets.append(at)
                at = Layout(at, capacity: capacity).end
            }
            self.offsets = offsets
            let stride = MemoryLayout<Pending>.stride
            let spareCount = max(1, min(workers, capacities.count))
            let sparesAt = at
            at += spareCount * spareCapacity * stride
            var longOffsets: [Int] = []
            for capacity in capacities {
                longOffsets.append(at)
                at += capacity * MemoryLayout<LongID>.stride
            }
            self.longOffsets = longOffsets
            // Windows of a file hold about as many records each: with some headroom,
            // the next window's room fits this one's.
            let byteCount = at
            let memory = pool?.take(byteCount: byteCount, headroom: byteCount / 8) ?? ScratchBuffer(byteCount: byteCount)
            self.memory = memory
            let base = memory.base + sparesAt
            spares = Mutex((0 ..< spareCount).map {
                UncheckedSendable((base + $0 * spareCapacity * stride).bindMemory(to: Pending.self, capacity: spareCapacity))
            })
        }

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
    /// The table `add` looks escaped ids up in, opened for the scan that adds them.
    let table: CustomerLookupHandle
    /// `room.defers`, the table's mask and `room.shift`, kept here: `add` reads them
    /// for every id.
    private let defers: Bool
    private let mask: Int
    private let shift: Int
    let capacity: Int
    /// The ids grouped by region.
    let grouped: UnsafeMutablePointer<Pending>
    let longIDs: UnsafeMutablePointer<LongID>
    /// Per region the number of ids while reading; once grouped, where each group
    /// starts (`regionCount + 1` entries).
    let starts: UnsafeMutablePointer<Int>
    /// The region of each id, in the order read.
    let regions: UnsafeMutablePointer<UInt8>
    /// The ids in the order read, until grouped.
    private var read: UnsafeMutablePointer<Pending>?
    private(set) var count = 0
    private var longCount = 0
    private(set) var isGrouped = false
    /// The bytes of the ids looked up at once and not held, one after the other,
    /// and where each ends.
    private var kept: [UInt8] = []
    private var keptEnds: [Int] = []

    /// Chunk `c`'s batch in `room`, for lookups in `table`.
    init(_ room: Room, _ c: Int, table: CustomerLookupHandle) {
        self.room = room
        self.table = table
        defers = room.defers
        mask = table.mask
        shift = room.shift
        capacity = room.capacities[c]
        let layout = Layout(room.offsets[c], capacity: capacity), base = room.memory.base
        grouped = (base + layout.grouped).bindMemory(to: Pending.self, capacity: capacity)
        longIDs = (base + room.longOffsets[c]).bindMemory(to: LongID.self, capacity: capacity)
        starts = (base + room.startOffsets[c]).bindMemory(to: Int.self, capacity: IDLookupBatch.regionCount + 1)
        regions = (base + layout.regions).bindMemory(to: UInt8.self, capacity: capacity)
        // The room may be a reused one: the counts start from zero.
        starts.initialize(repeating: 0, count: IDLookupBatch.regionCount + 1)
    }

    /// Records the id `bytes` (its `ByteHash` is `hash`) for lookup and returns
    /// `UInt32.max`; or, for bytes read `escaped` or a room that does not defer,
    /// looks it up at once and returns the customer if the table holds it.
    @inline(__always)
    mutating func add(_ bytes: UnsafeRawBufferPointer, hash: UInt64, escaped: Bool) -> UInt32 {
        precondition(count < capacity, "more ids than the chunk's records allow")
        let entry: Pending
        // A deferred id's region is that of its hash's slot (`Pending.hash` keeps
        // the bits the mask reads); ids not held all go to the first region, where
        // only their order matters.
        var region = (Int(truncatingIfNeeded: hash) & mask) &>> shift
        if escaped || !defers {
            let index = lookUpNow(bytes, hash: hash)
            if index != .max { return index }
            entry = Pending(rest: 0, tag: Pending.notHeld, aux: 0)
            region = 0
        } else if bytes.count <= CustomerKey.inlineLimit {
            let key = CustomerKey(bytes, hash: hash)
            entry = Pending(rest: key.rest, tag: key.tag, aux: UInt32(truncatingIfNeeded: hash))
        } else {
            longIDs[longCount] = LongID(start: bytes.baseAddress!, count: bytes.count)
            entry = Pending(rest: hash, tag: Pending.longTag, aux: UInt32(truncatingIfNeeded: longCount))
            longCount += 1
        }
        if read == nil { read = room.takeSpare() }
        read![count] = entry
        regions[count] = UInt8(truncatingIfNeeded: region)
        starts[region + 1] += 1
        count += 1
        return .max
    }

    /// Looks `bytes` up at once and returns the customer, or `UInt32.max` after
    /// keeping the bytes of an id the table lacks. Out of line: rare, and inlined it
    /// kept the common path's key from being inlined.
    @inline(never)
    private mutating func lookUpNow(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> UInt32 {
        let index = table.find(bytes, key: CustomerKey(bytes, hash: hash), hash: hash).index
        if index == .max {
            kept.append(contentsOf: bytes)
            keptEnds.append(kept.count)
        }
        return index
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
            // The stores go to many places at once, more than the hardware follows:
            // each is asked for a few ids ahead (where its group will be by then, near enough).
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
        let views = batches.map { (grouped: $0.grouped, starts: $0.starts, longIDs: $0.longIDs) }
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
                            lookUp(&view.grouped[i], longIDs: view.longIDs, table: table)
                        }
                    }
                }
            }
        }
    }

    /// Marks `entry` `found` with its customer when the table holds it.
    @inline(__always)
    private static func lookUp(_ entry: inout Pending, longIDs: UnsafeMutablePointer<LongID>, table: CustomerLookupHandle) {
        guard entry.tag != Pending.notHeld else { return }
        // A short id's key is the id: the probe never reads its bytes.
        var bytes = UnsafeRawBufferPointer(start: nil, count: 0)
        if entry.tag == Pending.longTag {
            let id = longIDs[Int(entry.aux)]
            bytes = UnsafeRawBufferPointer(start: id.start, count: id.count)
        }
        let index = table.find(bytes, key: CustomerKey(tag: entry.tag, rest: entry.rest), hash: entry.hash).index
        if index != .max { entry = Pending(rest: 0, tag: Pending.found, aux: index) }
    }

    /// Puts each id's customer into the column entries that wait for it
    /// (`UInt32.max`), row by row, first column before second, which is the order
    /// the ids were added; calls `notHeld` with the occurrence (2 · row + column)
    /// and the bytes of each id the table lacks, in that order, leaving its entry
    /// `UInt32.max`. An entry `sameAsAbove` takes the customer of the entry above
    /// it once that one is known, in the same pass (a second pass over the columns
    /// cost a tenth of the lookups). Returns whether some `sameAsAbove` entry is
    /// left, below an id the table lacks. Needs `lookUp` first.
    mutating func fill(_ first: UnsafeMutableBufferPointer<UInt32>, _ second: UnsafeMutableBufferPointer<UInt32>, rows: Int,
                       sameAsAbove: UInt32, notHeld: (Int, UnsafeRawBufferPointer) -> Void) -> Bool {
        withUnsafeTemporaryAllocation(of: Int.self, capacity: IDLookupBatch.regionCount) { next in
            _ = next.initialize(from: UnsafeBufferPointer(start: starts, count: IDLookupBatch.regionCount))
            var i = 0, keptIndex = 0, repeatsLeft = false
            let source = UnsafeBufferPointer(start: grouped, count: capacity)
            @inline(__always) func take(_ column: UnsafeMutableBufferPointer<UInt32>, _ row: Int, _ occurrence: Int) {
                let current = column[row]
                if current == sameAsAbove {
                    // A chunk's first row never repeats: nothing is above it.
                    let above = column[row - 1]
                    if above == .max || above == sameAsAbove { repeatsLeft = true } else { column[row] = above }
                    return
                }
                guard current == .max else { return }
                // As in `group`, the reads are asked for a few ids ahead.
                source.prefetch(next[Int(regions[min(i + Self.ahead, capacity - 1)])])
                let r = Int(regions[i])
                i += 1
                let entry = grouped[next[r]]
                next[r] += 1
                switch entry.tag {
                case Pending.found:
                    column[row] = entry.aux
                case Pending.notHeld:
                    let start = keptIndex == 0 ? 0 : keptEnds[keptIndex - 1], end = keptEnds[keptIndex]
                    keptIndex += 1
                    kept.withUnsafeBytes { notHeld(occurrence, UnsafeRawBufferPointer(rebasing: $0[start ..< end])) }
                case Pending.longTag:
                    let id = longIDs[Int(entry.aux)]
                    notHeld(occurrence, UnsafeRawBufferPointer(start: id.start, count: id.count))
                default:
                    CustomerKey(tag: entry.tag, rest: entry.rest).withIDBytes { notHeld(occurrence, $0) }
                }
            }
            for row in 0 ..< rows {
                take(first, row, 2 * row)
                take(second, row, 2 * row + 1)
            }
            return repeatsLeft
        }
    }
}
