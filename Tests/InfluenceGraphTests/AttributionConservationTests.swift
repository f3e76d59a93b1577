import Testing
@testable import InfluenceGraph

/// Cross-checks against `ReferenceAttribution` on random referral graphs: forests,
/// DAGs with several referrers per referee, graphs with rings, and DAGs whose few
/// referrers each hold many rows, repeats among them (past the small-list shortcuts).
@Suite struct AttributionConservationTests {
    enum Shape: CaseIterable { case forest, dag, cyclic, hubs }

    static func randomRows(_ shape: Shape, customers n: Int, seed: UInt64) -> ReferenceAttribution {
        var rng = SplitMix64(seed: seed)
        func below(_ k: Int) -> Int { Int(rng.next() % UInt64(k)) }
        var rows: [ReferenceAttribution.Row] = []
        for v in 1..<n {
            let referrers = shape == .forest ? (below(5) == 0 ? 0 : 1) : below(4)
            for _ in 0..<referrers {
                var p = shape == .hubs ? below(min(v, 4)) : below(v)
                if shape == .cyclic && below(6) == 0 { p = below(n) }
                if p == v { continue }
                let time: Int64? = below(8) == 0 ? nil : Int64(below(50))
                let revenue: Double? = below(5) == 0 ? nil : Double(below(1000)) / 4
                rows.append(.init(referrer: p, referee: v, time: time, revenue: revenue))
            }
        }
        rows.shuffle(using: &rng)
        let spend = (0..<n).map { _ in Double(below(400)) / 8 }
        return ReferenceAttribution(customerCount: n, rows: rows, spend: spend)
    }

    static func close(_ a: Double, _ b: Double) -> Bool { abs(a - b) <= 1e-9 * max(1, abs(a), abs(b)) }

    @Test(arguments: Shape.allCases)
    func creditMatchesPathEnumeration(shape: Shape) {
        for seed in UInt64(1)...12 {
            let reference = Self.randomRows(shape, customers: 40, seed: seed &* 7919)
            let graph = reference.graph()
            for touch in TouchRule.allCases {
                let tiers = Int(seed % 4) + 1
                let weights: TierWeights = seed % 2 == 0 ? .decay(0.5) : .explicit([1, 0.3, 0.1, 0.05])
                let window = seed % 3 == 0 ? ReferralWindow(since: 10, until: 40) : .all
                let result = ReferralAttribution(tiers: tiers, weights: weights, touch: touch, window: window,
                                                 threads: Int(seed % 2) + 1).run(on: graph)
                let expected = reference.credit(tiers: tiers, weights: weights, touch: touch, window: window)
                for v in 0..<graph.customerCount {
                    let i = Int(graph.customers.id(v))!
                    #expect(Self.close(result.attributedRevenue[v], expected[i]),
                            "seed \(seed) \(touch) customer \(i): \(result.attributedRevenue[v]) vs \(expected[i])")
                }
                #expect(Self.close(result.totalCredit, expected.reduce(0, +)))
            }
        }
    }

    @Test(arguments: Shape.allCases)
    func countsMatchReference(shape: Shape) {
        for seed in UInt64(1)...10 {
            let reference = Self.randomRows(shape, customers: 60, seed: seed &+ 1000)
            // Odd seeds list customers in a random order: downlines then peel instead of
            // taking customer order as it comes (see ReferralDownline).
            let graph = reference.graph(shuffle: seed % 2 == 1 ? seed : nil)
            for window in [ReferralWindow.all, ReferralWindow(since: 5, until: 30), ReferralWindow(until: 20)] {
                for touch in TouchRule.allCases {
                    let result = ReferralAttribution(touch: touch, window: window, threads: 2).run(on: graph)
                    for v in 0..<graph.customerCount {
                        let i = Int(graph.customers.id(v))!
                        #expect(Int(result.downline[v]) == reference.downline(of: i, window: window), "downline \(i)")
                        #expect(Int(result.directReferrals[v]) == reference.directReferrals(of: i, window: window))
                        let (depth, root) = reference.depthAndRoot(of: i, touch: touch, window: window)
                        #expect(Int(result.depth[v]) == depth, "depth \(i) seed \(seed) \(touch)")
                        #expect(graph.customers.id(Int(result.root[v])) == String(root), "root \(i)")
                    }
                }
            }
        }
    }

    /// 120 referrers, each referring every one of 240 referees whose tree parents are
    /// spread over the referrers, so that each referrer's set holds an interval per
    /// other referrer; above each referrer, one customer who referred only it, and
    /// whose count therefore reads that set back. About 28,000 intervals in all, more
    /// than the interval store starts with, so it grows while sets are still to be read.
    @Test func manyStoredIntervals() {
        let top = 120, bottom = 240
        var rows: [ReferenceAttribution.Row] = []
        for j in 0..<top { rows.append(.init(referrer: top + bottom + j, referee: j, time: nil, revenue: nil)) }
        for b in 0..<bottom {
            // The first row of each referee names its tree parent: a different referrer each time.
            for k in 0..<top { rows.append(.init(referrer: (b + k) % top, referee: top + b, time: nil, revenue: nil)) }
        }
        let n = 2 * top + bottom
        let reference = ReferenceAttribution(customerCount: n, rows: rows, spend: Array(repeating: 1, count: n))
        for shuffle in [nil, UInt64(7)] {
            let graph = reference.graph(shuffle: shuffle)
            let counts = ReferralDownline(graph: graph, window: .all)
            for v in 0..<n {
                let i = Int(graph.customers.id(v))!
                let expected = i < top ? bottom : i < top + bottom ? 0 : 1 + bottom
                #expect(Int(counts.downline[v]) == expected, "downline \(i)")
            }
        }
    }

    /// Up to 2 threads the tier sums scatter along parent rows; from 3 on they gather
    /// over a children CSR in chunks. Both must give the same bits.
    @Test(arguments: Shape.allCases)
    func resultsDoNotDependOnThreads(shape: Shape) {
        let graph = Self.randomRows(shape, customers: 3000, seed: 99).graph()
        for touch in TouchRule.allCases {
            let one = ReferralAttribution(touch: touch, threads: 1).run(on: graph)
            for threads in [2, 3, 4] {
                let many = ReferralAttribution(touch: touch, threads: threads).run(on: graph)
                #expect(one.attributedRevenue == many.attributedRevenue, "\(touch), \(threads) threads")
                #expect(one.downline == many.downline && one.depth == many.depth)
            }
        }
    }

    /// The children CSR of the gather, grouped in parallel chunks, lists each
    /// customer's credit children in referee order, as a walk over the parent rows
    /// does, under every touch rule and at any thread count.
    @Test func creditChildrenFollowTheParentRows() {
        let graph = Self.randomRows(.cyclic, customers: 50_000, seed: 5).graph()
        for touch in TouchRule.allCases {
            let credit = CreditParents(graph: graph, touch: touch)
            var expected = [[UInt32]](repeating: [], count: credit.customerCount)
            credit.withParentRows { rows in
                for v in 0 ..< credit.customerCount {
                    for e in rows.range(of: v) { expected[Int(rows.targets[e])].append(UInt32(v)) }
                }
            }
            #expect(expected.joined().count > 30_000)
            for threads in [1, 2, 5] {
                let built = ReferralAttribution.creditChildren(credit, threads: threads)
                let lists = (0 ..< credit.customerCount).map { Array(built.children[built.offsets[$0] ..< built.offsets[$0 + 1]]) }
                #expect(lists == expected, "\(touch), \(threads) threads")
            }
        }
    }

    /// Larger graphs, where interval sets grow long and merge many branches: every
    /// downline equals a plain breadth-first count.
    @Test(arguments: [Shape.dag, .cyclic])
    func downlinesOfLargerGraphsMatchReference(shape: Shape) {
        let reference = Self.randomRows(shape, customers: 600, seed: 4242)
        let graph = reference.graph()
        let result = ReferralAttribution(threads: 2).run(on: graph)
        var mismatches = 0
        for v in 0..<graph.customerCount {
            let i = Int(graph.customers.id(v))!
            if Int(result.downline[v]) != reference.downline(of: i, window: .all) { mismatches += 1 }
        }
        #expect(mismatches == 0)
    }

    /// Many tiny DAGs: small preorders make a referee's extra intervals adjacent to its
    /// own, so a set can be one interval that still reaches outside the referrer's subtree.
    @Test func downlinesOfTinyDAGsMatchReference() {
        var mismatches: [String] = []
        for seed in UInt64(1)...400 {
            let reference = Self.randomRows(.dag, customers: 7, seed: seed &* 31)
            let graph = reference.graph()
            let result = ReferralAttribution(threads: 1).run(on: graph)
            for v in 0..<graph.customerCount {
                let i = Int(graph.customers.id(v))!
                let expected = reference.downline(of: i, window: .all)
                if Int(result.downline[v]) != expected { mismatches.append("seed \(seed) customer \(i): \(result.downline[v]) vs \(expected)") }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(5))")
    }
}
