import Testing
@testable import InfluenceGraph

@Suite struct GraphStatisticsTests {
    static var fixtures: String {
        let here = #filePath
        let root = here.components(separatedBy: "/Tests/").first ?? "."
        return root + "/fixtures"
    }

    @Test func tinyShopFigures() throws {
        let graph = try CustomerGraph.load(from: Self.fixtures + "/tiny/shop", options: LoadOptions(threads: 2))
        let stats = GraphStatistics(graph)
        #expect(stats.customers == 5)
        #expect(stats.followEdges == 7)
        #expect(stats.referralEdges == 4)
        #expect(stats.isolatedCustomers == 0)
        #expect(stats.maximumFollowers == 4)      // ana
        #expect(stats.maximumFollowees == 2)      // ben, eve
        #expect(stats.meanFollowers == 7.0 / 5.0)
        #expect(stats.weighted)
        #expect(graph.report.refereesWithSeveralReferrers == 1)  // eve
        // Both directions: 2 × (6 offsets × 8 + 7 targets × 4), and the weights as
        // 2 × (7 codes × 2 + a table of the 3 distinct weights 1, 2, 3 × 8).
        #expect(stats.followBytes == 2 * (6 * 8 + 7 * 4) + 2 * (7 * 2 + 3 * 8))
        #expect(graph.follows.followeeWeights?.distinctValues == [1, 2, 3])
        #expect(graph.attributes.name(1) == "Ben \"Benny\" Ortiz")
        #expect(graph.attributes.name(2) == "Chen, Wei")
    }

    @Test func isolatedCustomersHaveNoEdgeOfEitherKind() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("customers.csv", "id\nA\nB\nC\nD\n")
        dir.write("follows.csv", "follower,followee\nA,B\n")
        dir.write("referrals.csv", "referrer,referee\nC,E\n")
        let stats = GraphStatistics(try CustomerGraph.load(from: dir.path))
        #expect(stats.customers == 5)
        #expect(stats.isolatedCustomers == 1)  // D
        #expect(stats.bytesPerFollowEdge == Double(2 * (6 * 8 + 4)))
    }

    /// On a generated export, the per-customer figures agree with a plain count over
    /// the degrees, at any thread count.
    @Test func figuresMatchAPlainCountAtAnyThreadCount() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        try SocialCRMGenerator(customers: 40_000, seed: 5).write(toDirectory: dir.path, threads: 2)
        // Customers with no edge at all, which a generated export lacks.
        let customers = try String(contentsOfFile: dir.path + "/customers.csv", encoding: .utf8)
        dir.write("customers.csv", customers + (0 ..< 300).map { "lonely-\($0),,,,\n" }.joined())
        let graph = try CustomerGraph.load(from: dir.path, options: LoadOptions(threads: 2))
        let f = graph.follows, r = graph.referrals
        var isolated = 0, mostFollowers = 0, mostFollowees = 0
        for v in 0 ..< graph.customerCount {
            let degrees = [f.followers.degree(of: v), f.followees.degree(of: v), r.referrers.degree(of: v), r.referees.degree(of: v)]
            if degrees.allSatisfy({ $0 == 0 }) { isolated += 1 }
            mostFollowers = max(mostFollowers, degrees[0])
            mostFollowees = max(mostFollowees, degrees[1])
        }
        #expect(isolated >= 300 && mostFollowers > 0 && mostFollowees > 0)
        for threads in [1, 2, 3, 8] {
            let stats = GraphStatistics(graph, threads: threads)
            #expect(stats.isolatedCustomers == isolated && stats.maximumFollowers == mostFollowers
                    && stats.maximumFollowees == mostFollowees, "threads \(threads)")
        }
    }
}
