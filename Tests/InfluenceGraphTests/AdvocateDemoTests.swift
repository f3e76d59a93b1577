import Testing
@testable import InfluenceGraph

/// Advocate components and profiles for named customers of the bundled demo data,
/// each checked against an independent recomputation or a fact of the fixture.
@Suite struct AdvocateDemoTests {
    struct Demo {
        let graph: CustomerGraph
        let result: AdvocateResult
        func index(_ id: String) -> Int { graph.customers.index(of: id)! }
    }

    static let demo: Demo? = {
        guard let graph = try? CustomerGraph.load(from: demoFixture) else { return nil }
        let credit = ReferralAttribution().run(on: graph)
        return Demo(graph: graph, result: AdvocateScore().run(on: graph, referralValues: credit.attributedRevenue))
    }()

    /// A plain percentile: (number below + (number equal − 1) / 2) / (n − 1).
    static func percentile(_ values: [Double], at i: Int) -> Double {
        let below = values.filter { $0 < values[i] }.count, equal = values.filter { $0 == values[i] }.count
        return (Double(below) + Double(equal - 1) / 2) / Double(values.count - 1)
    }

    @Test(arguments: [("KOL-01", AdvocateProfile.advocate), ("KOL-02", .influencer), ("C-000002", .bigSpender),
                      ("C-019076", .referrer), ("C-009734", .other)])
    func namedCustomer(id: String, profile: AdvocateProfile) throws {
        let demo = try #require(Self.demo)
        let g = demo.graph, r = demo.result, i = demo.index(id)
        #expect(r.profiles[i] == profile)
        let spend = (0..<g.customerCount).map { g.attributes.spend($0) }
        #expect(abs(r.social[i] - Self.percentile(r.pageRank.scores, at: i)) < 1e-12)
        #expect(abs(r.referral[i] - Self.percentile(r.referralValues, at: i)) < 1e-12)
        #expect(abs(r.wallet[i] - Self.percentile(spend, at: i)) < 1e-12)
        #expect(abs(r.scores[i] - (0.5 * r.social[i] + 0.2 * r.referral[i] + 0.3 * r.wallet[i])) < 1e-12)
    }

    @Test func fixtureFactsBehindTheProfiles() throws {
        let demo = try #require(Self.demo)
        let g = demo.graph, r = demo.result
        // KOL-01 has the most followers and the highest PageRank: social is exactly 1.
        let kol = demo.index("KOL-01")
        #expect(r.social[kol] == 1)
        #expect(Ranking.top(1, of: r.scores) == [kol])
        // C-000002 has no followers: it shares the lowest PageRank with every other such customer.
        let c2 = demo.index("C-000002")
        #expect(g.follows.followers.degree(of: c2) == 0)
        #expect(r.social[c2] < 0.5 && r.wallet[c2] >= 0.8)
        // KOL-02: high social, low wallet.
        let k2 = demo.index("KOL-02")
        #expect(r.social[k2] >= 0.8 && r.wallet[k2] < 0.5)
        // C-019076 is referral-led: referral is its largest component.
        let ref = demo.index("C-019076")
        #expect(r.referral[ref] >= r.social[ref] && r.referral[ref] >= r.wallet[ref])
    }

    /// The advocate score reads only attributed revenue, computed without the
    /// downlines: the same bits as a full attribution's, at any thread count, for
    /// every touch rule, and the same result as blending a full attribution.
    @Test(arguments: [TouchRule.first, .last, .linear])
    func revenueAloneEqualsTheFullAttribution(touch: TouchRule) throws {
        let demo = try #require(Self.demo)
        let full = ReferralAttribution(touch: touch, threads: 1).run(on: demo.graph)
        #expect(full.attributedRevenue.contains { $0 > 0 })
        for threads in [1, 2, 3] {
            #expect(ReferralAttribution(touch: touch, threads: threads).attributedRevenue(on: demo.graph) == full.attributedRevenue)
        }
        var advocate = AdvocateScore()
        advocate.attribution.touch = touch
        #expect(advocate.run(on: demo.graph) == advocate.run(on: demo.graph, attribution: full))
    }
}
