/// Stable least-significant-digit radix sorting of 64-bit keys, for orders of
/// millions of values where a comparison sort's closure calls dominate.
enum RadixSort {
    /// Sorts `keys` with `order` as payload, moving both back and forth between them
    /// and the spare buffers (all of one count). Returns whether the result ended in
    /// the spares. Equal keys keep their order; callers that walk runs of equal keys
    /// read the sorted keys in sequence instead of through `order` at random.
    ///
    /// Each pass counts its digit per chunk and then scatters every chunk to its own
    /// offsets, in parallel; a stable sort has one answer, so the chunks and the
    /// thread count never change the result. A pass whose digit is the same for every
    /// key moves nothing and is skipped.
    ///
    /// - Complexity: O(n · 6 + chunks · 2048) time; no scratch beyond the spares.
    static func sort(keys: UnsafeMutableBufferPointer<UInt64>, order: UnsafeMutableBufferPointer<UInt32>,
                     spareKeys: UnsafeMutableBufferPointer<UInt64>, spareOrder: UnsafeMutableBufferPointer<UInt32>,
                     threads: Int) -> Bool {
        let n = keys.count
        let bounds = ParallelFor.evenBoundaries(count: n, parts: ParallelFor.chunkCount(forWork: n, minimumPerChunk: 1 << 16))
        let chunks = bounds.count - 1
        // Row `c` holds chunk `c`'s digit counts, then its write offsets.
        var table = [Int](repeating: 0, count: chunks * radix)
        return table.withUnsafeMutableBufferPointer { table in
            var key = keys, nextKey = spareKeys, order = order, nextOrder = spareOrder
            var endsInSpares = false
            var shift: UInt64 = 0
            while shift < 64 {
                defer { shift += UInt64(bits) }
                let (source, s) = (UnsafeBufferPointer(key), shift)
                ParallelFor.run(chunks: chunks, threads: threads) { c in
                    let row = UnsafeMutableBufferPointer(rebasing: table[c * radix ..< (c + 1) * radix])
                    row.update(repeating: 0)
                    for i in bounds[c] ..< bounds[c + 1] { row[digit(source[i], s)] += 1 }
                }
                // Offsets in digit order, chunk order within a digit: stable.
                var running = 0, trivial = false
                for d in 0 ..< radix {
                    let before = running
                    for c in 0 ..< chunks {
                        let count = table[c * radix + d]
                        table[c * radix + d] = running
                        running += count
                    }
                    if running - before == n { trivial = true; break }
                }
                if trivial { continue }
                let (from, to, fromOrder, toOrder) = (UnsafeBufferPointer(key), nextKey, UnsafeBufferPointer(order), nextOrder)
                ParallelFor.run(chunks: chunks, threads: threads) { c in
                    let row = UnsafeMutableBufferPointer(rebasing: table[c * radix ..< (c + 1) * radix])
                    for i in bounds[c] ..< bounds[c + 1] {
                        let k = from[i]
                        let d = digit(k, s)
                        let at = row[d]
                        row[d] = at + 1
                        to[at] = k
                        toOrder[at] = fromOrder[i]
                    }
                }
                swap(&order, &nextOrder)
                swap(&key, &nextKey)
                endsInSpares.toggle()
            }
            return endsInSpares
        }
    }

    /// Eleven-bit digits: a 16 KB count table per pass stays in cache.
    static let bits = 11
    static let radix = 1 << bits

    /// The digit of `key` at `shift`.
    @inline(__always)
    static func digit(_ key: UInt64, _ shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (key >> shift) & UInt64(radix - 1))
    }

    /// A key whose unsigned order is `value`'s numeric order: −0 and +0 share a key,
    /// NaN sorts above everything.
    @inline(__always)
    static func key(_ value: Double) -> UInt64 {
        if value.isNaN { return .max }
        let bits = (value == 0 ? 0.0 : value).bitPattern
        return bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }
}
