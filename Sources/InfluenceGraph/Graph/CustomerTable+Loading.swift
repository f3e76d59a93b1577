#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a batch of ids is: id `i` is `ends[i] - starts[i]` bytes at `starts[i]` of
/// `file`, or, when `starts[i]` is negative, at `~starts[i]` of `arena`.
struct IDLocations {
    let file: UnsafeRawPointer?
    let arena: UnsafeRawPointer?
    let starts: UnsafeBufferPointer<Int>
    let ends: UnsafeBufferPointer<Int>
    let hashes: UnsafeBufferPointer<UInt64>

    @inline(__always)
    func bytes(_ i: Int) -> UnsafeRawBufferPointer {
        let s = starts[i]
        return s >= 0 ? UnsafeRawBufferPointer(start: file.map { $0 + s }, count: ends[i] - s)
            : UnsafeRawBufferPointer(start: arena.map { $0 + ~s }, count: ends[i] - ~s)
    }
}

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
    mutating func beginLoading(expecting expected: Int) {
        let capacity = max(slots.count, Self.capacity(for: count + expected))
        guard fingerprints.isEmpty || capacity != slots.count else { return }
        fingerprints = [0]  // ask `rehash` to fill them
        rehash(capacity: capacity)
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

    /// Looks up every id of `ids`, writing its index, or `UInt32.max` when the table
    /// does not hold it, to `out`. Read-only, so chunks may look up in parallel.
    ///
    /// Each lookup reads a slot, the candidate's offsets and its bytes, three reads
    /// at random; they are staged a few ids apart, each stage prefetching for the
    /// next, so that many are in flight at once. Needs the fingerprints of a load.
    ///
    /// - Complexity: O(n) expected.
    func lookUp(_ ids: IDLocations, into out: UnsafeMutableBufferPointer<UInt32>) {
        precondition(!fingerprints.isEmpty, "lookUp(_:into:) needs beginLoading(expecting:)")
        let n = ids.hashes.count
        let distance = 8, ring = 32
        slots.withUnsafeBufferPointer { slots in
        fingerprints.withUnsafeBufferPointer { prints in
        idBytes.withUnsafeBytes { stored in
        idOffsets.withUnsafeBufferPointer { offsets in
            let mask = slots.count - 1
            var candidates = (0 ..< ring).map { _ in UInt32.max }
            candidates.withUnsafeMutableBufferPointer { candidates in
                for i in 0 ..< n + 3 * distance {
                    // Stage 1: the home slot and its fingerprint.
                    if i < n {
                        let home = Int(truncatingIfNeeded: ids.hashes[i]) & mask
                        slots.prefetch(home)
                        prints.prefetch(home)
                    }
                    // Stage 2: the first slot whose fingerprint matches; its offsets.
                    let k2 = i - distance
                    if k2 >= 0 && k2 < n {
                        let hash = ids.hashes[k2]
                        let print = UInt32(truncatingIfNeeded: hash >> 32)
                        var slot = Int(truncatingIfNeeded: hash) & mask
                        var candidate = slots[slot]
                        while candidate != .max && prints[slot] != print {
                            slot = (slot + 1) & mask
                            candidate = slots[slot]
                        }
                        candidates[k2 & (ring - 1)] = candidate
                        if candidate != .max { offsets.prefetch(Int(candidate)) }
                    }
                    // Stage 3: the candidate's bytes.
                    let k3 = i - 2 * distance
                    if k3 >= 0 && k3 < n {
                        let candidate = candidates[k3 & (ring - 1)]
                        if candidate != .max, let base = stored.baseAddress {
                            UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: stored.count)
                                .prefetch(offsets[Int(candidate)])
                        }
                    }
                    // Stage 4: compare; a fingerprint that matched another id takes the long way.
                    let k4 = i - 3 * distance
                    if k4 >= 0 {
                        let candidate = candidates[k4 & (ring - 1)]
                        var index = UInt32.max
                        if candidate != .max {
                            let bytes = ids.bytes(k4)
                            let start = offsets[Int(candidate)], end = offsets[Int(candidate) + 1]
                            if end - start == bytes.count,
                               bytes.count == 0 || memcmp(stored.baseAddress! + start, bytes.baseAddress!, bytes.count) == 0 {
                                index = candidate
                            } else {
                                index = findUsingFingerprints(bytes, hash: ids.hashes[k4]).index
                            }
                        }
                        out[k4] = index
                    }
                }
            }
        }}}}
    }
}
