extension FollowerLayout {
    /// The memory of laying out follower lists: the graph's lists, the order and
    /// positions, and the lists being written by position. Its method is the copy
    /// loop; it is valid only inside `withUnsafeHandle`.
    struct UnsafeHandle {
        let order: UnsafeBufferPointer<UInt32>
        let position: UnsafeBufferPointer<UInt32>
        /// Offsets of the lists by position.
        let offsets: UnsafeBufferPointer<Int>
        let sourceOffsets: UnsafeBufferPointer<Int>
        let sourceTargets: UnsafeBufferPointer<UInt32>
        let sourceWeights: UnsafeBufferPointer<Double>?
        let targets: UnsafeMutableBufferPointer<UInt32>
        let weights: UnsafeMutableBufferPointer<Double>?

        /// Writes the lists of `positions`, naming followers by position and carrying
        /// the weights along.
        @inline(__always)
        func copyLists(_ positions: Range<Int>) {
            // Locals, not fields: the loop keeps them in registers.
            let order = order, position = position, offsets = offsets, targets = targets, weights = weights
            let sourceOffsets = sourceOffsets, sourceTargets = sourceTargets, sourceWeights = sourceWeights
            for k in positions {
                let old = Int(order[k])
                let from = sourceOffsets[old], to = offsets[k], count = offsets[k + 1] - to
                for i in 0..<count { targets[to + i] = position[Int(sourceTargets[from + i])] }
                if let sourceWeights, let weights {
                    for i in 0..<count { weights[to + i] = sourceWeights[from + i] }
                }
            }
        }
    }

    /// Calls `body` with a handle that copies `source` (and `sourceWeights`) into
    /// `targets` and `weights` laid out by `order`, `position` and `offsets`.
    static func withUnsafeHandle<R>(order: [UInt32], position: [UInt32], offsets: [Int],
                                    source: CSR, sourceWeights: [Double]?,
                                    targets: inout [UInt32], weights: inout [Double]?,
                                    _ body: (UnsafeHandle) -> R) -> R {
        order.withUnsafeBufferPointer { order in
        position.withUnsafeBufferPointer { position in
        offsets.withUnsafeBufferPointer { offsets in
        source.offsets.withUnsafeBufferPointer { sourceOffsets in
        source.targets.withUnsafeBufferPointer { sourceTargets in
        withOptionalBuffer(sourceWeights) { sourceWeights in
        targets.withUnsafeMutableBufferPointer { targets in
        withOptionalMutableBuffer(&weights) { weights in
            body(UnsafeHandle(order: order, position: position, offsets: offsets,
                              sourceOffsets: sourceOffsets, sourceTargets: sourceTargets, sourceWeights: sourceWeights,
                              targets: targets, weights: weights))
        }}}}}}}}
    }
}
