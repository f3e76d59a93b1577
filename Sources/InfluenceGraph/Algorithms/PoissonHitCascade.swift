/// Independent cascades whose edge probabilities depend on the follower (the weighted
/// cascade), one run at a time, drawn as Poisson hits on alias tables: no search.
///
/// When customer u activates, the edge to follower v fires with probability pᵥ. Write
/// hᵥ = −ln(1 − pᵥ) (the edge's hazard) and H for the sum over u's edges. Throw
/// N ~ Poisson(H) hits at u's edges, each landing on edge v with probability hᵥ / H:
/// the hits on v are then Poisson(hᵥ), independently across edges, so v is hit at least
/// once with probability 1 − e^(−hᵥ) = pᵥ — exactly the independent cascade. N comes
/// from one uniform u by inversion (the least k whose Poisson(H) distribution function
/// exceeds u; the gate holds e^(−H), so most customers are ruled out by one compare)
/// and each landing spot from one 64-bit draw on u's alias table (`AliasTable`), so a
/// run costs a few draws and one table slot per firing edge, wherever it lies in a
/// long follower list. A second hit on the same edge finds its follower active and
/// does nothing.
///
/// Edges whose follower fires with certainty are listed apart and followed on every
/// activation; followers who never fire are left out. A follower of a single account
/// whose edge is certain (under the weighted cascade, anyone following one account)
/// is active exactly when that account is, so it is folded into it: its edges join the
/// account's table and it counts as reached with it, without a queue entry or a draw
/// of its own. Under the weighted cascade from the 50 most-followed customers of the
/// R-MAT 20 graph, that spares about 36,000 of 125,000 activations per run.
///
/// Memory decides the speed: a run reads a slot per hit, a gate per queued customer and
/// a record per customer with a hit, all at random. So the rate of hits is a `Float`
/// (rounded up; a filler slot pointing back at the customer, whose hits change nothing,
/// takes the rounding, so every edge keeps its hazard), the gates are 8 bytes, and each
/// slot carries a 2-byte code per follower that settles most activations as the hit
/// lands: a follower counted once and with a uniform below its chance of no hit opens
/// nothing, so it is counted there and never queued or gated (`Slot.code(of:)`). Under
/// the weighted cascade from the 50 most-followed customers of the R-MAT 20 graph, that
/// made 10,000 runs 17% faster.
struct PoissonHitCascade: Sendable {
    /// A customer's follower edges (with those of the customers folded into it) in
    /// `slots`: `certain` of them from `start` on, then an alias table of `aliased`
    /// slots over the others and the filler, hit at `rate`; `none` is e^(−rate), the
    /// chance of no hit. 32 bytes on page-aligned memory, so a record is one cache line;
    /// only customers that open read theirs.
    struct Record: BitwiseCopyable {
        var start: Int
        var none: Double
        var certain: UInt32
        var aliased: UInt32
        var rate: Float
        private var padding: UInt32 = 0

        init(start: Int, none: Double, certain: Int, aliased: UInt32, rate: Float) {
            self.start = start
            self.none = none
            self.certain = UInt32(truncatingIfNeeded: certain)
            self.aliased = aliased
            self.rate = rate
        }
    }

    /// What a run reads of every customer it activates: 8 bytes, because the gates are
    /// read at random and had better stay small.
    struct Gate: BitwiseCopyable {
        /// At most the chance e^(−rate) of no hit (a `Float` rounded down), negated
        /// when the customer has certain edges. A uniform below it rules the customer
        /// out without reading its record, as for most activations; the few above it
        /// by rounding alone are ruled out once the record is read.
        var none: Float
        /// The customers counted as reached when this one activates: itself and those
        /// folded into it, less seeds and excluded customers.
        var weight: UInt32
    }

    /// A slot of a customer's alias table and, for each of its two followers, what a
    /// run needs to settle most activations at once: 16 bytes, so no slot straddles two
    /// cache lines.
    struct Slot: BitwiseCopyable {
        var pick: AliasTable.Slot
        /// The code (`Slot.code(of:)`) of `pick.target` in the low half, of
        /// `pick.alias` in the high half.
        var codes: UInt32

        /// A follower's code: the high bit set when its weight is exactly 1, the low 15
        /// bits its chance of no hit in 2⁻¹⁵ units, rounded down (0 when it has certain
        /// edges). A follower activated by a hit whose random bits start below that
        /// bound, and whose weight is 1, opens no edge and counts once: it needs no
        /// queue entry and no read of its gate.
        static func code(of gate: Gate) -> UInt32 {
            let bound = gate.none.sign == .minus ? 0 : UInt32(Double(gate.none) * 0x1p15)
            return (gate.weight == 1 ? 0x8000 : 0) | min(bound, 0x7FFF)
        }
    }

    /// Page-aligned memory for `records`, so that each record is one cache line.
    private let recordMemory: UncheckedSendable<ScratchBuffer>
    /// The customers' records.
    var records: UnsafeBufferPointer<Record> {
        UnsafeBufferPointer(recordMemory.value.buffer(at: 0, count: gates.count, as: Record.self))
    }
    let gates: [Gate]
    let slots: [Slot]
    let seeds: [Int]

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

    /// Per-thread state, reused across runs.
    struct Scratch {
        var active: ActiveSet
        /// Customers past their gate whose record is not read yet (a ring).
        var pending: [Pending]
        /// Hits whose slot is not read yet (a ring).
        var hits: [Hit]
        /// The random bits of each queued customer, drawn when it activated.
        var uniforms: [UInt64]

        init(count: Int) {
            active = ActiveSet(count: count)
            uniforms = uninitializedArray(UInt64.self, count: count + 1)
            pending = [Pending](repeating: Pending(uniform: 0, customer: 0), count: PoissonHitCascade.pendingDepth)
            hits = [Hit](repeating: Hit(slot: 0, fraction: 0), count: PoissonHitCascade.hitDepth)
        }
    }

    /// A customer past its gate and the uniform drawn for its count of hits.
    struct Pending {
        var uniform: Double
        var customer: UInt32
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

    /// The largest rate whose count of hits is drawn by inversion in one piece: e^(−32)
    /// is still far above the 2⁻⁵³ resolution of the uniform.
    static let inversionLimit = 32.0

    /// One cascade from `seeds`; returns the customers reached other than seeds and
    /// excluded (the weights of the customers activated).
    ///
    /// Three stages, each a few steps behind the one before so that memory reads
    /// overlap: the first reads a queued customer's gate and drops it when its uniform
    /// is below the chance of no hit; the second reads the record of a customer past its
    /// gate and throws its hits (and its certain edges), prefetching each slot; the
    /// third reads a slot, draws the follower's uniform and, if the follower is new,
    /// counts it at once when its code settles it or queues it. The active set has the
    /// distribution of walking each customer as it is dequeued: each activated
    /// customer's edges are drawn once, with one uniform, whatever the order.
    ///
    /// - Complexity: O(A + F) expected for A activated customers and F hits, no
    ///   allocation.
    func simulate(scratch: inout Scratch, rng: inout SplitMix64) -> Int {
        // The run's stream seeds the faster generator the kernel draws from.
        let seed = rng.next()
        return gates.withUnsafeBufferPointer { gates in
        slots.withUnsafeBufferPointer { slots in
        scratch.active.bits.withUnsafeMutableBufferPointer { bits in
        scratch.active.queue.withUnsafeMutableBufferPointer { queue in
        scratch.uniforms.withUnsafeMutableBufferPointer { uniforms in
        scratch.pending.withUnsafeMutableBufferPointer { pending in
        scratch.hits.withUnsafeMutableBufferPointer { hits in
            Self.cascade(from: seeds, gates: gates, records: records, slots: slots,
                         run: RunState(bits: bits, queue: queue, uniforms: uniforms, hits: hits), pending: pending, seed: seed)
        }}}}}}}
    }

    /// What activating a follower touches, for `cascade` and its helpers.
    struct RunState {
        let bits: UnsafeMutableBufferPointer<UInt64>
        /// Queued customers from the front; customers settled at once (see
        /// `Slot.code(of:)`) from the back, so that their bits can be cleared.
        let queue: UnsafeMutableBufferPointer<UInt32>
        /// The random bits of each queued customer.
        let uniforms: UnsafeMutableBufferPointer<UInt64>
        let hits: UnsafeMutableBufferPointer<Hit>
    }

    /// `simulate` on the tables' memory: the buffers are arguments rather than
    /// captures, so the loops keep their pointers and counters in registers.
    @inline(__always)
    private static func cascade(from seeds: [Int], gates: UnsafeBufferPointer<Gate>, records: UnsafeBufferPointer<Record>,
                                slots: UnsafeBufferPointer<Slot>, run: RunState,
                                pending: UnsafeMutableBufferPointer<Pending>, seed: UInt64) -> Int {
        var draws = WyRand(seed: seed)
        let bits = run.bits, queue = run.queue, uniforms = run.uniforms
        var tail = 0
        for s in seeds {
            bits[s >> 6] |= 1 << UInt64(s & 63)
            queue[tail] = UInt32(truncatingIfNeeded: s)
            uniforms[tail] = draws.next()
            tail &+= 1
        }
        var back = queue.count - 1
        var head = 0, reached = 0
        var pendingHead = 0, pendingTail = 0
        let pendingMask = pendingDepth - 1
        var hitHead = 0, hitTail = 0
        while true {
            while head < tail && pendingTail &- pendingHead < pendingDepth {
                if head &+ lookahead < tail { gates.prefetch(Int(queue[head &+ lookahead])) }
                let u = Int(queue[head])
                let uniform = Double(uniforms[head] >> 11) * 0x1p-53
                head &+= 1
                let gate = gates[u]
                reached &+= Int(gate.weight)
                // No hit and no certain edge: no edge fires. Also without a branch: the
                // entry is kept only when u opens.
                let opens = uniform >= Double(gate.none)
                pending[pendingTail & pendingMask] = Pending(uniform: uniform, customer: UInt32(truncatingIfNeeded: u))
                pendingTail &+= opens ? 1 : 0
                records.prefetch(opens ? u : 0)
            }
            if pendingHead == pendingTail {
                if hitHead == hitTail { break }
                resolve(run, hitHead: &hitHead, slots: slots, draws: &draws, tail: &tail, back: &back, reached: &reached)
                continue
            }
            let keep = head < tail ? pendingDepth / 2 : 0
            while pendingTail &- pendingHead > keep {
                let next = pending[pendingHead & pendingMask]
                pendingHead &+= 1
                let record = records[Int(next.customer)]
                var slot = record.start
                let certain = record.certain > 0
                if certain {
                    let certainEnd = slot &+ Int(record.certain)
                    while slot < certainEnd {
                        throwHit(slot, fraction: 0, run, hitHead: &hitHead, hitTail: &hitTail, slots: slots, draws: &draws, tail: &tail, back: &back, reached: &reached)
                        slot &+= 1
                    }
                }
                let table = slot, count = Int(record.aliased)
                let rate = Double(record.rate)
                // The chance of no hit, exactly (the gate's is a bound).
                let none = record.none
                if rate <= inversionLimit {
                    // Hit k is thrown while the distribution function up to k − 1 is at
                    // most the uniform: up to the first k it exceeds, Poisson(rate) hits.
                    var p = none, below = none, k = 0.0
                    while next.uniform >= below && p > 0 {
                        k += 1
                        p *= rate / k
                        below += p
                        let (index, fraction) = AliasTable.draw(draws.next(), count: count)
                        throwHit(table &+ index, fraction: fraction, run, hitHead: &hitHead, hitTail: &hitTail, slots: slots, draws: &draws, tail: &tail, back: &back, reached: &reached)
                    }
                } else if certain || next.uniform >= none {
                    // A large rate: the sum of counts at rate / m each (m pieces of at most
                    // `inversionLimit`), drawn again while it is 0 unless the customer
                    // opened for its certain edges: the count given that there is a hit.
                    let pieces = (rate / inversionLimit).rounded(.up)
                    let share = rate / pieces, shareNone = PortableMath.exp(-share)
                    var thrown = false
                    repeat {
                        for _ in 0 ..< Int(pieces) {
                            let uniform = Double(draws.next() >> 11) * 0x1p-53
                            var p = shareNone, below = shareNone, k = 0.0
                            while uniform >= below && p > 0 {
                                k += 1
                                p *= share / k
                                below += p
                                let (index, fraction) = AliasTable.draw(draws.next(), count: count)
                                throwHit(table &+ index, fraction: fraction, run, hitHead: &hitHead, hitTail: &hitTail, slots: slots, draws: &draws, tail: &tail, back: &back, reached: &reached)
                                thrown = true
                            }
                        }
                    } while !thrown && !certain
                }
            }
        }
        // Clear the bits set: word by word after a small cascade, all at once after a large one.
        let settled = queue.count - 1 - back
        if tail &+ settled < bits.count {
            for i in 0 ..< tail { bits[Int(queue[i]) >> 6] = 0 }
            for i in back + 1 ..< queue.count { bits[Int(queue[i]) >> 6] = 0 }
        } else {
            bits.update(repeating: 0)
        }
        return reached
    }

    /// Reads the oldest hit's slot and activates its follower unless active: counted
    /// at once when its code settles it, queued with its uniform otherwise. Without a
    /// branch on whether the follower is new (a coin toss the predictor would lose):
    /// both ends of the queue are written, and only the right end moves.
    @inline(__always)
    private static func resolve(_ run: RunState, hitHead: inout Int, slots: UnsafeBufferPointer<Slot>, draws: inout WyRand,
                                tail: inout Int, back: inout Int, reached: inout Int) {
        let hit = run.hits[hitHead & (hitDepth - 1)]
        hitHead &+= 1
        let slot = slots[hit.slot]
        let keeps = hit.fraction < slot.pick.threshold
        let v = keeps ? slot.pick.target : slot.pick.alias
        let code = keeps ? slot.codes & 0xFFFF : slot.codes >> 16
        let random = draws.next()
        let bit: UInt64 = 1 << UInt64(v & 63)
        let word = run.bits[Int(v >> 6)]
        run.bits[Int(v >> 6)] = word | bit
        let new = word & bit == 0
        // The uniform is below (random >> 49 + 1) / 2¹⁵ ≤ the chance of no hit.
        let settled = code >= 0x8000 && random >> 49 < UInt64(code & 0x7FFF)
        run.queue[tail] = v
        run.uniforms[tail] = random
        run.queue[back] = v
        tail &+= new && !settled ? 1 : 0
        let count = new && settled ? 1 : 0
        back &-= count
        reached &+= count
    }

    /// Queues a hit on `slots[slot]` and prefetches the slot, first resolving the
    /// oldest hit if the ring is full.
    @inline(__always)
    private static func throwHit(_ slot: Int, fraction: UInt32, _ run: RunState, hitHead: inout Int, hitTail: inout Int,
                                 slots: UnsafeBufferPointer<Slot>, draws: inout WyRand,
                                 tail: inout Int, back: inout Int, reached: inout Int) {
        if hitTail &- hitHead == hitDepth {
            resolve(run, hitHead: &hitHead, slots: slots, draws: &draws, tail: &tail, back: &back, reached: &reached)
        }
        run.hits[hitTail & (hitDepth - 1)] = Hit(slot: slot, fraction: fraction)
        hitTail &+= 1
        slots.prefetch(slot)
    }
}
