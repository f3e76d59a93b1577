extension CSRGrouping {
    /// Groups the values `items` emits by their keys, stably, in one serial count →
    /// prefix sum → scatter: the form for inputs that are small or that come from a
    /// loop rather than from flat arrays.
    ///
    /// `items` is called twice, first to count and then to place, and must emit the
    /// same sequence both times.
    ///
    /// ```swift
    /// // Customers grouped by the segment code they belong to.
    /// let bySegment = CSRGrouping.group(keyCount: segmentCount) { emit in
    ///     for c in 0..<customerCount { emit(Int(segment[c]), UInt32(c)) }
    /// }
    /// ```
    ///
    /// - Parameters:
    ///   - keyCount: keys are `0..<keyCount`.
    ///   - items: calls `emit(key, value)` once per item, in input order.
    /// - Returns: the values with key `k` at `values[offsets[k] ..< offsets[k + 1]]`,
    ///   in the order they were emitted.
    /// - Complexity: O(n + keyCount) for n items.
    @inlinable @inline(__always)
    static func group(keyCount: Int, _ items: (_ emit: (_ key: Int, _ value: UInt32) -> Void) -> Void)
        -> (offsets: [Int], values: [UInt32])
    {
        var offsets = [Int](repeating: 0, count: keyCount + 1)
        offsets.withUnsafeMutableBufferPointer { counts in
            items { key, _ in counts[key + 1] += 1 }
        }
        for k in 0..<keyCount { offsets[k + 1] += offsets[k] }
        var next = offsets
        var values = uninitializedArray(UInt32.self, count: offsets[keyCount])
        next.withUnsafeMutableBufferPointer { next in
            values.withUnsafeMutableBufferPointer { values in
                items { key, value in
                    let at = next[key]
                    next[key] = at + 1
                    values[at] = value
                }
            }
        }
        return (offsets, values)
    }
}
