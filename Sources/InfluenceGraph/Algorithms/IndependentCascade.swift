/// Independent cascades (IC and WC), one run at a time, jumping from one firing
/// follower edge to the next instead of drawing for every edge.
///
/// When customer u activates, its follower edges fire independently, edge e with
/// probability pₑ. Write hₑ = −ln(1 − pₑ) (the edge's hazard) and Hₑ for the sum of
/// the hazards of u's edges up to and including e. For X exponential with mean 1,
/// P(X ≥ Hₑ) = ∏(1 − pₑ'), the chance that no edge up to e fires, so the first edge
/// to fire is the first e with Hₑ > X; from there the edges after it are
/// independent again, and the next one to fire is the first e' with Hₑ' > Hₑ + X'.
/// A run therefore draws once per firing edge plus once per activated customer, not
/// once per edge: under the weighted cascade from the 50 most-followed accounts of
/// the R-MAT 20 graph, about 0.26 million draws instead of 3.7 million edge trials.
/// The draws are exponentials from a ziggurat (`ExponentialZiggurat`), so most cost a
/// table lookup and a multiplication rather than a logarithm; whether any of u's edges
/// fires at all is the first draw against u's total hazard, precomputed per customer.
struct IndependentCascade: Sendable {
    let followers: CSR
    /// `prefixHazard[e]`: the hazard of the follower edges of `e`'s source up to and
    /// including `e`. Empty when every edge has the same hazard.
    let prefixHazard: [Double]
    /// The hazard of every edge when it is the same for all (the independent cascade).
    let uniformHazard: Double
    /// Per customer: the sum of its follower edges' hazards; none fires with
    /// probability e^(−total).
    let totalHazard: [Double]
    let excluded: [UInt64]?

    /// A hazard at which an edge always fires: larger than the largest exponential
    /// draw (44.4, see `ExponentialZiggurat`), so a certain edge is never skipped.
    static let certainHazard = 64.0

    /// The independent cascade: every follower edge fires with probability `p`.
    ///
    /// - Complexity: O(V) time, 8·V bytes.
    init(graph: CustomerGraph, uniform p: Double, excluded: Bitmap?) {
        followers = graph.follows.followers
        self.excluded = excluded?.words
        let h = Self.hazard(p)
        let offsets = followers.offsets
        uniformHazard = h
        prefixHazard = []
        totalHazard = (0 ..< graph.customerCount).map { u in h * Double(offsets[u + 1] - offsets[u]) }
    }

    /// The edge to follower `v` fires with `probability(v)`.
    ///
    /// - Complexity: O(V + E) time, 8·(V + E) bytes.
    init(graph: CustomerGraph, probability: (Int) -> Double, excluded: Bitmap?) {
        let n = graph.customerCount
        followers = graph.follows.followers
        self.excluded = excluded?.words
        uniformHazard = 0
        let offsets = followers.offsets
        let perCustomer = (0..<n).map { Self.hazard(probability($0)) }
        var prefix = uninitializedArray(Double.self, count: followers.targets.count)
        var totalHazard = uninitializedArray(Double.self, count: n)
        followers.targets.withUnsafeBufferPointer { ft in
            for u in 0..<n {
                var total = 0.0
                for e in offsets[u] ..< offsets[u + 1] {
                    total += perCustomer[Int(ft[e])]
                    prefix[e] = total
                }
                totalHazard[u] = total
            }
        }
        prefixHazard = prefix
        self.totalHazard = totalHazard
    }

    /// −ln(1 − p) for p clamped to [0, 1] (NaN counts as 0), at most `certainHazard`.
    static func hazard(_ p: Double) -> Double {
        let p = p.isNaN ? 0 : min(1, max(0, p))
        return p >= 1 ? certainHazard : min(certainHazard, -PortableMath.log(1 - p))
    }

    /// Per-thread state, reused across runs: a run clears the bits it set from its queue.
    struct Scratch {
        /// One bit per customer, set while active: at 1 bit per customer the set stays
        /// in cache, which matters because every firing edge reads it at random.
        var active: [UInt64]
        var queue: [UInt32]
        /// Customers with a firing edge whose edges are not walked yet (a ring).
        var pending: [Pending]
        /// Firing edges whose follower is not read yet (a ring).
        var fired: [Int]

        init(count: Int) {
            active = [UInt64](repeating: 0, count: (count + 63) / 64)
            queue = uninitializedArray(UInt32.self, count: max(count, 1))
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

    /// How many queued customers ahead the total hazards and edge offsets are prefetched,
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
    /// - Complexity: O(A + F) expected, for A activated customers and F firing edges
    ///   (each found by a galloping search over the prefix hazards), no allocation.
    func simulate(seeds: [Int], scratch: inout Scratch, rng: inout SplitMix64) -> Int {
        followers.offsets.withUnsafeBufferPointer { fo in
        followers.targets.withUnsafeBufferPointer { ft in
        prefixHazard.withUnsafeBufferPointer { prefix in
        totalHazard.withUnsafeBufferPointer { totalHazard in
        ExponentialZiggurat.shared.withTables { exponential in
        scratch.active.withUnsafeMutableBufferPointer { bits in
        scratch.queue.withUnsafeMutableBufferPointer { queue in
        scratch.pending.withUnsafeMutableBufferPointer { pending in
        scratch.fired.withUnsafeMutableBufferPointer { firedEdges in
            let uniform = prefix.isEmpty
            let h = uniformHazard
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
                let bit: UInt64 = 1 << UInt64(v & 63)
                if bits[v >> 6] & bit == 0 {
                    bits[v >> 6] |= bit
                    queue[tail] = UInt32(truncatingIfNeeded: v)
                    tail += 1
                }
            }
            while true {
                if head < tail && pendingTail - pendingHead < Self.pendingDepth {
                    if head + Self.lookahead < tail {
                        let w = Int(queue[head + Self.lookahead])
                        totalHazard.prefetch(w)
                        fo.prefetch(w)
                    }
                    let u = Int(queue[head])
                    head += 1
                    // The first firing edge is the first past an exponential; none past the total.
                    let x = exponential.next(&rng)
                    if x >= totalHazard[u] { continue }
                    let start = fo[u], end = fo[u + 1]
                    pending[pendingTail & mask] = Pending(start: start, end: end, hazard: x)
                    pendingTail += 1
                    ft.prefetch(start)
                    if !uniform { prefix.prefetch(start) }
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
                    // The first edge at or after e whose prefix hazard exceeds x.
                    if uniform {
                        // Edge start + k is the first with h·(k + 1) > x.
                        let k = (x / h).rounded(.down)
                        e = k < Double(end - start) ? max(e, start + Int(k)) : end
                    } else {
                        e = Self.firstAbove(x, in: prefix, from: e, to: end)
                    }
                    if e >= end { break }
                    if firedTail - firedHead == Self.firedDepth {
                        activate(firedEdges[firedHead & firedMask])
                        firedHead += 1
                    }
                    firedEdges[firedTail & firedMask] = e
                    firedTail += 1
                    ft.prefetch(e)
                    // From edge e on, the next firing edge is the first past cumulative hazard Hₑ + X'.
                    let fired = uniform ? h * Double(e - start + 1) : prefix[e]
                    x = fired + exponential.next(&rng)
                    e += 1
                }
            }
            let reached = countReached(UnsafeBufferPointer(rebasing: queue[0..<tail]), seeds: seeds.count, excluded: excluded)
            for i in 0..<tail { let v = Int(queue[i]); bits[v >> 6] = 0 }
            return reached
        }}}}}}}}}
    }

    /// The first index in `from..<to` whose value exceeds `x`, or `to`; `values` is
    /// non-decreasing over the range. Compares the next 16 values at once (where most
    /// answers lie, because the next firing edge is usually near), then gallops.
    ///
    /// - Complexity: O(1 + log d) for the distance d to the answer.
    @inline(__always)
    static func firstAbove(_ x: Double, in values: UnsafeBufferPointer<Double>, from: Int, to: Int) -> Int {
        var from = from
        if to - from >= 16, let base = values.baseAddress {
            // The next 16 values at once: those ≤ x form a prefix, so their count is
            // the answer's offset, found without a branch per value.
            let window = UnsafeRawPointer(base + from)
            let limit = SIMD4<Double>(repeating: x)
            var count = SIMD4<Int64>.zero
            for k in 0..<4 {
                let v = window.loadUnaligned(fromByteOffset: 32 * k, as: SIMD4<Double>.self)
                count &+= SIMD4<Int64>.zero.replacing(with: 1, where: v .<= limit)
            }
            let below = Int(count.wrappedSum())
            if below < 16 { return from + below }
            from += 16
        }
        var low = from
        var step = 1
        var high = from
        // Invariant: every index below `low` holds a value ≤ x.
        while high < to && values[high] <= x {
            low = high + 1
            high = from + step
            step &<<= 1
        }
        if high > to { high = to }
        // Answer in low...high: a binary search whose steps are arithmetic, not
        // branches, because which way it goes is a coin toss the predictor would lose.
        var length = high - low
        while length > 0 {
            let half = length >> 1
            let right = values[low + half] <= x ? 1 : 0
            low &+= right &* (half &+ 1)
            length = half &+ right &* (length &- 2 &* half &- 1)
        }
        return low
    }
}
