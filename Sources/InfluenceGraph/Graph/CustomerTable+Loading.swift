#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension CustomerTable {
    /// The slot count for `count` customers: the least power of two of at least 16
    /// holding twice that many, which is what growing one insert at a time reaches.
    static func capacity(for count: Int) -> Int {
        var capacity = 16
        while capacity < count * 2 { capacity *= 2 }
        return capacity
    }

    /// Readies the table for a load that adds up to `expected` customers: sized for
    /// them at once, with fingerprints kept per slot. `endLoading()` undoes both.
    /// `threads` share the first touch of fresh slots.
    mutating func beginLoading(expecting expected: Int, threads: Int = 1) {
        let capacity = max(slots.count, Self.capacity(for: count + expected))
        guard fingerprints.isEmpty || capacity != slots.count else { return }
        fingerprints = [0]  // ask `rehash` to fill them
        rehash(capacity: capacity, threads: threads)
    }

    /// Makes room for `count` more ids of `bytes` bytes in all, so that a load's
    /// appends do not copy the ids again each time the arrays double.
    mutating func reserveCapacity(adding count: Int, bytes: Int) {
        reserveAhead(&idOffsets, idOffsets.count + count)
        reserveAhead(&idBytes, idBytes.count + bytes)
    }

    /// Drops the fingerprints, and sizes the slots as one-at-a-time growth would
    /// have, so the table is the same value whatever the load expected.
    mutating func endLoading() {
        fingerprints = []
        if slots.count != Self.capacity(for: count) { rehash(capacity: Self.capacity(for: count)) }
    }

    /// Starts loading the slot and fingerprint an id of hash `hash` probes first.
    @inline(__always)
    func prefetchSlot(of hash: UInt64) {
        slots.withUnsafeBufferPointer { slots in
            fingerprints.withUnsafeBufferPointer { prints in
                let home = Int(truncatingIfNeeded: hash) & (slots.count - 1)
                slots.prefetch(home)
                prints.prefetch(home)
            }
        }
    }

    /// `find` through the fingerprints: ids whose fingerprint differs are passed
    /// without reading their bytes.
    func findUsingFingerprints(_ bytes: UnsafeRawBufferPointer, hash: UInt64) -> (index: UInt32, slot: Int) {
        slots.withUnsafeBufferPointer { slots in
            fingerprints.withUnsafeBufferPointer { prints in
                idBytes.withUnsafeBytes { stored in
                    idOffsets.withUnsafeBufferPointer { offsets in
                        let mask = slots.count - 1
                        let print = UInt32(truncatingIfNeeded: hash >> 32)
                        var slot = Int(truncatingIfNeeded: hash) & mask
                        while true {
                            let candidate = slots[slot]
                            if candidate == .max { return (.max, slot) }
                            if prints[slot] == print {
                                let start = offsets[Int(candidate)], end = offsets[Int(candidate) + 1]
                                if end - start == bytes.count,
                                   bytes.count == 0 || memcmp(stored.baseAddress! + start, bytes.baseAddress!, bytes.count) == 0 {
                                    return (candidate, slot)
                                }
                            }
                            slot = (slot + 1) & mask
                        }
                    }
                }
            }
        }
    }
}
