extension CustomerTable {
    /// The slot count for `count` customers: the least power of two of at least 16
    /// holding twice that many, which is what growing one insert at a time reaches.
    static func capacity(for count: Int) -> Int {
        var capacity = 16
        while capacity < count * 2 { capacity *= 2 }
        return capacity
    }

    /// Whether a load runs: lookups and inserts go through `loadSlots`.
    var isLoading: Bool { !loadSlots.isEmpty }

    /// The slot count, loading or not.
    var slotCount: Int { isLoading ? loadSlots.count / 2 : slots.count }

    /// Readies the table for a load that adds up to `expected` customers: sized for
    /// them at once, with `loadSlots` standing in for `slots`. `endLoading()` undoes
    /// both. `threads` share the first touch of fresh slots.
    mutating func beginLoading(expecting expected: Int, threads: Int = 1) {
        let capacity = max(slotCount, Self.capacity(for: count + expected))
        guard !isLoading || capacity != slotCount else { return }
        rehashLoadSlots(capacity: capacity, threads: threads)
        slots = []
    }

    /// Makes room for `count` more ids of `bytes` bytes in all, so that a load's
    /// appends do not copy the ids again each time the arrays double.
    mutating func reserveCapacity(adding count: Int, bytes: Int, threads: Int = 1) {
        reserveAhead(&idOffsets, idOffsets.count + count, threads: threads)
        reserveAhead(&idBytes, idBytes.count + bytes, threads: threads)
    }

    /// Rebuilds `slots` from the load slots (the same places: both are filled in
    /// index order from each id's home slot), sized as one-at-a-time growth would
    /// have, so the table is the same value whatever the load expected.
    mutating func endLoading(threads: Int = 1) {
        if isLoading {
            let capacity = slotCount
            var plain = uninitializedArray(UInt32.self, count: capacity)
            plain.withUnsafeMutableBufferPointer { plain in
                loadSlots.withUnsafeBufferPointer { words in
                    let bounds = ParallelFor.evenBoundaries(count: capacity, parts: capacity >= 1 << 20 ? max(1, threads) : 1)
                    ParallelFor.run(chunks: bounds.count - 1, threads: threads) { c in
                        for s in bounds[c] ..< bounds[c + 1] { plain[s] = CustomerKey.index(words[2 * s]) }
                    }
                }
            }
            loadSlots = []
            slots = plain
        }
        if slots.count != Self.capacity(for: count) { rehash(capacity: Self.capacity(for: count)) }
    }

    /// Fills fresh load slots of `capacity` with every id, in index order.
    mutating func rehashLoadSlots(capacity: Int, threads: Int) {
        // Both words of an empty slot hold `emptyLow`; only the first is read.
        var fresh = filledArray(CustomerKey.emptyLow, count: 2 * capacity, threads: threads)
        let mask = capacity - 1
        fresh.withUnsafeMutableBufferPointer { words in
            forEachID { i, bytes in
                let hash = ByteHash.hash(bytes)
                var slot = Int(truncatingIfNeeded: hash) & mask
                while words[2 * slot] != CustomerKey.emptyLow { slot = (slot + 1) & mask }
                let key = CustomerKey(bytes, hash: hash)
                words[2 * slot] = key.low(index: UInt32(i))
                words[2 * slot + 1] = key.rest
            }
        }
        loadSlots = fresh
    }

    /// Starts loading the load slot an id of hash `hash` probes first.
    @inline(__always)
    func prefetchSlot(of hash: UInt64) {
        loadSlots.withUnsafeBufferPointer { words in
            words.prefetch(2 * (Int(truncatingIfNeeded: hash) & (words.count / 2 - 1)))
        }
    }

    /// `intern` while loading: the lookup compares keys in the load slots.
    mutating func internWhileLoading(_ bytes: UnsafeRawBufferPointer, hash: UInt64) throws(CapacityError) -> (index: UInt32, isNew: Bool) {
        let key = CustomerKey(bytes, hash: hash)
        let found = withLookupHandle { $0.find(bytes, key: key, hash: hash) }
        if found.index != .max { return (found.index, false) }
        guard count < Self.capacityLimit else { throw CapacityError() }
        let index = UInt32(count)
        idBytes.append(contentsOf: bytes)
        idOffsets.append(idBytes.count)
        loadSlots[2 * found.slot] = key.low(index: index)
        loadSlots[2 * found.slot + 1] = key.rest
        if count * 2 > slotCount { rehashLoadSlots(capacity: slotCount * 2, threads: 1) }
        return (index, true)
    }
}
