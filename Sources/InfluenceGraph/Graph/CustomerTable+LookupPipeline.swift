/// The customer table's arrays, opened for reading while a load's chunks look ids
/// up in parallel.
struct CustomerLookupHandle {
    let slots: UnsafeBufferPointer<UInt32>
    let fingerprints: UnsafeBufferPointer<UInt32>
    let offsets: UnsafeBufferPointer<Int>
    let bytes: UnsafeBufferPointer<UInt8>

    var mask: Int { slots.count - 1 }

    @inline(__always)
    func matches(_ bytes: UnsafeRawBufferPointer, _ candidate: UInt32) -> Bool {
        let start = offsets[Int(candidate)], end = offsets[Int(candidate) + 1]
        guard end - start == bytes.count else { return false }
        return ByteHash.equal(UnsafeRawPointer(self.bytes.baseAddress! + start), bytes.baseAddress, count: bytes.count)
    }

    /// The full probe, past every slot whose fingerprint matches another id.
    func find(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> UInt32 {
        let print = UInt32(truncatingIfNeeded: hash >> 32)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let candidate = slots[slot]
            if candidate == .max { return .max }
            if fingerprints[slot] == print && matches(bytes, candidate) { return candidate }
            slot = (slot + 1) & mask
        }
    }
}

extension CustomerTable {
    /// Calls `body` with the table opened for lookups (`IDLookupPipeline`); the
    /// table must hold fingerprints (`beginLoading(expecting:)`) and must not change
    /// meanwhile.
    func withLookupHandle<R>(_ body: (CustomerLookupHandle) -> R) -> R {
        precondition(!fingerprints.isEmpty, "lookups need beginLoading(expecting:)")
        return slots.withUnsafeBufferPointer { slots in
            fingerprints.withUnsafeBufferPointer { prints in
                idOffsets.withUnsafeBufferPointer { offsets in
                    idBytes.withUnsafeBufferPointer { bytes in
                        body(CustomerLookupHandle(slots: slots, fingerprints: prints, offsets: offsets, bytes: bytes))
                    }
                }
            }
        }
    }
}

/// Looks ids up in the customer table as they are read, a few ids behind the
/// reading: each lookup reads a slot, the candidate's offsets and its bytes, three
/// reads at random, so they are staged `distance` ids apart, each stage prefetching
/// for the next, and many are in flight at once.
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
        var candidate = UInt32.max
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
        table.slots.prefetch(home)
        table.fingerprints.prefetch(home)
        let pushed = self.pushed, table = self.table
        let finished = entries.withUnsafeMutableBufferPointer { entries in
            entries[pushed & (Self.ring - 1)] = Entry(occurrence: occurrence, start: bytes.baseAddress, count: bytes.count, hash: hash)
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
        // Stage 2: the first slot whose fingerprint matches; its offsets.
        let k2 = pushed - Self.distance
        if k2 >= 0 && k2 < limit {
            let hash = entries[k2 & mask].hash
            let print = UInt32(truncatingIfNeeded: hash >> 32)
            var slot = Int(truncatingIfNeeded: hash) & table.mask
            var candidate = table.slots[slot]
            while candidate != .max && table.fingerprints[slot] != print {
                slot = (slot + 1) & table.mask
                candidate = table.slots[slot]
            }
            entries[k2 & mask].candidate = candidate
            if candidate != .max { table.offsets.prefetch(Int(candidate)) }
        }
        // Stage 3: the candidate's bytes.
        let k3 = pushed - 2 * Self.distance
        if k3 >= 0 && k3 < limit {
            let candidate = entries[k3 & mask].candidate
            if candidate != .max { table.bytes.prefetch(table.offsets[Int(candidate)]) }
        }
        // Stage 4: compare; a fingerprint that matched another id takes the long way.
        let k4 = pushed - 3 * Self.distance
        if k4 >= 0 && k4 < limit {
            let entry = entries[k4 & mask]
            let bytes = UnsafeRawBufferPointer(start: entry.start, count: entry.count)
            var index = UInt32.max
            if entry.candidate != .max && table.matches(bytes, entry.candidate) {
                index = entry.candidate
            } else if entry.candidate != .max {
                index = table.find(bytes, hash: entry.hash)
            }
            return Finished(occurrence: entry.occurrence, index: index, bytes: bytes)
        }
        return nil
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
