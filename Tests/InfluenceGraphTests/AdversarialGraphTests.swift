import Testing
@testable import InfluenceGraph

/// Graphs shaped like nothing in the other tests, each with an answer known in
/// closed form: every algorithm finishes, iteratively, with the right numbers and
/// with memory proportional to the graph.
@Suite(.serialized) struct AdversarialGraphTests {
    static let d = 0.85

    /// Bytes the graph may hold per customer and per follow or referral edge. A customer
    /// costs about 55 today (id text and offset, hash slot, and an 8-byte offset in
    /// each of the four CSR directions); an edge 4 per direction, plus times and revenues.
    static func expectCompact(_ graph: CustomerGraph, edges: Int, sourceLocation: SourceLocation = #_sourceLocation) {
        let bound = 64 * graph.customerCount + 24 * edges + 4096
        #expect(graph.byteCount <= bound, "\(graph.byteCount) bytes for \(graph.customerCount) customers and \(edges) edges",
                sourceLocation: sourceLocation)
    }

    /// One account followed by a million others (customers 1…1,000,000 follow customer 0).
    @Test func starOfAMillionFollowers() {
        let n = 1_000_001
        let graph = CustomerGraph(customerCount: n, followers: (1..<UInt32(n)).map { $0 },
                                  followees: [UInt32](repeating: 0, count: n - 1), threads: 2)
        Self.expectCompact(graph, edges: n - 1)
        #expect(graph.follows.followers.degree(of: 0) == n - 1)

        // A follower holds x = (1 − d + d·h)/n, the hub h = 1 − (n − 1)·x, so x = 1/(n + d(n − 1)).
        // The error shrinks by d per iteration (mass goes hub → everyone → hub), so
        // 100 iterations leave an L1 change near 2·d¹⁰⁰ ≈ 2e-7: honestly not converged.
        let capped = PageRank(threads: 2).run(on: graph)
        let (cappedConverged, cappedDelta) = (capped.converged, capped.delta)
        #expect(!cappedConverged && cappedDelta > 1e-8 && cappedDelta < 1e-6)
        let pagerank = PageRank(maxIterations: 200, threads: 2).run(on: graph)
        let scores = pagerank.scores
        let (converged, iterations) = (pagerank.converged, pagerank.iterations)
        let x = 1 / (Double(n) + Self.d * Double(n - 1))
        #expect(converged && iterations > 100 && iterations < 200)
        #expect(abs(scores[0] - (1 - Double(n - 1) * x)) < 1e-9)
        #expect(scores.dropFirst().allSatisfy { abs($0 - x) < 1e-14 })
        #expect(pagerank.top(2) == [0, 1])

        // All authority sits on the hub; every follower is an equal hub.
        let hits = HITS(threads: 2).run(on: graph)
        let (authorities, hubs) = (hits.authorities, hits.hubs)
        #expect(authorities[0] == 1 && authorities.dropFirst().allSatisfy { $0 == 0 })
        #expect(hubs[0] == 0 && hubs.dropFirst().allSatisfy { abs($0 - 1 / Double(n - 1)) < 1e-18 })

        // A post by the hub reaches everyone at hop 1; a post by a follower reaches no one.
        let fromHub = KHopReach(depth: .hops(3), threads: 2).run(on: graph, seeds: [0])
        #expect(fromHub.reach == n - 1 && fromHub.hopCounts.first == n - 1)
        #expect(KHopReach(depth: .unlimited, threads: 2).run(on: graph, seeds: [5, 6]).reach == 0)

        // Each follower follows one account, so the weighted cascade is certain.
        let certain = CascadeSimulation(model: .weightedCascade, runs: 8, seed: 3, threads: 2).run(on: graph, seeds: [0])
        let (certainMean, certainDeviation) = (certain.meanReach, certain.standardDeviation)
        #expect(certainMean == Double(n - 1) && certainDeviation == 0)
        // A fair coin per follower: the mean of 8 runs lies within 5 standard errors of n/2 (σ = 500/√8).
        let coin = CascadeSimulation(model: .independentCascade(probability: 0.5), runs: 8, seed: 3, threads: 2).run(on: graph, seeds: [0]).meanReach
        #expect(abs(coin - Double(n - 1) / 2) < 5 * 500 / 8.0.squareRoot())

        let picks = SeedSelection(count: 2, model: .hops(.hops(1)), threads: 2).run(on: graph).picks
        #expect(picks.first?.customer == 0 && picks.first?.marginalReach == Double(n - 1))
        #expect(picks.last?.reach == Double(n - 2))
    }

    /// Ten million customers in a line: customer i follows i + 1 and referred i + 1.
    /// The post of the last customer travels ten million hops; the referral chain is
    /// ten million deep. Nothing may recurse.
    @Test func pathOfTenMillion() {
        let n = 10_000_000
        let from = (0..<UInt32(n - 1)).map { $0 }, to = (1..<UInt32(n)).map { $0 }
        let graph = CustomerGraph(customerCount: n, followers: from, followees: to,
                                  referrers: from, referees: to,
                                  referralRevenues: [Double](repeating: 1, count: n - 1), threads: 2)
        Self.expectCompact(graph, edges: 2 * (n - 1))

        let hopCounts = KHopReach(depth: .unlimited, threads: 2).run(on: graph, seeds: [n - 1]).hopCounts
        #expect(hopCounts.count == n - 1 && hopCounts.allSatisfy { $0 == 1 })
        #expect(KHopReach(depth: .hops(3), threads: 2).run(on: graph, seeds: [n / 2]).hopCounts == [1, 1, 1])

        // Three tiers of 1, 0.5 and 0.25 on every row's revenue of 1.
        let result = ReferralAttribution(tiers: 3, weights: .decay(0.5), threads: 2).run(on: graph)
        let credit = result.attributedRevenue, depth = result.depth, root = result.root, downline = result.downline
        #expect(credit[0] == 1.75 && credit[n - 4] == 1.75)
        #expect(credit[n - 3] == 1.5 && credit[n - 2] == 1 && credit[n - 1] == 0)
        let total = result.totalCredit
        #expect(total == 1.75 * Double(n - 3) + 1.5 + 1)
        #expect(depth[n - 1] == UInt32(n - 1) && root[n - 1] == 0)
        #expect(downline[0] == UInt32(n - 1) && downline[n / 2] == UInt32(n - 1 - n / 2))
        let chainLength = result.forest.chain(to: n - 1).count
        #expect(chainLength == n)
        let ringCount = ReferralAudit().run(on: graph).rings.count
        #expect(ringCount == 0)
    }

    /// Two thousand customers who all follow one another (3,998,000 follows).
    @Test func completeGraphOfTwoThousand() {
        let n = 2_000
        var followers: [UInt32] = [], followees: [UInt32] = []
        for a in 0..<UInt32(n) { for b in 0..<UInt32(n) where a != b { followers.append(a); followees.append(b) } }
        let graph = CustomerGraph(customerCount: n, followers: followers, followees: followees, threads: 2)
        #expect(graph.follows.followers.targets.count == n * (n - 1))
        Self.expectCompact(graph, edges: n * (n - 1))

        let pagerank = PageRank(threads: 2).run(on: graph)
        let (converged, scores) = (pagerank.converged, pagerank.scores)
        #expect(converged && scores.allSatisfy { abs($0 - 1 / Double(n)) < 1e-15 })
        let authorities = HITS(threads: 2).run(on: graph).authorities
        #expect(authorities.allSatisfy { abs($0 - 1 / Double(n)) < 1e-15 })

        #expect(KHopReach(depth: .hops(1), threads: 2).run(on: graph, seeds: [0]).hopCounts == [n - 1])
        #expect(KHopReach(depth: .unlimited, threads: 2).run(on: graph, seeds: [0, 1]).hopCounts == [n - 2])
        let overlap = AudienceOverlap(depth: .hops(1), threads: 2).run(on: graph, seeds: [0, 1])
        #expect(overlap.ownReach == [n - 1, n - 1] && overlap.shared(0, 1) == n - 2 && overlap.totalReach == n - 2)
        // Each seed's audience holds the other seed, who is not counted: dropping either changes reach by −1.
        #expect(overlap.marginalReach == [-1, -1])
        let certain = CascadeSimulation(model: .independentCascade(probability: 1), runs: 4, seed: 1, threads: 2).run(on: graph, seeds: [7])
        #expect(certain.meanReach == Double(n - 1))
        let picks = SeedSelection(count: 3, model: .hops(.hops(1)), threads: 2).run(on: graph).picks
        #expect(picks.map(\.customer) == [0, 1, 2] && picks.map(\.reach) == [Double(n - 1), Double(n - 2), Double(n - 3)])
    }

    /// A thousand customers and not one follow or referral: every customer is dangling.
    @Test func noEdges() {
        let n = 1_000
        let graph = CustomerGraph(customerCount: n, followers: [], followees: [], threads: 2)
        let pagerank = PageRank(threads: 2).run(on: graph)
        let (converged, scores) = (pagerank.converged, pagerank.scores)
        #expect(converged && scores.allSatisfy { abs($0 - 1 / Double(n)) < 1e-15 })
        // All mass is dangling, so it all returns to the teleport set.
        let personalized = PageRank(personalization: [3: 1, 9: 3], threads: 2).run(on: graph).scores
        #expect(abs(personalized[3] - 0.25) < 1e-15 && abs(personalized[9] - 0.75) < 1e-15)
        #expect(personalized.enumerated().allSatisfy { $0.offset == 3 || $0.offset == 9 || $0.element == 0 })
        let hits = HITS(threads: 2).run(on: graph)
        let (authorities, hubs) = (hits.authorities, hits.hubs)
        #expect(authorities.allSatisfy { $0 == 1 / Double(n) } && hubs.allSatisfy { $0 == 1 / Double(n) })
        #expect(KHopReach(depth: .unlimited, threads: 2).run(on: graph, seeds: [1, 2]).reach == 0)
        #expect(CascadeSimulation(model: .weightedCascade, runs: 16, threads: 2).run(on: graph, seeds: [1]).meanReach == 0)
        let picks = SeedSelection(count: 3, model: .hops(.hops(2)), threads: 2).run(on: graph).picks
        #expect(picks.map(\.customer) == [0, 1, 2] && picks.allSatisfy { $0.marginalSpread == 1 })
        let attribution = ReferralAttribution(threads: 2).run(on: graph)
        #expect(attribution.totalCredit == 0 && attribution.downline.allSatisfy { $0 == 0 })
    }

    /// Every follow carries weight 0, so under weighted PageRank every customer is dangling.
    @Test func allCustomersDanglingByWeight() {
        let pairs = [(0, 1), (1, 2), (2, 0), (3, 0)]
        let graph = CustomerGraph(customerCount: 4, follows: pairs, weights: [0, 0, 0, 0], threads: 2)
        let weighted = PageRank(weighted: true, threads: 2).run(on: graph)
        let (converged, scores) = (weighted.converged, weighted.scores)
        #expect(converged && scores.allSatisfy { abs($0 - 0.25) < 1e-15 })
        // Unweighted, the same follows are votes: customer 0 gets two.
        let plain = PageRank(threads: 2).run(on: graph)
        #expect(plain.top(1) == [0])
    }

    /// A graph of one customer.
    @Test func oneCustomer() {
        let graph = CustomerGraph(customerCount: 1, followers: [0], followees: [0], referrers: [0], referees: [0], threads: 2)
        #expect(graph.customerCount == 1 && graph.report.selfLoopsDropped == 1 && graph.report.selfReferralsDropped == 1)
        #expect(PageRank(threads: 2).run(on: graph).scores == [1])
        #expect(PageRank(iterations: 20, threads: 2).run(on: graph).scores == [1])
        let hits = HITS(threads: 2).run(on: graph)
        #expect(hits.authorities == [1] && hits.hubs == [1])
        #expect(KHopReach(depth: .unlimited, threads: 2).run(on: graph, seeds: [0]).reach == 0)
        let picks = SeedSelection(count: 5, model: .hops(.hops(2)), threads: 2).run(on: graph).picks
        #expect(picks.map(\.customer) == [0])
        #expect(ReferralAttribution(threads: 2).run(on: graph).attributedRevenue == [0])
    }

    /// A million customers in one referral ring (i referred i + 1, the last referred the
    /// first), who also follow each other round the ring.
    @Test func referralRingOfAMillion() {
        let n = 1_000_000
        let from = (0..<UInt32(n)).map { $0 }, to = (0..<UInt32(n)).map { ($0 + 1) % UInt32(n) }
        let graph = CustomerGraph(customerCount: n, followers: from, followees: to, referrers: from, referees: to,
                                  referralRevenues: [Double](repeating: 2, count: n), threads: 2)
        Self.expectCompact(graph, edges: 2 * n)

        // Three tiers up the ring never come back round, so everyone earns 2·(1 + 0.5 + 0.25).
        let result = ReferralAttribution(tiers: 3, weights: .decay(0.5), threads: 2).run(on: graph)
        let credit = result.attributedRevenue, downline = result.downline, direct = result.directReferrals
        #expect(credit.allSatisfy { $0 == 3.5 })
        #expect(downline.allSatisfy { $0 == UInt32(n - 1) } && direct.allSatisfy { $0 == 1 })
        // The walk up from c goes round the ring and stops at c + 1, whose referrer is c.
        let depth = result.depth, root = result.root, onRing = result.forest.onRing
        #expect(depth[0] == UInt32(n - 1) && root[0] == 1 && root[n - 1] == 0)
        #expect(onRing.allSatisfy { $0 })

        let rings = ReferralAudit().run(on: graph).rings
        let ring = rings.first ?? []
        #expect(rings.count == 1 && ring.count == n)
        #expect(ring.prefix(3) == [0, 1, 2] && ring.last == n - 1)

        // A directed cycle's PageRank is uniform.
        let pagerank = PageRank(threads: 2).run(on: graph)
        let (converged, scores) = (pagerank.converged, pagerank.scores)
        #expect(converged && scores.allSatisfy { abs($0 - 1 / Double(n)) < 1e-18 })
        #expect(KHopReach(depth: .unlimited, threads: 2).run(on: graph, seeds: [0]).reach == n - 1)
    }

    /// Two million customers with nothing between them.
    @Test func twoMillionIsolated() {
        let n = 2_000_000
        let graph = CustomerGraph(customerCount: n, followers: [], followees: [], threads: 2)
        Self.expectCompact(graph, edges: 0)
        let pagerank = PageRank(threads: 2).run(on: graph)
        let (converged, scores) = (pagerank.converged, pagerank.scores)
        #expect(converged && scores.allSatisfy { abs($0 - 1 / Double(n)) < 1e-15 })
        #expect(pagerank.top(3) == [0, 1, 2])
        #expect(KHopReach(depth: .unlimited, threads: 2).run(on: graph, seeds: Array(0..<100)).reach == 0)
        let picks = SeedSelection(count: 2, model: .hops(.hops(2)), threads: 2).run(on: graph).picks
        #expect(picks.map(\.customer) == [0, 1])
        // IMM would need about n·10⁴ RR sets here (OPT is 2); it stops at its memory
        // limit instead, within one batch of 32,768 sets of 12 bytes, and says how
        // much weaker its guarantee is.
        let limit = 1 << 20
        let wc = SeedSelection(count: 2, model: .weightedCascade, seed: 1, threads: 2, sampleMemoryLimit: limit).run(on: graph)
        let (sets, achieved) = (wc.reverseReachableSets, wc.guaranteedEpsilon ?? 0)
        #expect(wc.picks.count == 2 && Set(wc.seeds).count == 2)
        #expect(sets * 12 >= limit && sets * 12 <= limit + 32_768 * 12 + 8)
        #expect(achieved > 1)
        #expect(ReferralAttribution(threads: 2).run(on: graph).totalCredit == 0)
    }
}
