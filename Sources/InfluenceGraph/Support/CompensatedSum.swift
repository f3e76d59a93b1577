/// A running sum that carries the rounding error of each addition (Neumaier's
/// variant of Kahan summation), so adding a million equal values loses about one
/// rounding instead of up to a million.
struct CompensatedSum {
    private var sum = 0.0
    private var compensation = 0.0

    init() {}

    @inline(__always)
    mutating func add(_ x: Double) {
        let t = sum + x
        compensation += abs(sum) >= abs(x) ? (sum - t) + x : (x - t) + sum
        sum = t
    }

    /// The sum with its carried error added back.
    var value: Double { sum + compensation }

    /// The compensated sum of `values`, in parallel over chunks that do not depend on
    /// `threads` and combine in chunk order, so every thread count gives the same
    /// bits. - Complexity: O(n).
    static func of(_ values: [Double], threads: Int) -> Double {
        values.withUnsafeBufferPointer { of($0, threads: threads) }
    }

    /// The compensated sum of `values`; see `of(_:threads:)`.
    static func of(_ values: UnsafeBufferPointer<Double>, threads: Int) -> Double {
        let bounds = ParallelFor.evenBoundaries(count: values.count, parts: ParallelFor.chunkCount(forWork: values.count))
        let parts = ParallelFor.map(chunks: bounds.count - 1, threads: threads) { chunk in
            var part = CompensatedSum()
            for i in bounds[chunk] ..< bounds[chunk + 1] { part.add(values[i]) }
            return part
        }
        var total = CompensatedSum()
        for part in parts {
            total.add(part.sum)
            total.compensation += part.compensation
        }
        return total.value
    }
}
