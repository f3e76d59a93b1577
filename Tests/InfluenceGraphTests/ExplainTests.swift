import Testing
@testable import InfluenceGraph

@Suite struct ExplainTests {
    @Test func starCentreIsExplainedByItsLeaves() {
        // Leaves 1…4 each follow only the centre 0, which follows nobody.
        let g = testGraph(follows: [("1", "0"), ("2", "0"), ("3", "0"), ("4", "0")])
        let centre = g.customers.index(of: "0")!
        let why = Explain(topFollowers: 3).run(on: g, customer: centre)
        let d = 0.85, n = 5.0
        // Closed form: leaves hold l, the centre c = 4·d·l + (d·c + 1 − d)/n, with l = (d·c + 1 − d)/n.
        let c = (1 - d) / n * (1 + 4 * d) / (1 - d / n - 4 * d * d / n)
        let l = (d * c + 1 - d) / n
        #expect(abs(why.pageRank - c) < 1e-9)
        #expect(why.pageRankRank == 1)
        #expect(why.followerCount == 4 && why.followeeCount == 0)
        #expect(why.topFollowers.map(\.id) == ["1", "2", "3"])    // equal votes: ties by customer order
        for f in why.topFollowers {
            #expect(abs(f.contribution - d * l) < 1e-9)
            #expect(abs(f.share - d * l / c) < 1e-9)
        }
        #expect(abs(why.followerShare - 4 * d * l / c) < 1e-9)
    }

    @Test func contributionsAndTeleportAddUpToTheScore() {
        let g = weightedCopy(randomPageRankGraph(nodes: 400, edges: 3_000, seed: 9))
        for weighted in [false, true] {
            var advocate = AdvocateScore()
            advocate.pageRank.weighted = weighted
            advocate.pageRank.tolerance = 1e-13
            let explain = Explain(topFollowers: 1_000, advocate: advocate)
            let pr = advocate.pageRank.run(on: g).scores
            let n = g.customerCount
            let dangling = (0..<n).filter { g.follows.followees.degree(of: $0) == 0 }.reduce(0.0) { $0 + pr[$1] }
            for v in [0, 17, 123] {
                let why = explain.run(on: g, customer: v)
                #expect(why.topFollowers.count == why.followerCount)
                let votes = why.topFollowers.reduce(0.0) { $0 + $1.contribution }
                let teleport = (0.85 * dangling + 0.15) / Double(n)
                #expect(abs(votes + teleport - why.pageRank) < 1e-12)
                #expect(abs(why.followerShare - votes / why.pageRank) < 1e-12)
                // Listed largest first.
                let amounts = why.topFollowers.map(\.contribution)
                #expect(amounts == amounts.sorted(by: >))
            }
        }
    }

    @Test func demoCustomerFiguresMatchTheRankings() throws {
        let graph = try CustomerGraph.load(from: demoFixture)
        let v = try #require(graph.customers.index(of: "C-000010"))
        let why = Explain().run(on: graph, customer: v)
        // The fixture's quirk: C-000010 is referred by C-000001 and C-000002; first touch credits C-000001.
        #expect(why.referredBy == ["C-000001", "C-000002"])
        #expect(why.depth == 1 && why.root == "C-000001")
        let attribution = ReferralAttribution().run(on: graph)
        let advocate = AdvocateScore().run(on: graph, referralValues: attribution.attributedRevenue)
        #expect(why.advocateScore == advocate.scores[v])
        #expect(why.advocateRank == Ranking.top(graph.customerCount, of: advocate.scores).firstIndex(of: v)! + 1)
        #expect(why.pageRankRank == Ranking.top(graph.customerCount, of: advocate.pageRank.scores).firstIndex(of: v)! + 1)
        #expect(why.spend == graph.attributes.spend(v))
    }
}

/// The bundled demo dataset.
let demoFixture = (#filePath.components(separatedBy: "/Tests/").first ?? ".") + "/fixtures/demo"
