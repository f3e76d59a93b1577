/// Independent cascades whose edge probabilities depend on the follower (the weighted
/// cascade), one run at a time, drawn as Poisson hits on alias tables: no search.
///
/// When customer u activates, the edge to follower v fires with probability pᵥ. Write
/// hᵥ = −ln(1 − pᵥ) (the edge's hazard) and H for the sum over u's edges. Throw
/// N ~ Poisson(H) hits at u's edges, each landing on edge v with probability hᵥ / H:
/// the hits on v are then Poisson(hᵥ), independently across edges, so v is hit at least
/// once with probability 1 − e^(−hᵥ) = pᵥ — exactly the independent cascade. N comes
/// from exponential spacings (an arrival per exponential below H) and each landing
/// spot from one 64-bit draw on u's alias table (`AliasTable`), so a run costs a few
/// draws and one table slot per firing edge, wherever it lies in a long follower
/// list. A second hit on the same edge finds its follower active and does nothing.
///
/// Edges whose follower fires with certainty are listed apart and followed on every
/// activation; followers who never fire are left out. A follower of a single account
/// whose edge is certain (under the weighted cascade, anyone following one account)
/// is active exactly when that account is, so it is folded into it: its edges join the
/// account's table and it counts as reached with it, without a queue entry or a draw
/// of its own. Under the weighted cascade from the 50 most-followed customers of the
/// R-MAT 20 graph, that spares about 36,000 of 125,000 activations per run.
///
/// Memory decides the speed (a run reads a customer's gate per activation, a record
/// per customer with a hit and a slot per hit, at random), so the tables are small: the
/// rate of hits is a `Float` (rounded up; a filler slot pointing back at the customer,
/// whose hits change nothing, takes the rounding, so every edge keeps its hazard) and a
/// record is 16 bytes. Halving the records from 32 bytes made runs 20% faster.
struct PoissonHitCascade: Sendable {
    /// A customer's follower edges (with those of the customers folded into it) in
    /// `slots`: `certain` of them from `start` on, then an alias table of `aliased`
    /// slots over the others and the filler.
    struct Record: BitwiseCopyable {
        var start: Int
        var certain: UInt32
        var aliased: UInt32
    }

    /// What a run reads of every customer it activates.
    struct Gate: BitwiseCopyable {
        /// The rate of hits on the customer's alias table, negated when it has certain
        /// edges (−0 if only those). A first arrival above it, and no certain edge,
        /// rules the customer out without reading its record, as for most activations.
        var rate: Float
        /// The customers counted as reached when this one activates: itself and those
        /// folded into it, less seeds and excluded customers.
        var weight: UInt32
    }

    let records: [Record]
    let gates: [Gate]
    let slots: [AliasTable.Slot]
    let seeds: [Int]

    /// The edge to follower `v` fires with `probability(v)` (clamped to [0, 1]); runs
    /// start from `seeds` (distinct) and do not count the `excluded`.
    ///
    /// - Complexity: O(V + E) time, the tables in parallel balanced by edges; 12 bytes
    ///   per follow and 36 per customer, and 32 more per customer while building.
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
        var memberOffsets = [Int](repeating: 0, count: n + 1)
        var slotOffsets = [Int](repeating: 0, count: n + 1)
        for v in 0..<n where root[v] >= 0 {
            memberOffsets[Int(root[v]) + 1] += 1
            slotOffsets[Int(root[v]) + 1] += followers.degree(of: v)
        }
        for r in 0..<n {
            memberOffsets[r + 1] += memberOffsets[r]
            slotOffsets[r + 1] += slotOffsets[r] + (root[r] == Int32(r) ? 1 : 0)
        }
        var members = uninitializedArray(UInt32.self, count: memberOffsets[n])
        var fill = memberOffsets
        for v in 0..<n where root[v] >= 0 {
            let r = Int(root[v])
            members[fill[r]] = UInt32(truncatingIfNeeded: v)
            fill[r] += 1
        }
        var records = uninitializedArray(Record.self, count: n)
        var gates = uninitializedArray(Gate.self, count: n)
        var slots = uninitializedArray(AliasTable.Slot.self, count: slotOffsets[n])
        let bounds = ParallelFor.edgeBalancedBoundaries(offsets: slotOffsets, parts: ParallelFor.chunkCount(forWork: slotOffsets[n] + n))
        // Customers a root's weight does not count.
        var notCounted = excluded ?? Bitmap(count: n)
        for s in seeds { notCounted.insert(s) }
        records.withUnsafeMutableBufferPointer { records in
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
                        records[r] = Record(start: start, certain: 0, aliased: 0)
                        gates[r] = Gate(rate: 0, weight: 0)
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
                                slots[w] = .certain(v)
                                w += 1
                            } else if h > 0 {
                                table.targets[d] = v
                                table.weights[d] = h
                                total += h
                                d += 1
                            }
                        }
                    }
                    let (record, rate) = table.write(start: start, certainEnd: w, count: d, total: total,
                                                     owner: UInt32(truncatingIfNeeded: r), into: slots)
                    records[r] = record
                    gates[r] = Gate(rate: rate, weight: weight)
                }
            }
        }}}}}}}}
        self.records = records
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

        init(width: Int) {
            buffer = ScratchBuffer(byteCount: width * 20)
            weights = buffer.buffer(at: 0, count: width, as: Double.self)
            targets = buffer.buffer(at: width * 8, count: width, as: UInt32.self)
            small = buffer.buffer(at: width * 12, count: width, as: Int32.self)
            large = buffer.buffer(at: width * 16, count: width, as: Int32.self)
        }

        /// Writes the alias table of the first `count` targets and weights (summing to
        /// `total`) after the certain slots `start..<certainEnd`, the rate rounded up to
        /// a `Float` with a filler slot back at `owner` (active whenever its table is
        /// used); returns the record and the signed rate. `width` must leave room for
        /// the filler.
        func write(start: Int, certainEnd: Int, count: Int, total: Double, owner: UInt32,
                   into slots: UnsafeMutableBufferPointer<AliasTable.Slot>) -> (Record, Float) {
            var d = count
            var rate = Float(total)
            if Double(rate) < total { rate = rate.nextUp }
            if d > 0 && Double(rate) > total {
                targets[d] = owner
                weights[d] = Double(rate) - total
                d += 1
            }
            AliasTable.build(targets: UnsafeBufferPointer(rebasing: targets[0..<d]), weights: UnsafeMutableBufferPointer(rebasing: weights[0..<d]),
                             total: Double(rate), into: UnsafeMutableBufferPointer(rebasing: slots[certainEnd ..< certainEnd + d]),
                             small: small, large: large)
            let record = Record(start: start, certain: UInt32(truncatingIfNeeded: certainEnd - start), aliased: UInt32(truncatingIfNeeded: d))
            return (record, certainEnd > start ? -rate : rate)
        }
    }

    /// Per-thread state, reused across runs.
    struct Scratch {
        var active: ActiveSet
        /// Customers past their gate whose record is not read yet (a ring).
        var pending: [Pending]
        /// Hits whose slot is not read yet (a ring).
        var hits: [Hit]

        init(count: Int) {
            active = ActiveSet(count: count)
            pending = [Pending](repeating: Pending(arrival: 0, customer: 0, rate: 0), count: PoissonHitCascade.pendingDepth)
            hits = [Hit](repeating: Hit(slot: 0, fraction: 0), count: PoissonHitCascade.hitDepth)
        }
    }

    /// A customer past its gate: its first hit arrives at `arrival`, hits come at `rate`.
    struct Pending {
        var arrival: Double
        var customer: UInt32
        var rate: Float
    }

    /// A hit on `slots[slot]`, resolved by `fraction`.
    struct Hit {
        var slot: Int
        var fraction: UInt32
    }

    /// How many queued customers ahead the gates are prefetched, and how many customers
    /// and hits wait (their record or slot prefetched) before they are read. Each hides
    /// a memory latency behind other work; none changes the model, only the order of
    /// the draws. Ring depths are powers of two (the rings index with a mask); deeper
    /// rings measured no faster, the memory system being busy already.
    static let lookahead = 16
    static let pendingDepth = 16
    static let hitDepth = 32

    /// One cascade from `seeds`; returns the customers reached other than seeds and
    /// excluded (the weights of the customers activated).
    ///
    /// Three stages, each a few steps behind the one before so that memory reads
    /// overlap: the first draws a queued customer's first arrival and drops it when the
    /// arrival passes its gate; the second reads the record of a customer past its gate
    /// and throws its hits (and its certain edges), prefetching each slot; the third
    /// reads a slot and activates the follower. The active set has the distribution of
    /// walking each customer as it is dequeued: each activated customer's edges are
    /// drawn once, whatever the order.
    ///
    /// - Complexity: O(A + F) expected for A activated customers and F hits, no
    ///   allocation.
    func simulate(scratch: inout Scratch, rng: inout SplitMix64) -> Int {
        // The run's stream seeds the faster generator the kernel draws from.
        let seed = rng.next()
        return gates.withUnsafeBufferPointer { gates in
        records.withUnsafeBufferPointer { records in
        slots.withUnsafeBufferPointer { slots in
        ExponentialZiggurat.shared.withTables { exponential in
        scratch.active.bits.withUnsafeMutableBufferPointer { bits in
        scratch.active.queue.withUnsafeMutableBufferPointer { queue in
        scratch.pending.withUnsafeMutableBufferPointer { pending in
        scratch.hits.withUnsafeMutableBufferPointer { hits in
            Self.cascade(from: seeds, gates: gates, records: records, slots: slots, exponential: exponential,
                         bits: bits, queue: queue, pending: pending, hits: hits, seed: seed)
        }}}}}}}}
    }

    /// `simulate` on the tables' memory: the buffers are arguments rather than
    /// captures, so the loops keep their pointers and counters in registers.
    @inline(__always)
    private static func cascade(from seeds: [Int], gates: UnsafeBufferPointer<Gate>, records: UnsafeBufferPointer<Record>,
                                slots: UnsafeBufferPointer<AliasTable.Slot>, exponential: ExponentialZiggurat.Tables,
                                bits: UnsafeMutableBufferPointer<UInt64>, queue: UnsafeMutableBufferPointer<UInt32>,
                                pending: UnsafeMutableBufferPointer<Pending>, hits: UnsafeMutableBufferPointer<Hit>,
                                seed: UInt64) -> Int {
        var draws = WyRand(seed: seed)
        var tail = 0
        for s in seeds {
            bits[s >> 6] |= 1 << UInt64(s & 63)
            queue[tail] = UInt32(truncatingIfNeeded: s)
            tail &+= 1
        }
        var head = 0, reached = 0
        var pendingHead = 0, pendingTail = 0
        let pendingMask = pendingDepth - 1
        var hitHead = 0, hitTail = 0
        while true {
            while head < tail && pendingTail &- pendingHead < pendingDepth {
                if head &+ lookahead < tail { gates.prefetch(Int(queue[head &+ lookahead])) }
                let u = Int(queue[head])
                head &+= 1
                let gate = gates[u]
                reached &+= Int(gate.weight)
                // No arrival below the rate and no certain edge: no edge fires.
                let x = exponential.next(&draws)
                let rate = gate.rate.magnitude
                // Also without a branch: the entry is kept only when u opens.
                let opens = x < Double(rate) || gate.rate.sign == .minus
                pending[pendingTail & pendingMask] = Pending(arrival: x, customer: UInt32(truncatingIfNeeded: u), rate: rate)
                pendingTail &+= opens ? 1 : 0
                records.prefetch(opens ? u : 0)
            }
            if pendingHead == pendingTail {
                if hitHead == hitTail { break }
                resolve(hits: hits, hitHead: &hitHead, slots: slots, bits: bits, queue: queue, tail: &tail)
                continue
            }
            let keep = head < tail ? pendingDepth / 2 : 0
            while pendingTail &- pendingHead > keep {
                let next = pending[pendingHead & pendingMask]
                pendingHead &+= 1
                let record = records[Int(next.customer)]
                let certainEnd = record.start &+ Int(record.certain)
                var slot = record.start
                while slot < certainEnd {
                    throwHit(slot, fraction: 0, hits: hits, hitHead: &hitHead, hitTail: &hitTail, slots: slots, bits: bits, queue: queue, tail: &tail)
                    slot &+= 1
                }
                let count = Int(record.aliased)
                var x = next.arrival
                let rate = Double(next.rate)
                while x < rate {
                    let (index, fraction) = AliasTable.draw(draws.next(), count: count)
                    throwHit(certainEnd &+ index, fraction: fraction, hits: hits, hitHead: &hitHead, hitTail: &hitTail, slots: slots, bits: bits, queue: queue, tail: &tail)
                    x += exponential.next(&draws)
                }
            }
        }
        ActiveSet.clear(bits, queue: queue, count: tail)
        return reached
    }

    /// Reads the oldest hit's slot and activates its follower unless active.
    @inline(__always)
    private static func resolve(hits: UnsafeMutableBufferPointer<Hit>, hitHead: inout Int, slots: UnsafeBufferPointer<AliasTable.Slot>,
                                bits: UnsafeMutableBufferPointer<UInt64>, queue: UnsafeMutableBufferPointer<UInt32>, tail: inout Int) {
        let hit = hits[hitHead & (hitDepth - 1)]
        hitHead &+= 1
        let v = Int(slots[hit.slot].target(fraction: hit.fraction))
        ActiveSet.insert(v, bits: bits, queue: queue, tail: &tail)
    }

    /// Queues a hit on `slots[slot]` and prefetches the slot, first resolving the
    /// oldest hit if the ring is full.
    @inline(__always)
    private static func throwHit(_ slot: Int, fraction: UInt32, hits: UnsafeMutableBufferPointer<Hit>, hitHead: inout Int, hitTail: inout Int,
                                 slots: UnsafeBufferPointer<AliasTable.Slot>, bits: UnsafeMutableBufferPointer<UInt64>,
                                 queue: UnsafeMutableBufferPointer<UInt32>, tail: inout Int) {
        if hitTail &- hitHead == hitDepth { resolve(hits: hits, hitHead: &hitHead, slots: slots, bits: bits, queue: queue, tail: &tail) }
        hits[hitTail & (hitDepth - 1)] = Hit(slot: slot, fraction: fraction)
        hitTail &+= 1
        slots.prefetchWhole(slot)
    }
}
