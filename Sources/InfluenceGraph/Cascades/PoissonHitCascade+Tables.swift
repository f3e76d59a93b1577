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
        let records = recordMemory.buffer(at: 0, count: n, as: Record.self)
        var gates = uninitializedArray(Gate.self, count: n)
        var slots = uninitializedArray(Slot.self, count: slotOffsets[n])
        let bounds = ParallelFor.edgeBalancedBoundaries(offsets: slotOffsets, parts: ParallelFor.chunkCount(forWork: slotOffsets[n] + n))
        // Customers a root's weight does not count.
        var notCounted = excluded ?? Bitmap(count: n)
        for s in seeds { notCounted.insert(s) }
        gates.withUnsafeMutableBufferPointer { gates in
        slots.withUnsafeMutableBufferPointer { slots in
        members.withUnsafeBufferPointer { members in
        root.withUnsafeBufferPointer { root in
        followers.offsets.withUnsafeBufferPointer { fo in
        followers.targets.withUnsafeBufferPointer { ft in
        hazards.withUnsafeBufferPointer { hazards in
            let shared = UncheckedSendable((records, gates, slots))
            ParallelFor.run(chunks: bounds.count - 1, threads: threads) { chunk in
                let (records, gates, slots) = shared.value
                let nodes = bounds[chunk] ..< bounds[chunk + 1]
                var widest = 0
                for r in nodes { widest = max(widest, slotOffsets[r + 1] - slotOffsets[r]) }
                let table = TableScratch(width: widest)
                for r in nodes {
                    let start = slotOffsets[r]
                    guard root[r] == Int32(r) else {
                        // Folded into another customer (or on a ring of such): never queued.
                        records[r] = Record(start: start, none: 1, certain: 0, aliased: 0, rate: 0)
                        gates[r] = Gate(none: 1, weight: 0)
                        continue
                    }
                    var w = start, d = 0
                    var total = 0.0
                    var weight: UInt32 = 0
                    for m in members[memberOffsets[r] ..< memberOffsets[r + 1]] {
                        let m = Int(m)
                        if !notCounted.contains(m) { weight += 1 }
                        for e in fo[m] ..< fo[m + 1] {
                            let v = ft[e]
                            let i = Int(v)
                            // Skip followers active whenever this table is used (seeds, r,
                            // and the customers folded into r: a folded customer's only
                            // edge in comes from its own tree) and those that never activate.
                            if root[i] != Int32(truncatingIfNeeded: i) || i == r || isSeed.contains(i) { continue }
                            let h = hazards[i]
                            if h >= IndependentCascade.certainHazard {
                                slots[w] = Slot(pick: .certain(v), codes: 0)
                                w += 1
                            } else if h > 0 {
                                table.targets[d] = v
                                table.weights[d] = h
                                total += h
                                d += 1
                            }
                        }
                    }
                    let (aliased, rate) = table.write(certainEnd: w, count: d, total: total,
                                                      owner: UInt32(truncatingIfNeeded: r), into: slots)
                    let exact = PortableMath.exp(-Double(rate))
                    records[r] = Record(start: start, none: exact, certain: w - start, aliased: aliased, rate: rate)
                    var none = Float(exact)
                    if Double(none) > exact { none = none.nextDown }
                    gates[r] = Gate(none: w > start ? -none : none, weight: weight)
                }
            }
        }}}}}}}
        let codes = gates.map(Slot.code(of:))
        slots.withUnsafeMutableBufferPointer { slots in
        codes.withUnsafeBufferPointer { codes in
            let shared = UncheckedSendable(slots)
            ParallelFor.run(chunks: bounds.count - 1, threads: threads) { chunk in
                let slots = shared.value
                for r in bounds[chunk] ..< bounds[chunk + 1] {
                    let record = records[r]
                    for i in record.start ..< record.start + Int(record.certain) + Int(record.aliased) {
                        let pick = slots[i].pick
                        slots[i].codes = codes[Int(pick.target)] | codes[Int(pick.alias)] << 16
                    }
                }
            }
        }}
        self.recordMemory = UncheckedSendable(recordMemory)
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

    /// Scratch for writing one alias table of up to `width` slots.
    struct TableScratch {
        let buffer: ScratchBuffer
        let weights: UnsafeMutableBufferPointer<Double>
        let targets: UnsafeMutableBufferPointer<UInt32>
        let small: UnsafeMutableBufferPointer<Int32>
        let large: UnsafeMutableBufferPointer<Int32>
        let picks: UnsafeMutableBufferPointer<AliasTable.Slot>

        init(width: Int) {
            buffer = ScratchBuffer(byteCount: width * 32)
            weights = buffer.buffer(at: 0, count: width, as: Double.self)
            targets = buffer.buffer(at: width * 8, count: width, as: UInt32.self)
            small = buffer.buffer(at: width * 12, count: width, as: Int32.self)
            large = buffer.buffer(at: width * 16, count: width, as: Int32.self)
            picks = buffer.buffer(at: width * 20, count: width, as: AliasTable.Slot.self)
        }

        /// Writes the alias table of the first `count` targets and weights (summing to
        /// `total`) from slot `certainEnd` on, the rate rounded up to a `Float` with a
        /// filler slot back at `owner` (active whenever its table is used); returns the
        /// table's slot count and the rate. `width` must leave room for the filler.
        func write(certainEnd: Int, count: Int, total: Double, owner: UInt32,
                   into slots: UnsafeMutableBufferPointer<Slot>) -> (aliased: UInt32, rate: Float) {
            var d = count
            var rate = Float(total)
            if Double(rate) < total { rate = rate.nextUp }
            if d > 0 && Double(rate) > total {
                targets[d] = owner
                weights[d] = Double(rate) - total
                d += 1
            }
            AliasTable.build(targets: UnsafeBufferPointer(rebasing: targets[0..<d]), weights: UnsafeMutableBufferPointer(rebasing: weights[0..<d]),
                             total: Double(rate), into: UnsafeMutableBufferPointer(rebasing: picks[0..<d]),
                             small: small, large: large)
            // The codes come once every gate is known.
            for i in 0..<d { slots[certainEnd + i] = Slot(pick: picks[i], codes: 0) }
            return (UInt32(truncatingIfNeeded: d), rate)
        }
    }
}
