extension PoissonHitCascade {
    /// The edge to follower `v` fires with `probability(v)` (clamped to [0, 1]); runs
    /// start from `seeds` (distinct) and do not count the `excluded`.
    ///
    /// - Complexity: O(V + E) time, the tables in parallel balanced by edges; 16 bytes
    ///   per follow and 56 per customer, and 36 more per customer while building.
    init(graph: CustomerGraph, seeds: [Int], probability: (Int) -> Double, excluded: Bitmap?, threads: Int) {
        let n = graph.customerCount
        let followers = graph.follows.followers
        self.seeds = seeds
        let hazards = (0..<n).map { IndependentCascade.hazard(probability($0)) }
        var isSeed = Bitmap(count: n)
        for s in seeds { isSeed.insert(s) }
        let root = Self.roots(followees: graph.follows.followees, hazards: hazards, seeds: isSeed)
        // Customers grouped by root, and each root's share of the slots: its members'
        // follower edges and a filler.
        let (memberOffsets, members) = CSRGrouping.group(keyCount: n) { emit in
            for v in 0..<n where root[v] >= 0 { emit(Int(root[v]), UInt32(truncatingIfNeeded: v)) }
        }
        var slotOffsets = [Int](repeating: 0, count: n + 1)
        for r in 0..<n {
            var slots = root[r] == Int32(r) ? 1 : 0
            for m in members[memberOffsets[r] ..< memberOffsets[r + 1]] { slots += followers.degree(of: Int(m)) }
            slotOffsets[r + 1] = slotOffsets[r] + slots
        }
        let recordMemory = ScratchBuffer(byteCount: n * MemoryLayout<Record>.stride)
        var gates = uninitializedArray(Gate.self, count: n)
        var slots = uninitializedArray(Slot.self, count: slotOffsets[n])
        var codes = uninitializedArray(UInt32.self, count: n)
        let bounds = ParallelFor.edgeBalancedBoundaries(offsets: slotOffsets, parts: ParallelFor.chunkCount(forWork: slotOffsets[n] + n))
        // Customers a root's weight does not count.
        var notCounted = excluded ?? Bitmap(count: n)
        for s in seeds { notCounted.insert(s) }
        Self.withUnsafeTableHandle(followers: followers, hazards: hazards, root: root, members: members,
                                   recordMemory: recordMemory, gates: &gates, slots: &slots, codes: &codes) { tables in
            ParallelFor.run(chunks: bounds.count - 1, threads: threads) { chunk in
                tables.writeTables(bounds[chunk] ..< bounds[chunk + 1], memberOffsets: memberOffsets, slotOffsets: slotOffsets,
                                   seeds: isSeed, notCounted: notCounted)
            }
            // A slot holds the codes of its followers, known once every gate is.
            tables.writeCodeTable()
            ParallelFor.run(chunks: bounds.count - 1, threads: threads) { chunk in
                tables.writeCodes(bounds[chunk] ..< bounds[chunk + 1])
            }
        }
        self.recordMemory = recordMemory
        self.gates = gates
        self.slots = slots
    }

    /// Per customer, the customer it is folded into (itself if none), or −1 for
    /// customers that can never activate (rings of folded customers). A customer is
    /// folded into its one followee when its edge is certain and it is not a seed.
    ///
    /// - Complexity: O(V).
    static func roots(followees: CSR, hazards: [Double], seeds: Bitmap) -> [Int32] {
        let n = followees.nodeCount
        func folds(_ v: Int) -> Bool {
            hazards[v] >= IndependentCascade.certainHazard && followees.degree(of: v) == 1 && !seeds.contains(v)
        }
        let unknown: Int32 = -2, onPath: Int32 = -3
        var root = [Int32](repeating: unknown, count: n)
        var path: [Int] = []
        for v in 0..<n where root[v] == unknown {
            path.removeAll(keepingCapacity: true)
            var w = v
            var found: Int32
            while true {
                if root[w] >= -1 { found = root[w]; break }
                if root[w] == onPath { found = -1; break }  // back on this path: a ring
                if !folds(w) { found = Int32(truncatingIfNeeded: w); root[w] = found; break }
                root[w] = onPath
                path.append(w)
                w = Int(followees.targets[followees.offsets[w]])
            }
            for p in path { root[p] = found }
        }
        return root
    }
}
