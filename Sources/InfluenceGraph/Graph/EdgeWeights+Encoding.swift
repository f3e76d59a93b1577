extension EdgeWeights {
    /// `values` as a table of their distinct bit patterns and a code per value, or
    /// `nil` when they hold more than `maximumTableCount` distinct values.
    ///
    /// - Complexity: O(n) expected; two parallel passes (collect, then encode) over
    ///   fixed chunks, so the result does not depend on `threads`.
    static func encoding(_ values: UnsafeBufferPointer<Double>, threads: Int) -> EdgeWeights? {
        guard let table = table(of: values, threads: threads) else { return nil }
        return encoding(values, table: table, bounds: chunkBounds(values.count), threads: threads)
    }

    /// The distinct bit patterns of `values`, ascending: the table `encoding` codes
    /// against; `nil` when there are more than `maximumTableCount`. Positions where
    /// `skip` holds `UInt32.max` are passed over.
    ///
    /// - Complexity: O(n) expected, one parallel pass over fixed chunks.
    static func table(of values: UnsafeBufferPointer<Double>, skip: UnsafeBufferPointer<UInt32>? = nil, threads: Int) -> [Double]? {
        let bounds = chunkBounds(values.count)
        return distinctPatterns(chunks: bounds.count - 1, sizeHint: values.count, threads: threads) { c, set in
            var last: UInt64? = nil
            for i in bounds[c] ..< bounds[c + 1] where !set.isFull {
                if let skip, skip[i] == .max { continue }
                let bits = values[i].bitPattern
                if bits != last { set.insert(bits); last = bits }
            }
        }
    }

    /// `table(of:)` for values in several buffers, one parallel task each.
    static func table(of parts: [UnsafeBufferPointer<Double>], threads: Int) -> [Double]? {
        distinctPatterns(chunks: parts.count, sizeHint: parts.reduce(0) { $0 + $1.count }, threads: threads) { c, set in
            var last: UInt64? = nil
            for value in parts[c] where !set.isFull {
                let bits = value.bitPattern
                if bits != last { set.insert(bits); last = bits }
            }
        }
    }

    /// The union, ascending, of the bit patterns `collect` puts in a set per chunk,
    /// or `nil` past `maximumTableCount` of them.
    private static func distinctPatterns(chunks: Int, sizeHint: Int, threads: Int,
                                         _ collect: (Int, inout BitPatternTable) -> Void) -> [Double]? {
        var sets = (0..<ParallelFor.workerCount(chunks: chunks, threads: threads)).map { _ in
            BitPatternTable(capacityFor: Swift.min(sizeHint, maximumTableCount))
        }
        ParallelFor.run(chunks: chunks, threads: threads, scratch: &sets) { (c: Int, set: inout BitPatternTable) in collect(c, &set) }
        var distinct = Set<UInt64>()
        for set in sets {
            guard !set.isFull else { return nil }
            distinct.formUnion(set.keys)
            if distinct.count > maximumTableCount { return nil }
        }
        return distinct.sorted().map(Double.init(bitPattern:))
    }

    /// The codes of the values of `table` (as `table(of:)` makes it), for coding
    /// values one at a time.
    static func codeIndex(of table: [Double]) -> BitPatternTable {
        var index = BitPatternTable(capacityFor: table.count)
        for (code, value) in table.enumerated() { index.insert(value.bitPattern, code: UInt16(truncatingIfNeeded: code)) }
        return index
    }

    /// `values` coded against the table of `model` when `model` is table-coded and
    /// holds every value; otherwise `values` encoded on their own. Spares the
    /// follower direction the scan for distinct values: it holds the same values
    /// as the followee direction.
    static func encoding(_ values: UnsafeBufferPointer<Double>, like model: EdgeWeights, threads: Int) -> EdgeWeights {
        if let table = model.distinctValues, let coded = encoding(values, table: table, bounds: chunkBounds(values.count), threads: threads) {
            return coded
        }
        return encoding(values, threads: threads) ?? EdgeWeights(codes: nil, table: Array(values))
    }

    /// `values` coded against `table`, or `nil` when a value is missing from it.
    private static func encoding(_ values: UnsafeBufferPointer<Double>, table: [Double], bounds: [Int], threads: Int) -> EdgeWeights? {
        let index = codeIndex(of: table)
        var codes = uninitializedArray(UInt16.self, count: values.count)
        let complete = codes.withUnsafeMutableBufferPointer { codes in
            ParallelFor.map(chunks: bounds.count - 1, threads: threads) { c in
                var lastBits = UInt64.max, lastCode: UInt16 = 0
                for i in bounds[c] ..< bounds[c + 1] {
                    let bits = values[i].bitPattern
                    if bits != lastBits {
                        guard let code = index.code(of: bits) else { return false }
                        lastBits = bits
                        lastCode = code
                    }
                    codes[i] = lastCode
                }
                return true
            }
        }
        return complete.allSatisfy { $0 } ? EdgeWeights(codes: codes, table: table) : nil
    }

    private static func chunkBounds(_ count: Int) -> [Int] {
        ParallelFor.evenBoundaries(count: count, parts: ParallelFor.chunkCount(forWork: count, minimumPerChunk: 1 << 16))
    }
}

/// An open-addressing set of 64-bit keys with a 16-bit code each, for up to
/// `EdgeWeights.maximumTableCount` keys; a key equal to the empty-slot marker is
/// kept aside. It grows past the count it was made for.
struct BitPatternTable {
    private static let empty = UInt64.max
    private var slots: [UInt64]
    private var codes: [UInt16]
    private var shift: UInt64
    private var emptyKeyCode: UInt16?
    /// The keys in insertion order.
    private(set) var keys: [UInt64] = []

    /// A table for `count` keys at a load of at most one quarter.
    init(capacityFor count: Int) {
        var bits = 4
        while 1 << bits < 4 * count { bits += 1 }
        slots = [UInt64](repeating: Self.empty, count: 1 << bits)
        codes = [UInt16](repeating: 0, count: 1 << bits)
        shift = UInt64(64 - bits)
    }

    /// Whether the table holds more keys than a code can tell apart.
    var isFull: Bool { keys.count > EdgeWeights.maximumTableCount }

    private func slot(of key: UInt64) -> Int { Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift) }

    /// Adds `key` with `code` unless present, or unless the table is full (`isFull`).
    mutating func insert(_ key: UInt64, code: UInt16 = 0) {
        guard !isFull else { return }
        if key == Self.empty {
            if emptyKeyCode == nil { emptyKeyCode = code; keys.append(key) }
            return
        }
        let mask = slots.count - 1
        var s = slot(of: key)
        while slots[s] != Self.empty {
            if slots[s] == key { return }
            s = (s + 1) & mask
        }
        slots[s] = key
        codes[s] = code
        keys.append(key)
        if !isFull && 4 * keys.count > slots.count { grow() }
    }

    /// Doubles the slots, keeping the load under a quarter.
    private mutating func grow() {
        let oldSlots = slots, oldCodes = codes
        slots = [UInt64](repeating: Self.empty, count: 2 * oldSlots.count)
        codes = [UInt16](repeating: 0, count: 2 * oldSlots.count)
        shift -= 1
        let mask = slots.count - 1
        for (key, code) in zip(oldSlots, oldCodes) where key != Self.empty {
            var s = slot(of: key)
            while slots[s] != Self.empty { s = (s + 1) & mask }
            slots[s] = key
            codes[s] = code
        }
    }

    /// The code of `key`, or `nil` when absent.
    func code(of key: UInt64) -> UInt16? {
        if key == Self.empty { return emptyKeyCode }
        let mask = slots.count - 1
        var s = slot(of: key)
        while slots[s] != Self.empty {
            if slots[s] == key { return codes[s] }
            s = (s + 1) & mask
        }
        return nil
    }
}
