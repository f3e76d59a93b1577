extension HITS.Pull {
    /// The memory of one normalized pull: the scores pulled from, the scores written and
    /// the ones they replace, and the CSR. Its methods are the pull's two loops; it is
    /// valid only inside `withUnsafeHandle`.
    struct UnsafeHandle {
        let source: UnsafeBufferPointer<Double>
        let result: UnsafeMutableBufferPointer<Double>
        let previous: UnsafeBufferPointer<Double>
        let offsets: UnsafeBufferPointer<Int>
        let targets: UnsafeBufferPointer<UInt32>

        /// `result[v] = Σ source[t]` over the row of every `v` in `nodes`; returns
        /// their total.
        @inline(__always)
        func pull(_ nodes: Range<Int>) -> Double {
            // Locals, not fields: the loop keeps them in registers.
            let offsets = offsets, targets = targets, source = source, result = result
            // Scores are read at random: asking for the one 96 edges ahead keeps many
            // reads in flight, as in PageRank's pull. The sum's order is unchanged.
            let lastEdge = targets.count &- 1
            var total = 0.0
            for v in nodes {
                var sum = 0.0
                for e in offsets[v] ..< offsets[v + 1] {
                    source.prefetch(Int(targets[min(e &+ 96, lastEdge)]))
                    sum += source[Int(targets[e])]
                }
                result[v] = sum
                total += sum
            }
            return total
        }

        /// Scales `result` over `nodes` by `scale`; returns their L1 change from
        /// `previous`.
        @inline(__always)
        func normalize(_ nodes: Range<Int>, scale: Double) -> Double {
            let result = result, previous = previous
            var change = 0.0
            for v in nodes {
                result[v] *= scale
                change += abs(result[v] - previous[v])
            }
            return change
        }
    }

    /// Calls `body` with a handle that pulls from `x` into `y` and compares with `previous`.
    func withUnsafeHandle<R>(from x: [Double], into y: inout [Double], previous: [Double],
                             _ body: (UnsafeHandle) -> R) -> R {
        x.withUnsafeBufferPointer { source in
        y.withUnsafeMutableBufferPointer { result in
        previous.withUnsafeBufferPointer { previous in
        csr.offsets.withUnsafeBufferPointer { offsets in
        csr.targets.withUnsafeBufferPointer { targets in
            body(UnsafeHandle(source: source, result: result, previous: previous, offsets: offsets, targets: targets))
        }}}}}
    }
}
