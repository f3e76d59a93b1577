import Testing
@testable import InfluenceGraph

@Suite struct AttributionTests {
    /// A → B → C → D → F and A → E, with revenues on each row.
    static let forest = testGraph(referrals: [
        ReferralRow("A", "B", time: 100, revenue: 100),
        ReferralRow("B", "C", time: 200, revenue: 40),
        ReferralRow("C", "D", time: 300, revenue: 10),
        ReferralRow("A", "E", time: 400, revenue: 20),
        ReferralRow("D", "F", time: 500, revenue: 8),
    ], threads: 2)

    static func credit(_ graph: CustomerGraph, _ result: AttributionResult) -> [String: Double] {
        var out: [String: Double] = [:]
        for i in 0..<graph.customerCount { out[graph.customers.id(i)] = result.attributedRevenue[i] }
        return out
    }

    @Test func handMadeForestWithDecay() {
        let result = ReferralAttribution(tiers: 3, weights: .decay(0.5), threads: 2).run(on: Self.forest)
        let credit = Self.credit(Self.forest, result)
        // A: B (t1) 100 + E (t1) 20 + C (t2) 40·0.5 + D (t3) 10·0.25; F is at tier 4.
        #expect(credit == ["A": 142.5, "B": 47, "C": 14, "D": 8, "E": 0, "F": 0])
        let ids = (0..<6).map { Self.forest.customers.id($0) }
        #expect(ids == ["A", "B", "C", "D", "E", "F"])
        #expect(result.directReferrals == [2, 1, 1, 1, 0, 0])
        #expect(result.downline == [5, 3, 2, 1, 0, 0])
        #expect(result.depth == [0, 1, 2, 3, 1, 4])
        #expect(result.root == [0, 0, 0, 0, 0, 0])
        #expect(result.ranking() == [0, 1, 2, 3, 4, 5])
        #expect(result.top(2) == [0, 1])
    }

    @Test func handMadeForestWithTierWeights() {
        let result = ReferralAttribution(tiers: 3, weights: .explicit([1, 0.3, 0.1]), threads: 1).run(on: Self.forest)
        let credit = Self.credit(Self.forest, result)
        #expect(abs(credit["A"]! - 133) < 1e-12)
        #expect(abs(credit["B"]! - 43.8) < 1e-12)
        #expect(abs(credit["C"]! - 12.4) < 1e-12)
        #expect(credit["D"] == 8)
    }

    @Test func oneTierCreditsOnlyDirectReferrers() {
        let result = ReferralAttribution(tiers: 1, threads: 2).run(on: Self.forest)
        #expect(Self.credit(Self.forest, result) == ["A": 120, "B": 40, "C": 10, "D": 8, "E": 0, "F": 0])
    }

    /// X has three referrers: P1 at t=300 (30), P2 at t=100 (10), P3 at t=200 (20); G referred P1.
    static let threeReferrers = testGraph(referrals: [
        ReferralRow("G", "P1", time: 50, revenue: 5),
        ReferralRow("P1", "X", time: 300, revenue: 30),
        ReferralRow("P2", "X", time: 100, revenue: 10),
        ReferralRow("P3", "X", time: 200, revenue: 20),
    ], threads: 2)

    @Test(arguments: [TouchRule.first, .last, .linear])
    func touchRulesOnThreeReferrers(touch: TouchRule) {
        let graph = Self.threeReferrers
        let credit = Self.credit(graph, ReferralAttribution(touch: touch, threads: 2).run(on: graph))
        switch touch {
        case .first:
            #expect(credit == ["G": 5, "P1": 0, "X": 0, "P2": 10, "P3": 0])
        case .last:
            #expect(credit == ["G": 5 + 15, "P1": 30, "X": 0, "P2": 0, "P3": 0])
        case .linear:
            // Mean revenue 20, a third to each referrer; G gets P1's third at tier 2.
            #expect(abs(credit["P1"]! - 20.0 / 3) < 1e-12)
            #expect(abs(credit["P2"]! - 20.0 / 3) < 1e-12)
            #expect(abs(credit["P3"]! - 20.0 / 3) < 1e-12)
            #expect(abs(credit["G"]! - (5 + 20.0 / 3 * 0.5)) < 1e-12)
        }
    }

    /// The credit parents, shares and primary times behind each touch rule, read through
    /// the public API.
    @Test(arguments: [TouchRule.first, .last, .linear])
    func creditParentsAndSharesOnThreeReferrers(touch: TouchRule) {
        let graph = Self.threeReferrers
        let credit = CreditParents(graph: graph, touch: touch)
        func index(_ id: String) -> Int { graph.customers.index(of: id)! }
        let x = index("X")
        let expected: [String] = switch touch {
        case .first: ["P2"]
        case .last: ["P1"]
        case .linear: ["P1", "P2", "P3"]   // in order of first row
        }
        #expect(credit.parents(of: x) == expected.map(index))
        #expect(credit.share(of: x) == (touch == .linear ? 1.0 / 3 : 1))
        // The primary row: the earliest (linear: the earliest parent's), the latest under last touch.
        #expect(credit.primaryTime(of: x) == (touch == .last ? 300 : 100))
        #expect(credit.primaryTime(of: index("P1")) == 50 && credit.primaryTime(of: index("G")) == ReferralEdges.noTime)
        #expect(credit.parents(of: index("P1")) == [index("G")] && credit.share(of: index("P1")) == 1)
        #expect(credit.parents(of: index("G")).isEmpty && credit.share(of: index("G")) == 0)
    }

    @Test func touchTiesAndUntimedRows() {
        let graph = testGraph(referrals: [
            ReferralRow("Q1", "Y", time: 100, revenue: 1),
            ReferralRow("Q2", "Y", time: nil, revenue: 2),    // no time: counts as earliest
            ReferralRow("R1", "Z", time: 50, revenue: 3),
            ReferralRow("R2", "Z", time: 50, revenue: 4),     // same time: the earlier row wins
        ], threads: 1)
        let first = Self.credit(graph, ReferralAttribution(touch: .first, threads: 1).run(on: graph))
        #expect(first["Q2"] == 2 && first["Q1"] == 0 && first["R1"] == 3 && first["R2"] == 0)
        let last = Self.credit(graph, ReferralAttribution(touch: .last, threads: 1).run(on: graph))
        #expect(last["Q1"] == 1 && last["Q2"] == 0 && last["R1"] == 3 && last["R2"] == 0)
    }

    @Test func valueFallsBackToSpendThenZero() {
        let graph = testGraph(customers: [("A", 0), ("B", 70), ("C", 0)],
                                  referrals: [ReferralRow("A", "B"), ReferralRow("A", "C"), ReferralRow("C", "D")], threads: 1)
        let result = ReferralAttribution(threads: 1).run(on: graph)
        #expect(result.forest.credit.value == [0, 70, 0, 0])
        #expect(result.attributedRevenue == [70, 0, 0, 0])
    }

    @Test func ringTerminatesAndNeverCreditsItself() {
        let graph = testGraph(referrals: [
            ReferralRow("R1", "R2", time: 1, revenue: 10),
            ReferralRow("R2", "R3", time: 2, revenue: 10),
            ReferralRow("R3", "R1", time: 3, revenue: 10),
            ReferralRow("R1", "N", time: 4, revenue: 6),
        ], threads: 1)
        for tiers in [1, 3, 10] {
            let result = ReferralAttribution(tiers: tiers, threads: 2).run(on: graph)
            let credit = Self.credit(graph, result)
            // R1's value reaches R3 (tier 1) and R2 (tier 2), then the path would revisit R1.
            let ring = tiers == 1 ? 10.0 : 15.0
            let n: (Double, Double, Double) = tiers == 1 ? (6, 0, 0) : (6, 3, 1.5)  // N's 6 reaches R1, then R3, then R2
            #expect(credit["R1"] == ring + n.0)
            #expect(credit["R3"] == ring + n.1)
            #expect(credit["R2"] == ring + n.2)
            #expect(credit["N"] == 0)
        }
        let result = ReferralAttribution(threads: 1).run(on: graph)
        // The walk from R1 goes R1, R3, R2 and stops: depth 2, root R2.
        #expect(result.depth == [2, 2, 2, 3])
        #expect(result.root == [1, 2, 0, 1])
        #expect(result.downline == [3, 3, 3, 0])
        #expect(result.forest.onRing == [true, true, true, false])
    }

    /// The ring-only walk the advocate score uses finds the forest's ring members, on
    /// random referral forests where most walks run into rings, trees hang off them
    /// and rings of one to a few hundred members occur; a customer is on a ring when
    /// following its primary parents leads back to it. Chunks of 256 customers let
    /// the parallel walks meet in the middle of chains and rings.
    @Test(arguments: [1, 2, 3])
    func ringMembersAreTheForestsRings(seed: UInt64) {
        var rng = SplitMix64(seed: seed, stream: 11)
        let n = 3_000
        let rows: [ReferralRow] = (0 ..< n).compactMap { i in
            guard rng.next() % 40 != 0 else { return nil }
            // Mostly a referrer a little above (long chains, one ring round the whole
            // range), some just below (rings of a few), some anywhere.
            let r = rng.next() % 10
            let referrer = r < 7 ? (i + 1 + Int(rng.next() % 300)) % n
                : r < 9 ? (i + n - 1 - Int(rng.next() % 3)) % n : Int(rng.next() % UInt64(n))
            return ReferralRow("C\(referrer)", "C\(i)", time: Int64(rng.next() % 1_000), revenue: 1)
        }
        let graph = testGraph(referrals: rows, threads: 1)
        let credit = CreditParents(graph: graph, touch: .first)
        let rings = ReferralForest.ringMembers(of: credit)
        let up = credit.primary.map { $0 == CreditParents.none ? -1 : Int($0) }
        let reference = (0 ..< graph.customerCount).map { c in
            var x = up[c], steps = 0
            while x >= 0 && x != c && steps < up.count { x = up[x]; steps += 1 }
            return x == c
        }
        func members(_ flags: [Bool]) -> [Int] { flags.indices.filter { flags[$0] } }
        let expected = members(reference)
        #expect(expected.count > 10 && expected.count < graph.customerCount / 2)
        #expect(members(rings) == expected)
        for threads in [1, 2, 5] {
            #expect(ReferralForest.ringMembers(of: credit, threads: threads, minimumPerChunk: 256) == rings)
        }
        #expect(members(ReferralForest(credit).onRing) == expected)
    }

    /// Bare rings (nothing hangs below them) of every length up to past the
    /// parallel walk's reach of 32, beside chains longer than it: each ring member is
    /// found, by its own walk or by the serial one, and no chain member is.
    @Test func bareRingsOfEveryLengthAreFound() {
        var rows: [ReferralRow] = []
        var expected: [String] = []
        for length in 2 ... 40 {
            let members = (0 ..< length).map { "R\(length)-\($0)" }
            for (k, m) in members.enumerated() { rows.append(ReferralRow(members[(k + 1) % length], m, time: nil, revenue: 1)) }
            expected += members
        }
        for k in 0 ..< 70 { rows.append(ReferralRow("L\(k + 1)", "L\(k)", time: nil, revenue: 1)) }
        let graph = testGraph(referrals: rows, threads: 1)
        let credit = CreditParents(graph: graph, touch: .first)
        for threads in [1, 3] {
            let rings = ReferralForest.ringMembers(of: credit, threads: threads, minimumPerChunk: 64)
            #expect(Set(rings.indices.filter { rings[$0] }.map { graph.customers.id($0) }) == Set(expected))
        }
    }

    @Test func sinceAndUntilFilterRows() {
        let jan = ReferralWindow.parseTime("2026-01-15")!, feb = ReferralWindow.parseTime("2026-02-15T12:00:00Z")!
        let mar = ReferralWindow.parseTime("2026-03-15")!
        let graph = testGraph(referrals: [
            ReferralRow("A", "B", time: jan, revenue: 10),
            ReferralRow("B", "C", time: feb, revenue: 20),
            ReferralRow("C", "D", time: mar, revenue: 30),
            ReferralRow("E", "C", time: nil, revenue: 5),
        ], threads: 1)
        let window = ReferralWindow(since: ReferralWindow.parseTime("2026-02-01"),
                                    until: ReferralWindow.parseTime("2026-02-28", endOfDay: true))
        #expect(window.until == ReferralWindow.parseTime("2026-02-28T23:59:59Z"))
        let result = ReferralAttribution(window: window, threads: 1).run(on: graph)
        // Only B → C is in February; the untimed row is outside a window with `since`.
        #expect(Self.credit(graph, result) == ["A": 0, "B": 20, "C": 0, "D": 0, "E": 0])
        #expect(result.directReferrals == [0, 1, 0, 0, 0])
        #expect(result.downline == [0, 1, 0, 0, 0])
        #expect(result.depth == [0, 0, 1, 0, 0])
        // Until only: the untimed row counts as earliest, so it is the first touch of C.
        let early = ReferralAttribution(window: ReferralWindow(until: feb), threads: 1).run(on: graph)
        #expect(Self.credit(graph, early) == ["A": 10, "B": 0, "C": 0, "D": 0, "E": 5])
    }

    @Test func millionDeepChainRunsIteratively() {
        let n = 1_000_000
        let rows = (0 ..< n - 1).map { ReferralRow(String($0), String($0 + 1), time: Int64($0), revenue: 1) }
        let graph = testGraph(referrals: rows, threads: 2)
        let result = ReferralAttribution(threads: 2).run(on: graph)
        #expect(result.depth[n - 1] == UInt32(n - 1))
        #expect(result.root[n - 1] == 0)
        #expect(result.downline[0] == UInt32(n - 1))
        #expect(result.attributedRevenue[0] == 1.75)
        #expect(result.attributedRevenue[n - 2] == 1)
        #expect(result.forest.chain(to: n - 1).count == n)
        let ring = testGraph(referrals: rows + [ReferralRow(String(n - 1), "0", time: Int64(n), revenue: 1)], threads: 2)
        let closed = ReferralAttribution(threads: 2).run(on: ring)
        #expect(closed.attributedRevenue.allSatisfy { $0 == 1.75 })
        #expect(closed.downline[12345] == UInt32(n - 1))
        #expect(closed.depth[0] == UInt32(n - 1))
    }

    @Test func chainListsRootFirstWithTimes() {
        let forest = ReferralChains().run(on: Self.forest)
        let chain = forest.chain(to: 5)  // F
        #expect(chain.map(\.customer) == [0, 1, 2, 3, 5])
        #expect(chain.map(\.referrer) == [nil, 0, 1, 2, 3])
        #expect(chain.map(\.time) == [ReferralEdges.noTime, 100, 200, 300, 500])
        #expect(chain.map(\.value) == [0, 100, 40, 10, 8])
    }
}
