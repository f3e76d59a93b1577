/// One direction of an edge set in compressed sparse row form: the neighbours of
/// node `v` are `targets[offsets[v] ..< offsets[v + 1]]`. The owning edge set
/// documents the order within a list.
///
/// Built once by count → prefix sum → scatter and never changed.
@frozen
public struct CSR: Sendable, Equatable {
    /// `nodeCount + 1` ascending positions into `targets`; `offsets[0] == 0`.
    public let offsets: [Int]
    /// The neighbour of every edge, grouped by node.
    public let targets: [UInt32]

    /// Wraps prepared arrays. `offsets` must be ascending with `offsets.last == targets.count`.
    @inlinable
    public init(offsets: [Int], targets: [UInt32]) {
        self.offsets = offsets
        self.targets = targets
    }

    /// An edge-free CSR over `nodeCount` nodes.
    @inlinable
    public init(emptyWithNodes nodeCount: Int) {
        self.init(offsets: [Int](repeating: 0, count: nodeCount + 1), targets: [])
    }

    /// The number of nodes.
    @inlinable public var nodeCount: Int { offsets.count - 1 }
    /// The number of edges.
    @inlinable public var edgeCount: Int { targets.count }

    /// The number of neighbours of `node`. - Complexity: O(1).
    @inlinable
    public func degree(of node: Int) -> Int { offsets[node + 1] - offsets[node] }

    /// The positions in `targets` of `node`'s edges. - Complexity: O(1).
    @inlinable
    public func edgeRange(of node: Int) -> Range<Int> { offsets[node] ..< offsets[node + 1] }

    /// The neighbours of `node`. - Complexity: O(1).
    @inlinable
    public func neighbors(of node: Int) -> ArraySlice<UInt32> { targets[edgeRange(of: node)] }

    /// Bytes held by the two arrays.
    public var byteCount: Int { offsets.count * MemoryLayout<Int>.stride + targets.count * MemoryLayout<UInt32>.stride }

    /// The largest degree, or 0 for no nodes. - Complexity: O(V).
    public var maximumDegree: Int {
        var best = 0
        offsets.withUnsafeBufferPointer { o in
            for v in 0..<max(0, o.count - 1) { best = max(best, o[v + 1] - o[v]) }
        }
        return best
    }
}
