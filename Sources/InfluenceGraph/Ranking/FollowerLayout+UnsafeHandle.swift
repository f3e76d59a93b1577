extension FollowerLayout {
    /// The memory of laying out follower lists: the graph's lists, the positions,
    /// and the lists being written by position. Its method is the copy
    /// loop; it is valid only inside `withUnsafeHandle`.
    struct UnsafeHandle {
        let position: UnsafeBufferPointer<UInt32>
        /// Offsets of the lists by position.
        let offsets: UnsafeBufferPointer<Int>
        let sourceOffsets: UnsafeBufferPointer<Int>
        let sourceTargets: UnsafeBufferPointer<UInt32>
        let targets: UnsafeMutableBufferPointer<UInt32>
        /// The weights' stored units (codes or values) of `unitStride` bytes each, when carried.
        let sourceUnits: UnsafeRawPointer?
        let units: UnsafeMutableRawPointer?
        let unitStride: Int

        /// Writes the lists of the customers in `customers` to their positions,
        /// naming followers by position and carrying the weights along.
        ///
        /// The graph's lists are read in order and written where their positions put
        /// them: reading them in position order would chain three misses per list
        /// (order, offsets, list) before its first follower could be looked up. The
        /// followers' positions are asked for `lookahead` edges ahead.
        @inline(__always)
        func copyLists(of customers: Range<Int>) {
            // Locals, not fields: the loop keeps them in registers.
            let position = position, offsets = offsets, targets = targets
            let sourceOffsets = sourceOffsets, sourceTargets = sourceTargets
            let lookahead = 64
            guard !customers.isEmpty else { return }
            let edgeEnd = sourceOffsets[customers.upperBound]
            for c in customers {
                let from = sourceOffsets[c], count = sourceOffsets[c + 1] - from, to = offsets[Int(position[c])]
                for i in 0..<count {
                    if from + i + lookahead < edgeEnd { position.prefetch(Int(sourceTargets[from + i + lookahead])) }
                    targets[to + i] = position[Int(sourceTargets[from + i])]
                }
                if let sourceUnits, let units {
                    (units + to * unitStride).copyMemory(from: sourceUnits + from * unitStride, byteCount: count * unitStride)
                }
            }
        }
    }

    /// Calls `body` with a handle that copies `source` (and the weight units at
    /// `sourceUnits`) into `targets` (and `units`) laid out by `position`
    /// and `offsets`.
    static func withUnsafeHandle<R>(position: [UInt32], offsets: [Int], source: CSR, targets: inout [UInt32],
                                    sourceUnits: UnsafeRawPointer?, units: UnsafeMutableRawPointer?, unitStride: Int,
                                    _ body: (UnsafeHandle) -> R) -> R {
        position.withUnsafeBufferPointer { position in
        offsets.withUnsafeBufferPointer { offsets in
        source.offsets.withUnsafeBufferPointer { sourceOffsets in
        source.targets.withUnsafeBufferPointer { sourceTargets in
        targets.withUnsafeMutableBufferPointer { targets in
            body(UnsafeHandle(position: position, offsets: offsets,
                              sourceOffsets: sourceOffsets, sourceTargets: sourceTargets, targets: targets,
                              sourceUnits: sourceUnits, units: units, unitStride: unitStride))
        }}}}}
    }
}
