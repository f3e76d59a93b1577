extension AudienceOverlap {
    /// The audiences of the seeds as bitmap rows of `words` words each, and the
    /// excluded customers. Its methods are the overlap's loops over rows; it is valid
    /// only inside `withUnsafeHandle`.
    struct UnsafeHandle {
        let audiences: UnsafeMutableBufferPointer<UInt64>
        let excluded: UnsafeBufferPointer<UInt64>
        let words: Int

        /// Writes `found` into row `row`, less the excluded.
        @inline(__always)
        func store(_ found: ArraySlice<UInt32>, inRow row: Int) {
            let audiences = audiences, excluded = excluded, words = words
            let base = row * words
            for v in found {
                let v = Int(v)
                audiences[base + v >> 6] |= 1 << UInt64(v & 63)
            }
            for w in 0..<words { audiences[base + w] &= ~excluded[w] }
        }

        /// The customers in both row `i` and row `j`.
        @inline(__always)
        func shared(_ i: Int, _ j: Int) -> Int {
            let audiences = audiences, words = words
            var c = 0
            for w in 0..<words { c += (audiences[i * words + w] & audiences[j * words + w]).nonzeroBitCount }
            return c
        }
    }

    /// Calls `body` with a handle on `audiences` (rows of `words` words) and `excluded`.
    static func withUnsafeHandle<R>(audiences: inout [UInt64], words: Int, excluded: [UInt64],
                                    _ body: (UnsafeHandle) -> R) -> R {
        audiences.withUnsafeMutableBufferPointer { audiences in
        excluded.withUnsafeBufferPointer { excluded in
            body(UnsafeHandle(audiences: audiences, excluded: excluded, words: words))
        }}
    }
}
