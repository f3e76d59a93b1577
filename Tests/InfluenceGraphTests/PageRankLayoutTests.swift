import Testing
@testable import InfluenceGraph

/// The follower layout and the batch entry point behind `--seed-sets`.
@Suite struct PageRankLayoutTests {
    @Test func layoutOrdersByFolloweesThenFollowersThenIndex() {
        let g = randomPageRankGraph(nodes: 300, edges: 1500, seed: 21)
        let layout = FollowerLayout(graph: g, order: .byFolloweeCount, weighted: false, threads: 2)
        let order = (layout.order ?? []).map(Int.init)
        // A permutation…
        #expect(order.sorted() == Array(0..<g.customerCount))
        // …sorted by the three keys, checked against a plain comparison sort.
        let out = { (c: Int) in g.follows.followees.degree(of: c) }, inn = { (c: Int) in g.follows.followers.degree(of: c) }
        let expected = (0..<g.customerCount).sorted { a, b in
            out(a) != out(b) ? out(a) > out(b) : inn(a) != inn(b) ? inn(a) > inn(b) : a < b
        }
        #expect(order == expected)
        // Each position's follower list names the positions of the same followers, in the same order.
        for k in 0..<g.customerCount {
            let original = g.follows.followers.neighbors(of: order[k]).map { layout.position(of: Int($0)) }
            #expect(layout.followers.neighbors(of: k).map(Int.init) == original)
        }
        let byCustomer = (0..<g.customerCount).map(Double.init)
        #expect(layout.toPositions(byCustomer, threads: 3) == order.map(Double.init))
        #expect(layout.toCustomers(layout.toPositions(byCustomer, threads: 2), threads: 3) == byCustomer)
    }

    /// Large enough for several counting chunks, with hubs followed by more
    /// customers than the counting sort counts exactly (two of them by the same
    /// number): at any thread count the order is the comparison sort's.
    @Test(arguments: [1, 3])
    func layoutOrderOfManyCustomersAndLargeHubs(threads: Int) {
        var rng = SplitMix64(seed: 5)
        var pairs: [(follower: String, followee: String)] = []
        for _ in 0 ..< 100_000 {
            pairs.append(("c\(rng.next() % 40_000)", "c\(rng.next() % 40_000)"))
        }
        let limit = FollowerLayout.directKeyLimit
        for (hub, followers) in [("h0", limit), ("h1", limit + 10), ("h2", limit + 3_000), ("h3", limit + 10)] {
            for f in 0 ..< followers { pairs.append(("c\(f)", hub)) }
        }
        let g = testGraph(follows: pairs, threads: 2)
        let layout = FollowerLayout(graph: g, order: .byFolloweeCount, weighted: false, threads: threads)
        let out = { (c: Int) in g.follows.followees.degree(of: c) }, inn = { (c: Int) in g.follows.followers.degree(of: c) }
        let expected = (0..<g.customerCount).sorted { a, b in
            out(a) != out(b) ? out(a) > out(b) : inn(a) != inn(b) ? inn(a) > inn(b) : a < b
        }
        #expect((layout.order ?? []).map(Int.init) == expected)
        #expect(inn(g.customers.index(of: "h1")!) == inn(g.customers.index(of: "h3")!))
    }

    /// Large enough for a dozen edge-balanced chunks: every position's follower list
    /// and weights are the graph's, renamed by position, at any thread count.
    @Test(arguments: [1, 3])
    func chunkedLayoutCopiesEveryListAndItsWeights(threads: Int) {
        let g = weightedCopy(randomPageRankGraph(nodes: 40_000, edges: 200_000, seed: 5))
        let layout = FollowerLayout(graph: g, order: .byFolloweeCount, weighted: true, threads: threads)
        let followers = g.follows.followers
        guard let order = layout.order, let weights = layout.weights, let sourceWeights = g.follows.followerWeights else {
            Issue.record("the layout is not renumbered or lost its weights")
            return
        }
        var wrongLists = 0, wrongWeights = 0
        for k in 0..<g.customerCount {
            let c = Int(order[k])
            let expected = followers.neighbors(of: c).map { layout.position(of: Int($0)) }
            if layout.followers.neighbors(of: k).map(Int.init) != expected { wrongLists += 1 }
            let from = followers.offsets[c], to = layout.followers.offsets[k]
            if (0 ..< expected.count).contains(where: { weights[to + $0] != sourceWeights[from + $0] }) { wrongWeights += 1 }
        }
        #expect(wrongLists == 0)
        #expect(wrongWeights == 0)
    }

    @Test(arguments: [false, true])
    func ordersAgreeToRounding(weighted: Bool) {
        let plain = randomPageRankGraph(nodes: 2_000, edges: 12_000, seed: 8)
        let g = weighted ? weightedCopy(plain) : plain
        for personalization in [nil, [3: 1.0, 7: 2.0]] as [[Int: Double]?] {
            let a = PageRank(weighted: weighted, personalization: personalization, order: .customerIndex).run(on: g)
            let b = PageRank(weighted: weighted, personalization: personalization, order: .byFolloweeCount).run(on: g)
            #expect(a.iterations == b.iterations)
            for i in 0..<g.customerCount { #expect(abs(a.scores[i] - b.scores[i]) < 1e-12) }
        }
    }

    @Test func renumberedRunIsIdenticalAtAnyThreadCount() {
        let g = randomPageRankGraph(nodes: 40_000, edges: 200_000, seed: 12)
        let one = PageRank(iterations: 15, threads: 1).run(on: g)
        let three = PageRank(iterations: 15, threads: 3).run(on: g)
        #expect(one == three)
    }

    @Test func batchEqualsSeparateRuns() {
        let g = randomPageRankGraph(nodes: 500, edges: 3_000, seed: 4)
        let sets: [[Int: Double]?] = [[0: 1], nil, [5: 1, 9: 3, 11: 0.5]]
        let batch = PageRank(threads: 2).run(on: g, personalizations: sets)
        #expect(batch.count == 3)
        for (set, result) in zip(sets, batch) {
            let alone = PageRank(personalization: set, threads: 2).run(on: g)
            #expect(result == alone)
            #expect(abs(result.scores.reduce(0, +) - 1) < 1e-12)
        }
        // A seed's own score leads its personalized ranking here, and differs between sets.
        #expect(batch[0].scores[0] > batch[1].scores[0])
        #expect(batch[2].scores[9] > batch[2].scores[5])
    }

    @Test func rankOfMatchesTop() {
        let scores = [0.2, 0.5, 0.2, 0.1, 0.5]
        let top = Ranking.top(5, of: scores)
        for (i, c) in top.enumerated() { #expect(Ranking.rank(of: c, in: scores) == i + 1) }
        #expect(Ranking.rank(of: 4, in: scores) == 2)
    }
}
