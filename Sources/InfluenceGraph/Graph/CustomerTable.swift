/// The external ids of all customers, interned once: one contiguous byte buffer
/// with offsets, and an open-addressing hash table for O(1) lookup by id.
///
/// Customer `i` (a dense index, in order of first appearance in the input) has id
/// bytes `idBytes[idOffsets[i] ..< idOffsets[i + 1]]`.
public struct CustomerTable: Sendable, Equatable {
    /// The largest number of customers a graph can hold; `UInt32.max` marks an empty slot.
    public static let capacityLimit = Int(UInt32.max) - 1

    @usableFromInline var idBytes: [UInt8]
    @usableFromInline var idOffsets: [Int]
    /// Open-addressing slots holding customer indices; `UInt32.max` is empty. Empty
    /// while a load runs (`loadSlots` stands in for it).
    @usableFromInline var slots: [UInt32]
    /// While a load runs (see `CustomerTable+Loading.swift`): two words per slot, the
    /// customer and its id's `CustomerKey`, in the places `slots` would hold them, so
    /// a lookup of a short id reads one cache line. Empty otherwise.
    var loadSlots: [UInt64] = []

    /// An empty table.
    public init() {
        idBytes = []
        idOffsets = [0]
        slots = [UInt32](repeating: .max, count: 16)
    }

    init(idBytes: [UInt8], idOffsets: [Int], slots: [UInt32]) {
        self.idBytes = idBytes
        self.idOffsets = idOffsets
        self.slots = slots
    }

    /// The number of customers.
    @inlinable public var count: Int { idOffsets.count - 1 }

    public static func == (a: CustomerTable, b: CustomerTable) -> Bool {
        a.idBytes == b.idBytes && a.idOffsets == b.idOffsets && a.slots == b.slots
    }

    /// The id of customer `index`. - Complexity: O(length of the id).
    public func id(_ index: Int) -> String {
        idBytes.withUnsafeBufferPointer { String(decoding: $0[idOffsets[index] ..< idOffsets[index + 1]], as: UTF8.self) }
    }

    /// The dense index of the customer with this id, or `nil`. - Complexity: O(1) expected.
    public func index(of id: String) -> Int? {
        var id = id
        return id.withUTF8 { index(of: UnsafeRawBufferPointer($0)) }
    }

    /// The dense index of the customer whose id is these bytes, or `nil`.
    public func index(of bytes: UnsafeRawBufferPointer) -> Int? {
        let found = find(bytes, hash: ByteHash.hash(bytes))
        return found.index == UInt32.max ? nil : Int(found.index)
    }

    /// Bytes held by the table.
    public var byteCount: Int {
        idBytes.count + idOffsets.count * MemoryLayout<Int>.stride + slots.count * MemoryLayout<UInt32>.stride
    }

    /// Looks `bytes` up; returns the customer index (or `UInt32.max`) and the slot it is in or would go in.
    @usableFromInline
    func find(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> (index: UInt32, slot: Int) {
        slots.withUnsafeBufferPointer { slots in
            idBytes.withUnsafeBytes { stored in
                idOffsets.withUnsafeBufferPointer { offsets in
                    let mask = slots.count - 1
                    var slot = Int(truncatingIfNeeded: hash) & mask
                    while true {
                        let candidate = slots[slot]
                        if candidate == .max { return (.max, slot) }
                        let start = offsets[Int(candidate)], end = offsets[Int(candidate) + 1]
                        if end - start == bytes.count,
                           bytes.count == 0 || memcmp(stored.baseAddress! + start, bytes.baseAddress!, bytes.count) == 0 {
                            return (candidate, slot)
                        }
                        slot = (slot + 1) & mask
                    }
                }
            }
        }
    }

    /// Returns the index of `bytes`, adding it as a new customer if it is not there.
    ///
    /// - Throws: `CapacityError` past `capacityLimit` customers.
    mutating func intern(_ bytes: UnsafeRawBufferPointer) throws(CapacityError) -> (index: UInt32, isNew: Bool) {
        try intern(bytes, hash: ByteHash.hash(bytes))
    }

    /// `intern(_:)` for bytes whose `ByteHash` is known.
    mutating func intern(_ bytes: UnsafeRawBufferPointer, hash: UInt64) throws(CapacityError) -> (index: UInt32, isNew: Bool) {
        guard !isLoading else { return try internWhileLoading(bytes, hash: hash) }
        let found = find(bytes, hash: hash)
        if found.index != .max { return (found.index, false) }
        guard count < Self.capacityLimit else { throw CapacityError() }
        let index = UInt32(count)
        idBytes.append(contentsOf: bytes)
        idOffsets.append(idBytes.count)
        slots[found.slot] = index
        if count * 2 > slots.count { rehash(capacity: slots.count * 2) }
        return (index, true)
    }

    /// Returns the index of `id`, adding it as a new customer if it is not there.
    mutating func intern(_ id: String) throws(CapacityError) -> UInt32 {
        var id = id
        var result: Result<UInt32, CapacityError> = .success(0)
        id.withUTF8 { utf8 in result = Result { () throws(CapacityError) in try intern(UnsafeRawBufferPointer(utf8)).index } }
        return try result.get()
    }

    /// Appends a customer known not to be present (ids from a duplicate-free source).
    mutating func appendUnique(_ bytes: UnsafeRawBufferPointer) {
        idBytes.append(contentsOf: bytes)
        idOffsets.append(idBytes.count)
    }

    /// Rebuilds the hash slots for all ids, e.g. after `appendUnique`.
    mutating func rebuildIndex() {
        var capacity = 16
        while capacity < count * 2 { capacity *= 2 }
        rehash(capacity: capacity)
    }

    /// Rebuilds the slots (or, while loading, the load slots) at `capacity`,
    /// inserting ids in index order. `threads` share the first touch of the fresh slots.
    mutating func rehash(capacity: Int, threads: Int = 1) {
        guard !isLoading else { return rehashLoadSlots(capacity: capacity, threads: threads) }
        var fresh = filledArray(UInt32.max, count: capacity, threads: threads)
        let mask = capacity - 1
        fresh.withUnsafeMutableBufferPointer { fresh in
            forEachID { i, bytes in
                var slot = Int(truncatingIfNeeded: ByteHash.hash(bytes)) & mask
                while fresh[slot] != .max { slot = (slot + 1) & mask }
                fresh[slot] = UInt32(i)
            }
        }
        slots = fresh
    }

    /// Calls `body` with each customer's index and id bytes, in index order.
    func forEachID(_ body: (Int, UnsafeRawBufferPointer) -> Void) {
        idBytes.withUnsafeBytes { stored in
            idOffsets.withUnsafeBufferPointer { offsets in
                for i in 0..<(offsets.count - 1) { body(i, UnsafeRawBufferPointer(rebasing: stored[offsets[i] ..< offsets[i + 1]])) }
            }
        }
    }
}

/// More customers than a `UInt32` index can address.
/// More distinct customers than 32-bit indices can number.
public struct CapacityError: Error, Equatable, CustomStringConvertible, Sendable {
    static let message = "more than \(CustomerTable.capacityLimit) customers; InfluenceGraph indexes customers with 32-bit integers"

    /// Names the limit.
    public var description: String { Self.message }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CustomerTable {
    /// A table of distinct non-negative integer ids, written as canonical decimal
    /// text, with customer `i` being `ids[i]`.
    ///
    /// The text and the hashes are produced in parallel; the slots are then filled
    /// in index order, so the table is the one `appendUnique` and `rebuildIndex` give.
    ///
    /// - Complexity: O(n) for n ids.
    init(decimalIDs ids: [UInt64], threads: Int) {
        let n = ids.count
        let bounds = ParallelFor.evenBoundaries(count: n, parts: ParallelFor.chunkCount(forWork: n))
        let parts = bounds.count - 1
        var offsets = uninitializedArray(Int.self, count: n + 1)
        var chunkBytes = [Int](repeating: 0, count: parts + 1)
        // 1. Digit counts, per id and per chunk.
        ids.withUnsafeBufferPointer { ids in
            offsets.withUnsafeMutableBufferPointer { offsets in
                chunkBytes.withUnsafeMutableBufferPointer { chunkBytes in
                    ParallelFor.run(chunks: parts, threads: threads) { c in
                        var total = 0
                        for i in bounds[c] ..< bounds[c + 1] {
                            var v = ids[i] / 10
                            var length = 1
                            while v > 0 { length += 1; v /= 10 }
                            offsets[i + 1] = length
                            total += length
                        }
                        chunkBytes[c + 1] = total
                    }
                }
            }
        }
        for c in 0..<parts { chunkBytes[c + 1] += chunkBytes[c] }
        // 2. Offsets, text and hashes.
        var bytes = uninitializedArray(UInt8.self, count: chunkBytes[parts])
        var hashes = uninitializedArray(UInt64.self, count: n)
        offsets[0] = 0
        ids.withUnsafeBufferPointer { ids in
            offsets.withUnsafeMutableBufferPointer { offsets in
                bytes.withUnsafeMutableBufferPointer { bytes in
                    hashes.withUnsafeMutableBufferPointer { hashes in
                        ParallelFor.run(chunks: parts, threads: threads) { c in
                            var at = chunkBytes[c]
                            for i in bounds[c] ..< bounds[c + 1] {
                                let length = offsets[i + 1]
                                var v = ids[i]
                                var k = at + length
                                repeat { k -= 1; bytes[k] = UInt8(truncatingIfNeeded: 48 &+ v % 10); v /= 10 } while v > 0
                                hashes[i] = ByteHash.hash(UnsafeRawBufferPointer(start: bytes.baseAddress! + at, count: length))
                                at += length
                                offsets[i + 1] = at
                            }
                        }
                    }
                }
            }
        }
        // 3. Slots, in index order.
        var capacity = 16
        while capacity < n * 2 { capacity *= 2 }
        var slots = [UInt32](repeating: .max, count: capacity)
        let mask = capacity - 1
        slots.withUnsafeMutableBufferPointer { slots in
            hashes.withUnsafeBufferPointer { hashes in
                for i in 0..<n {
                    var slot = Int(truncatingIfNeeded: hashes[i]) & mask
                    while slots[slot] != .max { slot = (slot + 1) & mask }
                    slots[slot] = UInt32(truncatingIfNeeded: i)
                }
            }
        }
        self.init(idBytes: bytes, idOffsets: offsets, slots: slots)
    }
}
