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
/// Downlines (`ReferralDownline`) run on one core beside the tiered credit, the forest
/// and the direct referral counts, which share the others; they are independent, so
/// this changes no result.
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
        // Downlines take most of the time and run alone on one core, beside the rest.
        let ((revenue, forest, direct), (downline, walks)) = ParallelFor.both(threads: threads, {
            let (revenue, forest) = creditAndForest(on: graph, threads: max(1, threads - 1))
            return (revenue, forest, ReferralDownline.directReferrals(graph.referrals, window: window))
        }, {
            ReferralDownline.downlines(graph: graph, window: window)
        })
        let counts = ReferralDownline(directReferrals: direct, downline: downline, walks: walks)
        return AttributionResult(attributedRevenue: revenue, forest: forest, counts: counts)
    }

    /// `run(on:).attributedRevenue` alone, on every thread, without the downline
    /// counts that take most of a full run or the forest's depths and roots: what
    /// the advocate score's referral component reads. The same bits as the full run.
    ///
    /// - Complexity: O(V + R · tiers).
    func attributedRevenue(on graph: CustomerGraph) -> [Double] {
        let credit = CreditParents(graph: graph, touch: touch, window: window, threads: threads)
        let cycles = touch == .linear ? nil : ReferralForest.ringMembers(of: credit, threads: threads)
        return Self.tieredCredit(credit, weights: tierWeights, threads: threads, cycles: cycles)
    }

    /// Attributed revenue and the referral forest it was found in.
    private func creditAndForest(on graph: CustomerGraph, threads: Int) -> (revenue: [Double], forest: ReferralForest) {
        let credit = CreditParents(graph: graph, touch: touch, window: window, threads: threads)
        let forest = ReferralForest(credit)
        // With one credit parent each, only ring members lie on or above a cycle of
        // credit parents (a ring member's parent is the next member), and the forest
        // has found them.
        let cycles = touch == .linear ? nil : forest.onRing
        return (Self.tieredCredit(credit, weights: tierWeights, threads: threads, cycles: cycles), forest)
    }

    /// `weights` by tier, from 0 (unused) to `tiers`.
    private var tierWeights: [Double] { (0...tiers).map { weights.weight(tier: $0) } }

    /// Credit per customer; `w[t]` is the weight of tier `t` for `t` in `1...tiers` (`w[0]` unused).
    ///
    /// On one thread each tier is a scatter along the parent rows (each referee adds its
    /// outgoing mass to its parents); on more, a gather over a children CSR built for
    /// the purpose, split into chunks. Both add a parent's contributions in referee
    /// order, starting from 0, so they give the same bits. `cycles`, when known, marks
    /// the customers on or above a cycle of credit parents; otherwise they are peeled.
    static func tieredCredit(_ credit: CreditParents, weights w: [Double], threads: Int, cycles: [Bool]? = nil) -> [Double] {
        let n = credit.customerCount
        let tiers = w.count - 1
        let gather = threads > 1
        // Fresh pages are the largest cost here (about 1 ms per MB on this kind of
        // machine), so the tier arrays are allocated first and, until the tiers start,
        // lend their memory to the peel's child counts (`mass`) and queue (`outgoing`).
        var mass = uninitializedArray(Double.self, count: n)
        var outgoing = uninitializedArray(Double.self, count: n)
        let (childOffsets, children) = gather ? Self.creditChildren(credit, threads: threads) : ([], [])
        let cyclic: [Bool]
        if let cycles {
            cyclic = cycles
        } else {
            var peeled = filledArray(Bool(false), count: n, threads: threads)
            Self.markOnOrAboveCycles(credit, mass: &mass, outgoing: &outgoing, into: &peeled)
            cyclic = peeled
        }

        var result = filledArray(Double(0), count: n, threads: threads)
        // Masses arriving at cyclic customers per tier, for their explicit walks.
        var cyclicList: [Int] = []
        for u in 0..<n where cyclic[u] { cyclicList.append(u) }
        var arriving = filledArray(Double(0), count: cyclicList.count * (tiers + 1))
        for (i, c) in cyclicList.enumerated() { arriving[i * (tiers + 1)] = credit.value[c] }

        let bounds = gather ? ParallelFor.edgeBalancedBoundaries(offsets: childOffsets,
                                                                 parts: ParallelFor.chunkCount(forWork: n + childOffsets[n])) : []
        let even = ParallelFor.evenBoundaries(count: n, parts: ParallelFor.chunkCount(forWork: n))
        Self.withUnsafeHandle(credit: credit, cyclic: cyclic, mass: &mass, outgoing: &outgoing,
                              childOffsets: childOffsets, children: children, result: &result) { handle in
            // B_t: path sums arriving at each customer at tier t, starting from the values.
            handle.startMass()
            for t in 1...tiers {
                if gather {
                    ParallelFor.run(chunks: even.count - 1, threads: threads) { chunk in
                        handle.prepareGather(even[chunk] ..< even[chunk + 1])
                    }
                    ParallelFor.run(chunks: bounds.count - 1, threads: threads) { chunk in
                        handle.gather(bounds[chunk] ..< bounds[chunk + 1], weight: w[t])
                    }
                } else {
                    handle.scatter(weight: w[t])
                }
                for (i, c) in cyclicList.enumerated() { arriving[i * (tiers + 1) + t] = handle.mass[c] }
            }
        }
        if !cyclicList.isEmpty {
            Self.walkFromCyclic(cyclicList, arriving: arriving, credit: credit, weights: w, into: &result)
        }
        return result
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
        credit.withParentRows { rows in
            for (i, c) in cyclicList.enumerated() {
                let base = i * (tiers + 1)
                nodes.removeAll(keepingCapacity: true); cursor.removeAll(keepingCapacity: true)
                product.removeAll(keepingCapacity: true)
                nodes.append(c); cursor.append(rows.range(of: c).lowerBound); product.append(1)
                onPath[c] = true
                // Tier 0 at c itself: mass that arrived at c from below.
                var own = 0.0
                for s in 1...tiers { own += arriving[base + s] * w[s] }
                result[c] += own
                while let x = nodes.last {
                    let k = nodes.count - 1
                    let e = cursor[k]
                    guard k < tiers, e < rows.range(of: x).upperBound else {
                        onPath[x] = false
                        nodes.removeLast(); cursor.removeLast(); product.removeLast()
                        continue
                    }
                    cursor[k] = e + 1
                    let p = Int(rows.targets[e])
                    if onPath[p] { continue }
                    let hop = k + 1
                    let factor = product[k] * rows.share(of: x)
                    var gain = 0.0
                    for s in 0 ... tiers - hop { gain += arriving[base + s] * w[s + hop] }
                    result[p] += factor * gain
                    onPath[p] = true
                    nodes.append(p); cursor.append(rows.range(of: p).lowerBound); product.append(factor)
                }
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
