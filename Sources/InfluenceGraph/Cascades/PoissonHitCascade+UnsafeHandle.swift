extension PoissonHitCascade {
    /// The memory of one run: the kernel's tables, read, and the run's scratch,
    /// written. Its methods are the run's loops; it is made, and valid, only inside
    /// `cascade(scratch:seed:)`.
    struct UnsafeHandle {
        let gates: UnsafeBufferPointer<Gate>
        let records: UnsafeBufferPointer<Record>
        let slots: UnsafeBufferPointer<Slot>
        /// Queued customers from the front; customers settled at once (see
        /// `Slot.code(of:)`) from the back.
        let active: ActiveSet.UnsafeHandle
        /// The random bits of each queued customer, by queue position.
        let uniforms: UnsafeMutableBufferPointer<UInt64>
        let pending: UnsafeMutableBufferPointer<Pending>
        let hits: UnsafeMutableBufferPointer<Hit>

        /// One cascade from `seeds` drawing from `seed`'s stream (see
        /// `PoissonHitCascade.simulate`); returns the customers reached other than
        /// seeds and excluded, and leaves the active set clear.
        @inline(__always)
        func cascade(from seeds: [Int], seed: UInt64) -> Int {
            var draws = WyRand(seed: seed)
            let queue = active.queue
            var tail = 0
            for s in seeds {
                uniforms[tail] = draws.next()
                active.insert(s, tail: &tail)
            }
            var back = active.emptyBack
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
                    resolve(hitHead: &hitHead, draws: &draws, tail: &tail, back: &back, reached: &reached)
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
                            throwHit(slot, fraction: 0, hitHead: &hitHead, hitTail: &hitTail, draws: &draws, tail: &tail, back: &back, reached: &reached)
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
                            throwHit(table &+ index, fraction: fraction, hitHead: &hitHead, hitTail: &hitTail, draws: &draws, tail: &tail, back: &back, reached: &reached)
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
                                    throwHit(table &+ index, fraction: fraction, hitHead: &hitHead, hitTail: &hitTail, draws: &draws, tail: &tail, back: &back, reached: &reached)
                                    thrown = true
                                }
                            }
                        } while !thrown && !certain
                    }
                }
            }
            active.clear(front: tail, back: back)
            return reached
        }

        /// Reads the oldest hit's slot and activates its follower unless active: counted
        /// at once when its code settles it, queued with its uniform otherwise.
        @inline(__always)
        func resolve(hitHead: inout Int, draws: inout WyRand, tail: inout Int, back: inout Int, reached: inout Int) {
            let hit = hits[hitHead & (hitDepth - 1)]
            hitHead &+= 1
            let slot = slots[hit.slot]
            let keeps = hit.fraction < slot.pick.threshold
            let v = keeps ? slot.pick.target : slot.pick.alias
            let code = keeps ? slot.codes & 0xFFFF : slot.codes >> 16
            let random = draws.next()
            // The uniform is below (random >> 49 + 1) / 2¹⁵ ≤ the chance of no hit.
            let settled = code >= 0x8000 && random >> 49 < UInt64(code & 0x7FFF)
            uniforms[tail] = random
            reached &+= active.insert(v, settled: settled, tail: &tail, back: &back)
        }

        /// Queues a hit on `slots[slot]` and prefetches the slot, first resolving the
        /// oldest hit if the ring is full.
        @inline(__always)
        func throwHit(_ slot: Int, fraction: UInt32, hitHead: inout Int, hitTail: inout Int,
                      draws: inout WyRand, tail: inout Int, back: inout Int, reached: inout Int) {
            if hitTail &- hitHead == hitDepth {
                resolve(hitHead: &hitHead, draws: &draws, tail: &tail, back: &back, reached: &reached)
            }
            hits[hitTail & (hitDepth - 1)] = Hit(slot: slot, fraction: fraction)
            hitTail &+= 1
            slots.prefetch(slot)
        }
    }

    /// The record of `customer`.
    ///
    /// - Complexity: O(1).
    func record(of customer: Int) -> Record {
        precondition(customer >= 0 && customer < gates.count, "customer out of range")
        return withExtendedLifetime(recordMemory) { recordMemory.buffer(at: 0, count: gates.count, as: Record.self)[customer] }
    }

    /// One cascade (see `simulate`) on a handle opened here on the tables and
    /// `scratch`. The handle is made where the buffers are opened and its loop inlined
    /// there, so the loop keeps its pointers in registers instead of reading them
    /// through a handle passed to a closure.
    func cascade(scratch: inout Scratch, seed: UInt64) -> Int {
        let seeds = seeds
        return withExtendedLifetime(recordMemory) {
            let records = UnsafeBufferPointer(recordMemory.buffer(at: 0, count: gates.count, as: Record.self))
            return gates.withUnsafeBufferPointer { gates in
            slots.withUnsafeBufferPointer { slots in
            scratch.active.withUnsafeHandle { active in
            scratch.uniforms.withUnsafeMutableBufferPointer { uniforms in
            scratch.pending.withUnsafeMutableBufferPointer { pending in
            scratch.hits.withUnsafeMutableBufferPointer { hits in
                UnsafeHandle(gates: gates, records: records, slots: slots, active: active,
                             uniforms: uniforms, pending: pending, hits: hits)
                    .cascade(from: seeds, seed: seed)
            }}}}}}
        }
    }
}

extension PoissonHitCascade {
    /// The memory of building the tables: the graph's follower lists, the customers
    /// grouped by root, their hazards, and the records, gates, slots and codes being
    /// written. Its methods are the build's loops; it is valid only inside
    /// `withUnsafeTableHandle`.
    struct UnsafeTableHandle {
        let followerOffsets: UnsafeBufferPointer<Int>
        let followers: UnsafeBufferPointer<UInt32>
        let hazards: UnsafeBufferPointer<Double>
        let root: UnsafeBufferPointer<Int32>
        /// The customers grouped by root.
        let members: UnsafeBufferPointer<UInt32>
        let records: UnsafeMutableBufferPointer<Record>
        let gates: UnsafeMutableBufferPointer<Gate>
        let slots: UnsafeMutableBufferPointer<Slot>
        /// Every customer's code (`Slot.code(of:)`), once its gate is written.
        let codes: UnsafeMutableBufferPointer<UInt32>

        /// Writes the records, gates and slots of the customers `nodes`; `memberOffsets`
        /// and `slotOffsets` give each root's members and its share of the slots, and a
        /// root's weight leaves out the customers in `notCounted`.
        func writeTables(_ nodes: Range<Int>, memberOffsets: [Int], slotOffsets: [Int], seeds isSeed: Bitmap, notCounted: Bitmap) {
            // Locals, not fields: the loop keeps them in registers.
            let fo = followerOffsets, ft = followers, hazards = hazards, root = root, members = members
            let records = records, gates = gates, slots = slots
            var widest = 0
            for r in nodes { widest = max(widest, slotOffsets[r + 1] - slotOffsets[r]) }
            TableScratch.withScratch(width: widest) { table in
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
        }

        /// Writes every customer's code from its gate.
        func writeCodeTable() {
            for r in 0..<gates.count { codes[r] = Slot.code(of: gates[r]) }
        }

        /// Writes the codes of the followers in the slots of the customers `nodes`.
        func writeCodes(_ nodes: Range<Int>) {
            let records = records, slots = slots, codes = codes
            for r in nodes {
                let record = records[r]
                for i in record.start ..< record.start + Int(record.certain) + Int(record.aliased) {
                    let pick = slots[i].pick
                    slots[i].codes = codes[Int(pick.target)] | codes[Int(pick.alias)] << 16
                }
            }
        }
    }

    /// Calls `body` with a handle that builds the tables of `graph`'s followers into
    /// `recordMemory`, `gates`, `slots` and `codes`.
    static func withUnsafeTableHandle<R>(followers: CSR, hazards: [Double], root: [Int32], members: [UInt32],
                                         recordMemory: ScratchBuffer, gates: inout [Gate], slots: inout [Slot], codes: inout [UInt32],
                                         _ body: (UnsafeTableHandle) -> R) -> R {
        withExtendedLifetime(recordMemory) {
            let records = recordMemory.buffer(at: 0, count: gates.count, as: Record.self)
            return followers.offsets.withUnsafeBufferPointer { followerOffsets in
            followers.targets.withUnsafeBufferPointer { followers in
            hazards.withUnsafeBufferPointer { hazards in
            root.withUnsafeBufferPointer { root in
            members.withUnsafeBufferPointer { members in
            gates.withUnsafeMutableBufferPointer { gates in
            slots.withUnsafeMutableBufferPointer { slots in
            codes.withUnsafeMutableBufferPointer { codes in
                body(UnsafeTableHandle(followerOffsets: followerOffsets, followers: followers, hazards: hazards, root: root,
                                       members: members, records: records, gates: gates, slots: slots, codes: codes))
            }}}}}}}}
        }
    }

    /// Scratch for writing one alias table of up to `width` slots; valid only inside
    /// `withScratch`.
    struct TableScratch {
        let weights: UnsafeMutableBufferPointer<Double>
        let targets: UnsafeMutableBufferPointer<UInt32>
        let small: UnsafeMutableBufferPointer<Int32>
        let large: UnsafeMutableBufferPointer<Int32>
        let picks: UnsafeMutableBufferPointer<AliasTable.Slot>

        /// Calls `body` with scratch for tables of up to `width` slots.
        static func withScratch<R>(width: Int, _ body: (TableScratch) -> R) -> R {
            let buffer = ScratchBuffer(byteCount: width * 32)
            return withExtendedLifetime(buffer) {
                body(TableScratch(weights: buffer.buffer(at: 0, count: width, as: Double.self),
                                  targets: buffer.buffer(at: width * 8, count: width, as: UInt32.self),
                                  small: buffer.buffer(at: width * 12, count: width, as: Int32.self),
                                  large: buffer.buffer(at: width * 16, count: width, as: Int32.self),
                                  picks: buffer.buffer(at: width * 20, count: width, as: AliasTable.Slot.self)))
            }
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
