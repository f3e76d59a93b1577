/// The customer table's load slots, ids and offsets, opened for reading while a
/// load's chunks look ids up in parallel (`IDLookupBatch`).
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
    /// Calls `body` with the table opened for lookups; the
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
