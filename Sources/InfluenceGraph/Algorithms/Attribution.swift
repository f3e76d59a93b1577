/// How much of a conversion's value each tier above it receives.
public enum TierWeights: Sendable, Equatable {
    /// Weight `d^(t-1)` at tier `t`: 1, d, d², … (`d ≥ 0`).
    case decay(Double)
    /// Explicit weights for tiers 1, 2, …; tiers past the list get 0.
    case explicit([Double])

    /// The weight of tier `t` (1-based).
    public func weight(tier t: Int) -> Double {
        switch self {
        case .decay(let d):
            var w = 1.0
            for _ in 1 ..< max(t, 1) { w *= d }
            return w
        case .explicit(let list):
            return t >= 1 && t <= list.count ? list[t - 1] : 0
        }
    }
}

/// Tiered referral attribution: every conversion's value flows up its credit parents'
/// chains, tier by tier.
///
/// The value of customer `r` (see `CreditParents`) flows up every path of credit
/// parents. An ancestor reached at tier `t` (1 for a credit parent, 2 for a parent's
/// parent, …, up to `tiers`) receives `value × w_t × ` the product of the shares along
/// the path. A path stops before it revisits a customer already on it, so no one is
/// credited for their own conversion and rings terminate. Credit is conserved: the total
/// equals the sum over referees of `value × Σ_paths w_t × shares`.
///
/// ```swift
/// let result = ReferralAttribution(tiers: 3, weights: .decay(0.5)).run(on: graph)
/// for c in result.top(10) { print(graph.customers.id(c), result.attributedRevenue[c]) }
/// ```
///
/// **Method.** Customers that lie on or above a cycle of credit parents are found by
/// peeling (repeatedly removing customers with no remaining credit children). For the
/// rest, path sums are propagated tier by tier: `B_{t+1}[u] = Σ_children share · B_t`,
/// a gather over a children CSR that runs in parallel over fixed chunks, or on one
/// thread a scatter along the parent rows that adds in the same order. Mass that
/// reaches a cyclic customer stops there and is carried on by an explicit upward walk
/// with a path-revisit check, which is exact because only customers on cycles can repeat
/// on a path.
///
/// Downlines (`ReferralDownline`) run on one core beside the tiered credit and the
/// forest, which share the others; they are independent, so this changes no result.
///
/// **Numeric policy.** Sums are in `Double`, gathered in customer order per tier; the
/// result does not depend on the thread count.
public struct ReferralAttribution: Sendable {
    /// The deepest tier credited (default 3: many jurisdictions cap multi-level rewards
    /// at three tiers). At least 1.
    public var tiers: Int
    /// Weights per tier (default `.decay(0.5)`: 1, 0.5, 0.25).
    public var weights: TierWeights
    /// Which rows earn credit (default `.first`).
    public var touch: TouchRule
    /// Which rows count (default: all).
    public var window: ReferralWindow
    /// Worker threads (default: all cores); results never depend on it.
    public var threads: Int

    /// A configuration; every parameter has the documented default.
    public init(tiers: Int = 3, weights: TierWeights = .decay(0.5), touch: TouchRule = .first,
                window: ReferralWindow = .all, threads: Int = Threads.available) {
        self.tiers = max(1, tiers)
        self.weights = weights
        self.touch = touch
        self.window = window
        self.threads = threads
    }

    /// Attributes every conversion of `graph`.
    ///
    /// - Complexity: O(V · tiers + E) plus, for customers on or above credit cycles, the
    ///   upward paths of at most `tiers` hops from them. Iterative at any depth.
    public func run(on graph: CustomerGraph) -> AttributionResult {
        let weights = (0...tiers).map { self.weights.weight(tier: $0) }
        // Downlines take most of the time and run alone on one core, beside the rest.
        let ((revenue, forest), counts) = ParallelFor.both(threads: threads, {
            let credit = CreditParents(graph: graph, touch: touch, window: window)
            return (Self.tieredCredit(credit, weights: weights, threads: max(1, threads - 1)), ReferralForest(credit))
        }, {
            ReferralDownline(graph: graph, window: window)
        })
        return AttributionResult(attributedRevenue: revenue, forest: forest, counts: counts)
    }

    /// Credit per customer; `w[t]` is the weight of tier `t` for `t` in `1...tiers` (`w[0]` unused).
    ///
    /// On one thread each tier is a scatter along the parent rows (each referee adds its
    /// outgoing mass to its parents); on more, a gather over a children CSR built for
    /// the purpose, split into chunks. Both add a parent's contributions in referee
    /// order, starting from 0, so they give the same bits.
    static func tieredCredit(_ credit: CreditParents, weights w: [Double], threads: Int) -> [Double] {
        let n = credit.customerCount
        let tiers = w.count - 1
        let parents = credit.parents
        // Credit children per parent, in referee order (count → prefix sum → scatter),
        // for the gather; the scatter needs only the counts.
        let gather = threads > 1
        var childCount = filledArray(UInt32(0), count: n)
        var childOffsets = gather ? filledArray(Int(0), count: n + 1) : []
        var children = gather ? uninitializedArray(UInt32.self, count: parents.edgeCount) : []
        parents.targets.withUnsafeBufferPointer { up in
        parents.offsets.withUnsafeBufferPointer { upOff in
        childCount.withUnsafeMutableBufferPointer { count in
        childOffsets.withUnsafeMutableBufferPointer { off in
        children.withUnsafeMutableBufferPointer { children in
            // Parents are scattered over the customers: each loop prefetches the counter
            // of the parent a few rows ahead, and the scatter also the slot it will fill.
            let rows = up.count
            for e in 0..<rows {
                if e + 16 < rows { count.prefetch(Int(up[e + 16])) }
                count[Int(up[e])] += 1
            }
            guard gather else { return }
            for u in 0..<n { off[u + 1] = off[u] + Int(count[u]) }
            for v in 0..<n {
                for e in upOff[v] ..< upOff[v + 1] {
                    if e + 16 < rows { off.prefetch(Int(up[e + 16])) }
                    if e + 8 < rows { children.prefetch(off[Int(up[e + 8])]) }
                    let p = Int(up[e])
                    children[off[p]] = UInt32(v)
                    off[p] += 1
                }
            }
            var u = n
            while u > 0 { off[u] = off[u - 1]; u -= 1 }
            off[0] = 0
        }}}}}
        let cyclic = Self.onOrAboveCycles(parents: parents, childCount: &childCount)

        var result = filledArray(Double(0), count: n)
        // B_t: path sums arriving at each customer at tier t. Copied into fresh huge pages
        // rather than by copy-on-write, which would fault 4 KiB pages one by one.
        var mass = uninitializedArray(Double.self, count: n)
        mass.withUnsafeMutableBufferPointer { mass in
        credit.value.withUnsafeBufferPointer { value in
            _ = mass.update(fromContentsOf: value)
        }}
        // Gather: share · B_t, 0 for cyclic customers. Scatter: B_{t+1} as it accumulates.
        var outgoing = uninitializedArray(Double.self, count: n)
        // Masses arriving at cyclic customers per tier, for their explicit walks.
        var cyclicList: [Int] = []
        for u in 0..<n where cyclic[u] { cyclicList.append(u) }
        var arriving = filledArray(Double(0), count: cyclicList.count * (tiers + 1))
        for (i, c) in cyclicList.enumerated() { arriving[i * (tiers + 1)] = credit.value[c] }

        let bounds = gather ? ParallelFor.edgeBalancedBoundaries(offsets: childOffsets,
                                                                 parts: ParallelFor.chunkCount(forWork: n + parents.edgeCount)) : []
        for t in 1...tiers {
            let wt = w[t]
            if gather {
                credit.share.withUnsafeBufferPointer { share in
                mass.withUnsafeBufferPointer { mass in
                cyclic.withUnsafeBufferPointer { cyclic in
                outgoing.withUnsafeMutableBufferPointer { out in
                    for v in 0..<n { out[v] = cyclic[v] ? 0 : share[v] * mass[v] }
                }}}}
                outgoing.withUnsafeBufferPointer { out in
                mass.withUnsafeMutableBufferPointer { mass in
                result.withUnsafeMutableBufferPointer { result in
                childOffsets.withUnsafeBufferPointer { off in
                children.withUnsafeBufferPointer { children in
                cyclic.withUnsafeBufferPointer { cyclic in
                    let shared = UncheckedSendable((mass, result))
                    ParallelFor.run(chunks: bounds.count - 1, threads: threads) { chunk in
                        let (mass, result) = shared.value
                        let last = off[bounds[chunk + 1]]
                        for u in bounds[chunk] ..< bounds[chunk + 1] {
                            var sum = 0.0
                            for e in off[u] ..< off[u + 1] {
                                // Children are scattered: start the read 16 rows ahead.
                                if e + 16 < last { out.prefetch(Int(children[e + 16])) }
                                sum += out[Int(children[e])]
                            }
                            mass[u] = sum
                            if !cyclic[u] { result[u] += wt * sum }
                        }
                    }
                }}}}}}
            } else {
                credit.share.withUnsafeBufferPointer { share in
                parents.targets.withUnsafeBufferPointer { up in
                parents.offsets.withUnsafeBufferPointer { upOff in
                cyclic.withUnsafeBufferPointer { cyclic in
                outgoing.withUnsafeMutableBufferPointer { next in
                mass.withUnsafeMutableBufferPointer { mass in
                result.withUnsafeMutableBufferPointer { result in
                    next.update(repeating: 0)
                    let rows = up.count
                    for v in 0..<n {
                        let o = cyclic[v] ? 0 : share[v] * mass[v]
                        for e in upOff[v] ..< upOff[v + 1] {
                            // Parents are scattered: start the update 16 rows ahead.
                            if e + 16 < rows { next.prefetch(Int(up[e + 16])) }
                            next[Int(up[e])] += o
                        }
                    }
                    for u in 0..<n {
                        mass[u] = next[u]
                        if !cyclic[u] { result[u] += wt * next[u] }
                    }
                }}}}}}}
            }
            for (i, c) in cyclicList.enumerated() { arriving[i * (tiers + 1) + t] = mass[c] }
        }
        if !cyclicList.isEmpty {
            Self.walkFromCyclic(cyclicList, arriving: arriving, credit: credit, weights: w, into: &result)
        }
        return result
    }

    /// Marks customers that are on a cycle of credit parents or above one: whatever is
    /// left after repeatedly removing customers with no remaining credit children.
    /// `childCount` holds each customer's number of credit children and is used up.
    ///
    /// - Complexity: O(V + E).
    static func onOrAboveCycles(parents: CSR, childCount: inout [UInt32]) -> [Bool] {
        let n = parents.nodeCount
        var left = filledArray(Bool(true), count: n)
        var queue = uninitializedArray(UInt32.self, count: n)
        parents.offsets.withUnsafeBufferPointer { upOff in
        parents.targets.withUnsafeBufferPointer { up in
        childCount.withUnsafeMutableBufferPointer { remaining in
        left.withUnsafeMutableBufferPointer { left in
        queue.withUnsafeMutableBufferPointer { queue in
            var head = 0, tail = 0
            for u in 0..<n where remaining[u] == 0 { queue[tail] = UInt32(u); tail += 1 }
            while head < tail {
                // The queue is scattered over the customers: prefetch a few entries ahead.
                if head + 16 < tail { let w = Int(queue[head + 16]); upOff.prefetch(w); left.prefetch(w) }
                if head + 8 < tail { up.prefetch(upOff[Int(queue[head + 8])]) }
                if head + 4 < tail, case let w = Int(queue[head + 4]), upOff[w] < upOff[w + 1] {
                    remaining.prefetch(Int(up[upOff[w]]))
                }
                let v = Int(queue[head]); head += 1
                left[v] = false
                for e in upOff[v] ..< upOff[v + 1] {
                    let p = Int(up[e])
                    remaining[p] -= 1
                    if remaining[p] == 0 { queue[tail] = UInt32(p); tail += 1 }
                }
            }
        }}}}}
        return left
    }

    /// Carries the mass that reached each cyclic customer `c` up every path from `c` of at
    /// most `tiers` hops, never revisiting a customer on the path. `arriving[c][s]` is the
    /// mass that reached `c` at tier `s` along acyclic customers (`s = 0`: `c`'s own value).
    static func walkFromCyclic(_ cyclicList: [Int], arriving: [Double], credit: CreditParents,
                               weights w: [Double], into result: inout [Double]) {
        let tiers = w.count - 1
        let n = credit.customerCount
        var onPath = filledArray(Bool(false), count: n)
        // Explicit DFS stack: customer, next parent edge to try, path product of shares.
        var nodes: [Int] = [], cursor: [Int] = [], product: [Double] = []
        let parents = credit.parents
        for (i, c) in cyclicList.enumerated() {
            let base = i * (tiers + 1)
            nodes.removeAll(keepingCapacity: true); cursor.removeAll(keepingCapacity: true)
            product.removeAll(keepingCapacity: true)
            nodes.append(c); cursor.append(parents.offsets[c]); product.append(1)
            onPath[c] = true
            // Tier 0 at c itself: mass that arrived at c from below.
            var own = 0.0
            for s in 1...tiers { own += arriving[base + s] * w[s] }
            result[c] += own
            while let x = nodes.last {
                let k = nodes.count - 1
                let e = cursor[k]
                guard k < tiers, e < parents.offsets[x + 1] else {
                    onPath[x] = false
                    nodes.removeLast(); cursor.removeLast(); product.removeLast()
                    continue
                }
                cursor[k] = e + 1
                let p = Int(parents.targets[e])
                if onPath[p] { continue }
                let hop = k + 1
                let factor = product[k] * credit.share[x]
                var gain = 0.0
                for s in 0 ... tiers - hop { gain += arriving[base + s] * w[s + hop] }
                result[p] += factor * gain
                onPath[p] = true
                nodes.append(p); cursor.append(parents.offsets[p]); product.append(factor)
            }
        }
    }
}

/// What `ReferralAttribution` found, per customer (all arrays indexed by customer).
public struct AttributionResult: Sendable {
    /// Credit received: the advocate score's referral component.
    public let attributedRevenue: [Double]
    /// Distinct referees on each customer's rows in the window.
    public let directReferrals: [UInt32]
    /// Distinct customers reachable downward through rows in the window, itself excluded.
    public let downline: [UInt32]
    /// Hops to the top of the customer's primary-parent chain (0 without a referrer).
    public let depth: [UInt32]
    /// The customer where that chain stops.
    public let root: [UInt32]
    /// The forest of primary parents, with chains and the credit parents used.
    public let forest: ReferralForest

    init(attributedRevenue: [Double], forest: ReferralForest, counts: ReferralDownline) {
        self.attributedRevenue = attributedRevenue
        self.forest = forest
        depth = forest.depth
        root = forest.root
        directReferrals = counts.directReferrals
        downline = counts.downline
    }

    /// The number of customers.
    public var customerCount: Int { attributedRevenue.count }

    /// Total credit paid out. - Complexity: O(V).
    public var totalCredit: Double { attributedRevenue.reduce(0, +) }

    /// All customers by attributed revenue, descending, ties in customer order.
    ///
    /// - Complexity: O(V log V).
    public func ranking() -> [Int] {
        let revenue = attributedRevenue
        return (0..<revenue.count).sorted { a, b in
            revenue[a] != revenue[b] ? revenue[a] > revenue[b] : a < b
        }
    }

    /// The first `k` customers of `ranking()`; `k == 0` or `k ≥ V` gives all.
    ///
    /// - Complexity: O(V log V).
    public func top(_ k: Int) -> [Int] {
        let all = ranking()
        return k <= 0 || k >= all.count ? all : Array(all[..<k])
    }
}
