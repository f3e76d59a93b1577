/// Stable least-significant-digit radix sorting of 64-bit items by a range of
/// their bits, for orders of millions of values where a comparison sort's closure
/// calls dominate. Callers pack what they sort by into the high bits and a payload
/// (an index) into the low ones, so each pass moves one word per item.
enum RadixSort {
    /// Sorts `items` by their bits `bits`, moving them back and forth between
    /// `items` and `spare` (of the same count). Returns whether the result ended in
    /// `spare`. Items equal in those bits keep their order.
    ///
    /// Each pass counts its digit per chunk and then scatters every chunk to its own
    /// offsets, in parallel; a stable sort has one answer, so the chunks and the
    /// thread count never change the result. A pass whose digit is the same for every
    /// item moves nothing and is skipped.
    ///
    /// - Complexity: O(n · ⌈bits.count / 11⌉ + chunks · 2048) time; no scratch beyond `spare`.
    static func sort(_ items: UnsafeMutableBufferPointer<UInt64>, spare: UnsafeMutableBufferPointer<UInt64>,
                     bits: Range<Int>, threads: Int) -> Bool {
        let n = items.count
        let bounds = ParallelFor.evenBoundaries(count: n, parts: ParallelFor.chunkCount(forWork: n, minimumPerChunk: 1 << 16))
        let chunks = bounds.count - 1
        // Row `c` holds chunk `c`'s digit counts, then its write offsets.
        var table = [Int](repeating: 0, count: chunks * radix)
        return table.withUnsafeMutableBufferPointer { table in
            var from = items, to = spare
            var endsInSpare = false
            for low in stride(from: bits.lowerBound, to: bits.upperBound, by: Self.bits) {
                let shift = UInt64(low)
                // The last digit may be narrower than the others.
                let mask = UInt64(1 << min(Self.bits, bits.upperBound - low)) - 1
                let source = UnsafeBufferPointer(from)
                ParallelFor.run(chunks: chunks, threads: threads) { c in
                    let row = UnsafeMutableBufferPointer(rebasing: table[c * radix ..< (c + 1) * radix])
                    row.update(repeating: 0)
                    for i in bounds[c] ..< bounds[c + 1] { row[digit(source[i], shift, mask)] += 1 }
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
                let target = to
                ParallelFor.run(chunks: chunks, threads: threads) { c in
                    let row = UnsafeMutableBufferPointer(rebasing: table[c * radix ..< (c + 1) * radix])
                    for i in bounds[c] ..< bounds[c + 1] {
                        let item = source[i]
                        let d = digit(item, shift, mask)
                        let at = row[d]
                        row[d] = at + 1
                        target[at] = item
                    }
                }
                swap(&from, &to)
                endsInSpare.toggle()
            }
            return endsInSpare
        }
    }

    /// Eleven-bit digits: a 16 KB count table per pass stays in cache.
    static let bits = 11
    static let radix = 1 << bits

    /// The digit of `item` at `shift` under `mask`.
    @inline(__always)
    static func digit(_ item: UInt64, _ shift: UInt64, _ mask: UInt64) -> Int {
        Int(truncatingIfNeeded: (item >> shift) & mask)
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
