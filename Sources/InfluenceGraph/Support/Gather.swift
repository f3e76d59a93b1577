/// `values[index[i]]` for every `i`. At millions of entries each read is a cache
/// miss, so the reads run in parallel chunks; the result does not depend on
/// `threads`.
///
/// - Complexity: O(index.count).
func gathered<T: BitwiseCopyable>(_ values: UnsafeBufferPointer<T>, at index: UnsafeBufferPointer<UInt32>, threads: Int) -> [T] {
    var result = uninitializedArray(T.self, count: index.count)
    result.withUnsafeMutableBufferPointer { gather(values, at: index, into: $0, threads: threads) }
    return result
}

/// Writes `values[index[i]]` into `result[i]` for every `i`, in parallel chunks;
/// `result` holds `index.count` elements and does not overlap `values`.
///
/// - Complexity: O(index.count).
func gather<T: BitwiseCopyable>(_ values: UnsafeBufferPointer<T>, at index: UnsafeBufferPointer<UInt32>,
                                into result: UnsafeMutableBufferPointer<T>, threads: Int) {
    let bounds = ParallelFor.evenBoundaries(count: index.count, parts: ParallelFor.chunkCount(forWork: index.count))
    ParallelFor.run(chunks: bounds.count - 1, threads: threads) { chunk in
        for i in bounds[chunk] ..< bounds[chunk + 1] { result[i] = values[Int(index[i])] }
    }
}

/// `values[index[i]]` for every `i`, in parallel chunks.
///
/// - Complexity: O(index.count).
func gathered<T: BitwiseCopyable>(_ values: [T], at index: [UInt32], threads: Int) -> [T] {
    values.withUnsafeBufferPointer { values in index.withUnsafeBufferPointer { gathered(values, at: $0, threads: threads) } }
}
