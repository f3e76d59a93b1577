import Testing
@testable import InfluenceGraph

@Suite struct ReferralReportsTests {
    static let jan = ReferralWindow.parseTime("2026-01-10")!
    static let feb = ReferralWindow.parseTime("2026-02-10")!

    /// A (Jan) brought B, C, D; B (Feb) brought E; C (Feb) brought nobody new: D again.
    /// F (no time) brought G. Segments: A, F vip; B, C regular.
    static func cohortGraph() -> CustomerGraph {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("customers.csv", "id,spend,orders,segment\nA,10,1,vip\nB,10,1,regular\nC,10,1,regular\nD,0,0,new\nE,5,1,new\nF,1,1,vip\nG,1,1,new\n")
        dir.write("referrals.csv", """
            referrer,referee,time,revenue
            A,B,2026-01-10,10
            A,C,2026-01-11,20
            A,D,2026-01-12,0
            B,E,2026-02-01,5
            C,D,2026-02-02,0
            F,G,,7

            """)
        return try! CustomerGraph.load(from: dir.path, options: LoadOptions(threads: 1))
    }

    @Test func kFactorByMonth() {
        let cohorts = ReferralCohorts(by: .month).run(on: Self.cohortGraph())
        #expect(cohorts.map(\.name) == ["unknown", "2026-01", "2026-02"])
        #expect(cohorts.map(\.referrers) == [1, 1, 2])
        // D's first touch is A, so C brought no new customer.
        #expect(cohorts.map(\.referred) == [1, 3, 1])
        #expect(cohorts.map(\.kFactor) == [1, 3, 0.5])
        #expect(cohorts.map(\.referredValue) == [7, 30, 5])
    }

    @Test func kFactorBySegmentAndWindow() {
        let graph = Self.cohortGraph()
        let bySegment = ReferralCohorts(by: .segment).run(on: graph)
        #expect(bySegment.map(\.name) == ["regular", "vip"])
        #expect(bySegment.map(\.kFactor) == [0.5, 2])
        let february = ReferralWindow(since: ReferralWindow.parseTime("2026-02-01"))
        let late = ReferralCohorts(by: .segment, window: february).run(on: graph)
        // In February alone, C's row is D's first touch.
        #expect(late.map(\.name) == ["regular"])
        #expect(late[0].referrers == 2 && late[0].referred == 2)
    }

    @Test func cascadesSizesAndDepths() {
        let graph = Self.cohortGraph()
        let report = ReferralCascades().run(on: graph)
        let id = { graph.customers.id($0) }
        #expect(report.cascades.map { id($0.root) } == ["A", "F"])
        #expect(report.cascades.map(\.size) == [5, 2])
        #expect(report.cascades.map(\.depth) == [2, 1])
        #expect(report.cascades[0].value == 35)
        #expect(report.sizeDistribution == [CascadeBucket(lower: 2, upper: 2, cascades: 1, customers: 2),
                                            CascadeBucket(lower: 5, upper: 8, cascades: 1, customers: 5)])
        #expect(report.depthDistribution.map(\.lower) == [1, 2])
        #expect(report.customersInCascades == 7)
    }

    @Test func auditFindsTheGeneratorsQuirks() throws {
        let files = try SocialCRMGenerator(customers: 2_000, seed: 1).render(threads: 1)
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("customers.csv", bytes: files.customers)
        dir.write("referrals.csv", bytes: files.referrals)
        let graph = try CustomerGraph.load(from: dir.path, options: LoadOptions(threads: 2))
        let audit = ReferralAudit().run(on: graph)
        let id = { graph.customers.id($0) }
        #expect(audit.rings.map { $0.map(id) } == [["RING-1", "RING-2", "RING-3"]])
        #expect(audit.selfReferrals == [SelfReferral(id: "C-000005", rows: 1)])
        let several = audit.severalReferrers.map { "\(id($0.referee)):\($0.referrers.map(id).joined(separator: "+"))" }
        #expect(several.contains("C-000010:C-000001+C-000002"))
        let noPurchase = Set(audit.noPurchase.map { id($0.referee) })
        #expect(noPurchase.isSuperset(of: ["C-000014", "C-000015", "C-000016"]))
        // Attribution terminates on the ring and credits no member for its own conversion.
        let result = ReferralAttribution(tiers: 5, threads: 2).run(on: graph)
        #expect(result.attributedRevenue.allSatisfy { $0.isFinite && $0 >= 0 })
    }

    @Test func burstsNeedMoreThanTheThresholdInsideTheWindow() {
        var rows = (0..<12).map { ReferralRow("Z", "z\($0)", time: 1_000 + Int64($0) * 60) }  // 12 in 11 minutes
        rows += (0..<12).map { ReferralRow("Y", "y\($0)", time: 1_000 + Int64($0) * 600) }    // 12 in 110 minutes
        let graph = testGraph(referrals: rows, threads: 1)
        let audit = ReferralAudit(burstThreshold: 10, burstWindow: 3_600).run(on: graph)
        #expect(audit.bursts == [Burst(referrer: 0, referrals: 12, start: 1_000, end: 1_000 + 11 * 60)])
        let strict = ReferralAudit(burstThreshold: 12, burstWindow: 3_600).run(on: graph)
        #expect(strict.bursts.isEmpty)
        let wide = ReferralAudit(burstThreshold: 10, burstWindow: 86_400).run(on: graph)
        #expect(wide.bursts.map(\.referrer) == [0, 13])
    }

    @Test func chainOnDemoQuirkFollowsFirstTouch() throws {
        let graph = Self.cohortGraph()
        let forest = ReferralChains(touch: .last).run(on: graph)
        let d = graph.customers.index(of: "D")!
        #expect(forest.chain(to: d).map { graph.customers.id($0.customer) } == ["A", "C", "D"])
        #expect(ReferralChains().run(on: graph).chain(to: d).map { graph.customers.id($0.customer) } == ["A", "D"])
    }
}
