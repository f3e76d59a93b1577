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
        let targets: UnsafeMutableBufferPointer<UInt32>
        /// The weights' stored units (codes or values) of `unitStride` bytes each, when carried.
        let sourceUnits: UnsafeRawPointer?
        let units: UnsafeMutableRawPointer?
        let unitStride: Int

        /// Writes the lists of `positions`, naming followers by position and carrying
        /// the weights along.
        @inline(__always)
        func copyLists(_ positions: Range<Int>) {
            // Locals, not fields: the loop keeps them in registers.
            let order = order, position = position, offsets = offsets, targets = targets
            let sourceOffsets = sourceOffsets, sourceTargets = sourceTargets
            for k in positions {
                let old = Int(order[k])
                let from = sourceOffsets[old], to = offsets[k], count = offsets[k + 1] - to
                for i in 0..<count { targets[to + i] = position[Int(sourceTargets[from + i])] }
                if let sourceUnits, let units {
                    (units + to * unitStride).copyMemory(from: sourceUnits + from * unitStride, byteCount: count * unitStride)
                }
            }
        }
    }

    /// Calls `body` with a handle that copies `source` (and the weight units at
    /// `sourceUnits`) into `targets` (and `units`) laid out by `order`, `position`
    /// and `offsets`.
    static func withUnsafeHandle<R>(order: [UInt32], position: [UInt32], offsets: [Int], source: CSR, targets: inout [UInt32],
                                    sourceUnits: UnsafeRawPointer?, units: UnsafeMutableRawPointer?, unitStride: Int,
                                    _ body: (UnsafeHandle) -> R) -> R {
        order.withUnsafeBufferPointer { order in
        position.withUnsafeBufferPointer { position in
        offsets.withUnsafeBufferPointer { offsets in
        source.offsets.withUnsafeBufferPointer { sourceOffsets in
        source.targets.withUnsafeBufferPointer { sourceTargets in
        targets.withUnsafeMutableBufferPointer { targets in
            body(UnsafeHandle(order: order, position: position, offsets: offsets,
                              sourceOffsets: sourceOffsets, sourceTargets: sourceTargets, targets: targets,
                              sourceUnits: sourceUnits, units: units, unitStride: unitStride))
        }}}}}}
    }
}
