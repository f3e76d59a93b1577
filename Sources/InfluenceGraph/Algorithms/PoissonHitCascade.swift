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
/// Edges whose follower fires with certainty (followers of a single account under the
/// weighted cascade) are listed apart and followed on every activation; followers who
/// never fire are left out.
///
/// Memory decides the speed (a run reads a customer's gate per activation, a record
/// per customer with a hit and a slot per hit, at random), so the tables are small: the
/// rate of hits is a `Float` (rounded up; a filler slot pointing back at the customer,
/// whose hits change nothing, takes the rounding, so every edge keeps its hazard) and a
/// record is 16 bytes. Halving the records from 32 bytes made runs 20% faster.
struct PoissonHitCascade: Sendable {
    /// A customer's follower edges in `slots`: `certain` of them from `start` on, then
    /// an alias table of `aliased` slots over the others (and the filler).
    struct Record: BitwiseCopyable {
        var start: Int
        var certain: UInt32
        var aliased: UInt32
    }

    let records: [Record]
    /// Per customer: the rate of hits on its alias table, negated when it has certain
    /// edges (−0 if only those). At 4 bytes per customer it stays in cache, and a first
    /// arrival above it rules u out without reading u's record, as it does for most
    /// activated customers.
    let gate: [Float]
    /// Each customer's slots start at its follower offset plus its index: one spare
    /// slot per customer for the filler.
    let slots: [AliasTable.Slot]
    let excluded: [UInt64]?

    /// The edge to follower `v` fires with `probability(v)` (clamped to [0, 1]).
    ///
    /// - Complexity: O(V + E) time, in parallel over customers balanced by edges;
    ///   12 bytes per follow and 32 per customer.
    init(graph: CustomerGraph, probability: (Int) -> Double, excluded: Bitmap?, threads: Int) {
        let n = graph.customerCount
        let followers = graph.follows.followers
        self.excluded = excluded?.words
        let hazards = (0..<n).map { IndependentCascade.hazard(probability($0)) }
        var records = uninitializedArray(Record.self, count: n)
        var gate = uninitializedArray(Float.self, count: n)
        var slots = uninitializedArray(AliasTable.Slot.self, count: followers.edgeCount + n)
        let offsets = followers.offsets
        let bounds = ParallelFor.edgeBalancedBoundaries(offsets: offsets, parts: ParallelFor.chunkCount(forWork: followers.edgeCount + n))
        records.withUnsafeMutableBufferPointer { records in
        gate.withUnsafeMutableBufferPointer { gate in
        slots.withUnsafeMutableBufferPointer { slots in
        followers.targets.withUnsafeBufferPointer { ft in
        hazards.withUnsafeBufferPointer { hazards in
            let shared = UncheckedSendable((records, gate, slots))
            ParallelFor.run(chunks: bounds.count - 1, threads: threads) { chunk in
                let (records, gate, slots) = shared.value
                let nodes = bounds[chunk] ..< bounds[chunk + 1]
                var widest = 0
                for u in nodes { widest = max(widest, offsets[u + 1] - offsets[u]) }
                let width = widest + 1
                let scratch = ScratchBuffer(byteCount: width * 20)
                let weights = scratch.buffer(at: 0, count: width, as: Double.self)
                let targets = scratch.buffer(at: width * 8, count: width, as: UInt32.self)
                let small = scratch.buffer(at: width * 12, count: width, as: Int32.self)
                let large = scratch.buffer(at: width * 16, count: width, as: Int32.self)
                for u in nodes {
                    let start = offsets[u] + u
                    var w = start, d = 0
                    var total = 0.0
                    for e in offsets[u] ..< offsets[u + 1] {
                        let v = ft[e]
                        let h = hazards[Int(v)]
                        if h >= IndependentCascade.certainHazard {
                            slots[w] = .certain(v)
                            w += 1
                        } else if h > 0 {
                            targets[d] = v
                            weights[d] = h
                            total += h
                            d += 1
                        }
                    }
                    var rate = Float(total)
                    if Double(rate) < total { rate = rate.nextUp }
                    if d > 0 && Double(rate) > total {
                        targets[d] = UInt32(truncatingIfNeeded: u)
                        weights[d] = Double(rate) - total
                        d += 1
                    }
                    AliasTable.build(targets: UnsafeBufferPointer(rebasing: targets[0..<d]), weights: UnsafeMutableBufferPointer(rebasing: weights[0..<d]),
                                     total: Double(rate), into: UnsafeMutableBufferPointer(rebasing: slots[w ..< w + d]),
                                     small: small, large: large)
                    records[u] = Record(start: start, certain: UInt32(truncatingIfNeeded: w - start), aliased: UInt32(truncatingIfNeeded: d))
                    gate[u] = w > start ? -rate : rate
                }
            }
        }}}}}
        self.records = records
        self.gate = gate
        self.slots = slots
    }

    /// Per-thread state, reused across runs: a run clears the bits it set from its queue.
    struct Scratch {
        /// One bit per customer, set while active (in cache at 1 bit per customer).
        var active: [UInt64]
        var queue: [UInt32]
        /// Customers past their gate whose record is not read yet (a ring).
        var pending: [Pending]
        /// Hits whose slot is not read yet (a ring).
        var hits: [Hit]

        init(count: Int) {
            active = [UInt64](repeating: 0, count: (count + 63) / 64)
            queue = uninitializedArray(UInt32.self, count: count + 1)
            pending = [Pending](repeating: Pending(customer: 0, arrival: 0, rate: 0), count: PoissonHitCascade.pendingDepth)
            hits = [Hit](repeating: Hit(slot: 0, fraction: 0), count: PoissonHitCascade.hitDepth)
        }
    }

    /// A customer past its gate: its first hit arrives at `arrival`, hits come at `rate`.
    struct Pending {
        var customer: Int
        var arrival: Double
        var rate: Double
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

    /// One cascade; returns the customers reached other than seeds and excluded.
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
    func simulate(seeds: [Int], scratch: inout Scratch, rng: inout SplitMix64) -> Int {
        gate.withUnsafeBufferPointer { gate in
        records.withUnsafeBufferPointer { records in
        slots.withUnsafeBufferPointer { slots in
        ExponentialZiggurat.shared.withTables { exponential in
        scratch.active.withUnsafeMutableBufferPointer { bits in
        scratch.queue.withUnsafeMutableBufferPointer { queue in
        scratch.pending.withUnsafeMutableBufferPointer { pending in
        scratch.hits.withUnsafeMutableBufferPointer { hits in
            var tail = 0
            for s in seeds {
                bits[s >> 6] |= 1 << UInt64(s & 63)
                queue[tail] = UInt32(truncatingIfNeeded: s)
                tail += 1
            }
            var head = 0
            var pendingHead = 0, pendingTail = 0
            let pendingMask = Self.pendingDepth - 1
            var hot = 0
            var hitHead = 0, hitTail = 0
            let hitMask = Self.hitDepth - 1
            /// Reads the oldest hit's slot and activates its follower unless active.
            func resolve() {
                let hit = hits[hitHead & hitMask]
                hitHead += 1
                let v = Int(slots[hit.slot].target(fraction: hit.fraction))
                let bit: UInt64 = 1 << UInt64(v & 63)
                // Without a branch (whether v is new is a coin toss): v is written past
                // the queue's end either way and kept only when new.
                let word = bits[v >> 6]
                bits[v >> 6] = word | bit
                queue[tail] = UInt32(truncatingIfNeeded: v)
                tail &+= word & bit == 0 ? 1 : 0
            }
            func throwHit(_ slot: Int, _ fraction: UInt32) {
                if hitTail - hitHead == Self.hitDepth { resolve() }
                hits[hitTail & hitMask] = Hit(slot: slot, fraction: fraction)
                hitTail += 1
                slots.prefetchWhole(slot)
            }
            while true {
                while head < tail && pendingTail - pendingHead < Self.pendingDepth {
                    if head + Self.lookahead < tail { gate.prefetch(Int(queue[head + Self.lookahead])) }
                    let u = Int(queue[head])
                    head += 1
                    // No arrival below the rate and no certain edge: no edge fires.
                    let x = exponential.next(&rng)
                    let g = gate[u]
                    let rate = Double(g.magnitude)
                    // Also without a branch: the entry is kept only when u opens.
                    let opens = x < rate || g.sign == .minus
                    pending[pendingTail & pendingMask] = Pending(customer: u, arrival: x, rate: rate)
                    pendingTail &+= opens ? 1 : 0
                    hot = opens ? u : hot
                    records.prefetch(hot)
                }
                if pendingHead == pendingTail {
                    if hitHead == hitTail { break }
                    resolve()
                    continue
                }
                let keep = head < tail ? Self.pendingDepth / 2 : 0
                while pendingTail - pendingHead > keep {
                    let next = pending[pendingHead & pendingMask]
                    pendingHead += 1
                    let record = records[next.customer]
                    let certainEnd = record.start + Int(record.certain)
                    for slot in record.start ..< certainEnd { throwHit(slot, 0) }
                    let count = Int(record.aliased)
                    var x = next.arrival
                    while x < next.rate {
                        let (slot, fraction) = AliasTable.draw(rng.next(), count: count)
                        throwHit(certainEnd + slot, fraction)
                        x += exponential.next(&rng)
                    }
                }
            }
            let reached = countReached(UnsafeBufferPointer(rebasing: queue[0..<tail]), seeds: seeds.count, excluded: excluded)
            for i in 0..<tail { let v = Int(queue[i]); bits[v >> 6] = 0 }
            return reached
        }}}}}}}}
    }
}
