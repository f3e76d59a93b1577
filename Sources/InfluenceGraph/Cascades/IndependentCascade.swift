/// The independent cascade with one probability on every edge, one run at a time,
/// jumping from one firing follower edge to the next instead of drawing for every edge.
///
/// When customer u activates, each of its follower edges fires with probability p.
/// Write h = −ln(1 − p) (an edge's hazard). For X exponential with mean 1,
/// P(X ≥ (k + 1)·h) = (1 − p)^(k + 1), the chance that none of u's first k + 1 edges
/// fires, so the first edge to fire is edge ⌊X / h⌋; from there the edges after it are
/// independent again, and the next one to fire is another exponential further on. A
/// run therefore draws once per firing edge plus once per activated customer, not
/// once per edge, and reads the follower lists in order. The draws are exponentials
/// from a ziggurat (`ExponentialZiggurat`), mostly a table lookup and a
/// multiplication; whether any of u's edges fires at all is the first draw against
/// u's total hazard, its follower count times the edge hazard: the offsets read to find
/// its edges give it. (Per-follower probabilities, as in the weighted cascade, go
/// through `PoissonHitCascade`.)
struct IndependentCascade: Sendable {
    let followers: CSR
    /// The hazard of every edge.
    let uniformHazard: Double
    let excluded: [UInt64]?

    /// A hazard at which an edge always fires: larger than the largest exponential
    /// draw (44.4, see `ExponentialZiggurat`), so a certain edge is never skipped.
    static let certainHazard = 64.0

    /// The independent cascade: every follower edge fires with probability `p`.
    ///
    /// - Complexity: O(1).
    init(graph: CustomerGraph, uniform p: Double, excluded: Bitmap?) {
        followers = graph.follows.followers
        self.excluded = excluded?.words
        uniformHazard = Self.hazard(p)
    }

    /// −ln(1 − p) for p clamped to [0, 1] (NaN counts as 0), at most `certainHazard`.
    static func hazard(_ p: Double) -> Double {
        let p = p.isNaN ? 0 : min(1, max(0, p))
        return p >= 1 ? certainHazard : min(certainHazard, -PortableMath.log(1 - p))
    }

    /// Per-thread state, reused across runs.
    struct Scratch {
        var active: ActiveSet
        /// Customers with a firing edge whose edges are not walked yet (a ring).
        var pending: [Pending]
        /// Firing edges whose follower is not read yet (a ring).
        var fired: [Int]

        init(count: Int) {
            active = ActiveSet(count: count)
            pending = [Pending](repeating: Pending(start: 0, end: 0, hazard: 0), count: IndependentCascade.pendingDepth)
            fired = [Int](repeating: 0, count: IndependentCascade.firedDepth)
        }
    }

    /// A customer known to have a firing edge: its edge range and the cumulative hazard
    /// its first firing edge must exceed.
    struct Pending {
        var start: Int
        var end: Int
        var hazard: Double
    }

    /// How many queued customers ahead the edge offsets are prefetched,
    /// how many firing customers wait (their first edges prefetched) before their
    /// edges are walked, and how many firing edges wait (their follower prefetched)
    /// before the follower is activated. Each hides a memory latency behind other
    /// work; none changes the model, only the order in which draws are taken. The
    /// ring depths are powers of two (the rings index with a mask).
    static let lookahead = 16
    static let pendingDepth = 16
    static let firedDepth = 16

    /// One cascade; returns the customers reached other than seeds and excluded.
    ///
    /// Three stages, each a few steps behind the one before, so that memory reads
    /// overlap instead of waiting one after another: the first decides whether a
    /// queued customer has any firing edge (one draw against its total hazard) and
    /// prefetches the start of its edges; the second, `pendingDepth` firing customers
    /// later, walks them to their firing edges and prefetches each follower; the third,
    /// `firedDepth` edges later, activates the follower. The active set has the same
    /// distribution as walking each customer as it is dequeued, because in an
    /// independent cascade each activated customer's edges are drawn once, whatever
    /// the order.
    ///
    /// - Complexity: O(A + F) expected, for A activated customers and F firing edges,
    ///   no allocation.
    func simulate(seeds: [Int], scratch: inout Scratch, rng: inout SplitMix64) -> Int {
        followers.offsets.withUnsafeBufferPointer { fo in
        followers.targets.withUnsafeBufferPointer { ft in
        ExponentialZiggurat.shared.withTables { exponential in
        scratch.active.bits.withUnsafeMutableBufferPointer { bits in
        scratch.active.queue.withUnsafeMutableBufferPointer { queue in
        scratch.pending.withUnsafeMutableBufferPointer { pending in
        scratch.fired.withUnsafeMutableBufferPointer { firedEdges in
            let h = uniformHazard
            // The run's stream seeds the faster generator the kernel draws from.
            var draws = WyRand(seed: rng.next())
            var tail = 0
            for s in seeds {
                bits[s >> 6] |= 1 << UInt64(s & 63)
                queue[tail] = UInt32(truncatingIfNeeded: s)
                tail += 1
            }
            var head = 0
            var pendingHead = 0, pendingTail = 0
            let mask = Self.pendingDepth - 1
            var firedHead = 0, firedTail = 0
            let firedMask = Self.firedDepth - 1
            /// Activates the follower at the end of edge `e` unless already active.
            func activate(_ e: Int) {
                let v = Int(ft[e])
                ActiveSet.insert(v, bits: bits, queue: queue, tail: &tail)
            }
            while true {
                if head < tail && pendingTail - pendingHead < Self.pendingDepth {
                    if head + Self.lookahead < tail {
                        let w = Int(queue[head + Self.lookahead])
                        fo.prefetch(w)
                        fo.prefetch(w + 1)
                    }
                    let u = Int(queue[head])
                    head += 1
                    // The first firing edge is the first past an exponential; none past the total.
                    let x = exponential.next(&draws)
                    let start = fo[u], end = fo[u + 1]
                    if x >= h * Double(end - start) { continue }
                    pending[pendingTail & mask] = Pending(start: start, end: end, hazard: x)
                    pendingTail += 1
                    ft.prefetch(start)
                    continue
                }
                if pendingHead == pendingTail {
                    if firedHead == firedTail { break }
                    activate(firedEdges[firedHead & firedMask])
                    firedHead += 1
                    continue
                }
                let next = pending[pendingHead & mask]
                pendingHead += 1
                let start = next.start, end = next.end
                var x = next.hazard
                var e = start
                while true {
                    // The first edge at or after e past x: edge start + k is the first with h·(k + 1) > x.
                    let k = (x / h).rounded(.down)
                    e = k < Double(end - start) ? max(e, start + Int(k)) : end
                    if e >= end { break }
                    if firedTail - firedHead == Self.firedDepth {
                        activate(firedEdges[firedHead & firedMask])
                        firedHead += 1
                    }
                    firedEdges[firedTail & firedMask] = e
                    firedTail += 1
                    ft.prefetch(e)
                    // From edge e on, the next firing edge is the first past cumulative hazard Hₑ + X'.
                    x = h * Double(e - start + 1) + exponential.next(&draws)
                    e += 1
                }
            }
            let reached = countReached(UnsafeBufferPointer(rebasing: queue[0..<tail]), seeds: seeds.count, excluded: excluded)
            ActiveSet.clear(bits, queue: queue, count: tail)
            return reached
        }}}}}}}
    }
}
