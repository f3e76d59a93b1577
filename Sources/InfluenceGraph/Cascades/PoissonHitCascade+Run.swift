extension PoissonHitCascade {
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
