import Testing
@testable import InfluenceGraph

@Suite struct SeedSelectionTests {
    /// All k-subsets of `0..<n`.
    static func subsets(_ n: Int, _ k: Int) -> [[Int]] {
        if k == 0 { return [[]] }
        if n < k { return [] }
        return subsets(n - 1, k) + subsets(n - 1, k - 1).map { $0 + [n - 1] }
    }

    static func hopSpread(_ g: CustomerGraph, _ s: [Int], hops: Int) -> Int {
        KHopReach(depth: .hops(hops)).run(on: g, seeds: s).spread
    }

    @Test func greedyEqualsBruteForceWhereGreedyIsOptimal() {
        // Disjoint stars of sizes 5, 4, 3, 2 around 0, 10, 20, 30: greedy is optimal.
        var pairs: [(Int, Int)] = []
        for (hub, size) in [(0, 5), (10, 4), (20, 3), (30, 2)] { for i in 1...size { pairs.append((hub + i, hub)) } }
        let g = CustomerGraph(customerCount: 40, follows: pairs)
        for k in 1...4 {
            let result = SeedSelection(count: k, model: .hops(.hops(1))).run(on: g)
            let best = Self.subsets(40, k).map { Self.hopSpread(g, $0, hops: 1) }.max()!
            #expect(Int(result.picks.last!.spread) == best)
            #expect(Int(result.picks.last!.spread) == Self.hopSpread(g, result.seeds, hops: 1))
        }
        #expect(SeedSelection(count: 2, model: .hops(.hops(1))).run(on: g).seeds == [0, 10])
    }

    @Test(arguments: [21 as UInt64, 22, 23, 24])
    func greedyIsWithinOneMinusOneOverEOfOptimum(seed: UInt64) {
        let g = randomIndexGraph(nodes: 14, edges: 30, seed: seed)
        for hops in [1, 2] {
            let result = SeedSelection(count: 3, model: .hops(.hops(hops))).run(on: g)
            let best = Self.subsets(14, 3).map { Self.hopSpread(g, $0, hops: hops) }.max()!
            let got = Self.hopSpread(g, result.seeds, hops: hops)
            #expect(Double(got) == result.picks.last!.spread)
            #expect(Double(got) >= (1 - 1 / 2.718281828459045) * Double(best))
            // The reach curve is consistent: cumulative reach = spread − picks.
            for (i, p) in result.picks.enumerated() { #expect(p.reach == p.spread - Double(i + 1)) }
        }
    }

    @Test func candidatesRestrictThePicks() {
        let g = randomIndexGraph(nodes: 50, edges: 200, seed: 2)
        let result = SeedSelection(count: 3, model: .hops(.hops(2))).run(on: g, candidates: [5, 6, 7, 8, 9])
        #expect(result.seeds.allSatisfy { (5...9).contains($0) } && result.picks.count == 3)
    }

    @Test func budgetKeepsTheBestSingleSeedWhenItWins() {
        // Hub 0 has 10 followers and costs 10; hubs 20 and 30 have one follower each and cost 1.
        var pairs: [(Int, Int)] = (1...10).map { ($0, 0) }
        pairs += [(21, 20), (31, 30)]
        let g = CustomerGraph(customerCount: 40, follows: pairs)
        let candidates = [0, 20, 30]
        let costs = [10.0, 1, 1]
        let result = SeedSelection(count: 5, model: .hops(.hops(1)), budget: 10).run(on: g, candidates: candidates, costs: costs)
        // Gain per cost favours 20 and 30 (2 each), which leaves too little for 0: 4 < 11.
        #expect(result.seeds == [0] && result.picks[0].spread == 11)
        let cheap = SeedSelection(count: 5, model: .hops(.hops(1)), budget: 2).run(on: g, candidates: candidates, costs: costs)
        #expect(cheap.seeds == [20, 30] && cheap.picks.last!.cumulativeCost == 2)
    }

    /// RR sets stop at a count limit (in production the 2³² − 1 that 32-bit set ids
    /// number), whatever the byte limit; the coverage counts built over them match a
    /// plain count of memberships.
    @Test func rrSetsStopAtTheirCountLimit() {
        let g = CustomerGraph(customerCount: 7, follows: [(1, 0), (2, 0), (3, 1), (4, 1), (5, 2), (6, 5), (3, 6), (4, 2)])
        let sampler = RRSampler(graph: g, probability: 0.5, excluded: nil)
        var sets = ReverseReachableSets()
        let reached = sets.grow(to: 10_000, sampler: sampler, seed: 9, threads: 2, countLimit: 1_000)
        #expect(!reached && sets.count == 1_000)
        let again = sets.grow(to: 500, sampler: sampler, seed: 9, threads: 2, countLimit: 1_000)
        #expect(again && sets.count == 1_000)
        #expect(ReverseReachableSets.maximumCount == Int(UInt32.max))
        let coverage = RRCoverage(sets: sets, nodeCount: 7, scale: 1, excluded: nil)
        for v in 0..<7 {
            let holding = (0..<sets.count).filter { r in sets.members[sets.offsets[r] ..< sets.offsets[r + 1]].contains(UInt32(v)) }
            #expect(coverage.coverCount(v) == holding.count)
        }
        // The CLI's largest --rr-memory cannot outgrow the set ids: a set takes at least 12 bytes.
        #expect(SeedSelection.maximumSampleMemoryLimit / 12 + 32_768 < ReverseReachableSets.maximumCount)
    }

    @Test(arguments: [31 as UInt64, 32])
    func immIsWithinOneMinusOneOverEMinusEpsilonOfTheOptimum(seed: UInt64) {
        let g = CustomerGraph(customerCount: 7, follows: [(1, 0), (2, 0), (3, 1), (4, 1), (5, 2), (6, 5), (3, 6), (4, 2)])
        let fe = g.follows.followees
        let epsilon = 0.1
        for model in [SeedSelectionModel.weightedCascade, .independentCascade(probability: 0.4)] {
            let p: (Int) -> Double = model == .weightedCascade ? { 1 / Double(fe.degree(of: $0)) } : { _ in 0.4 }
            func spread(_ s: [Int]) -> Double { LiveEdgeWorlds.independentCascade(g, seeds: s, probability: p) + Double(s.count) }
            let result = SeedSelection(count: 2, model: model, epsilon: epsilon, seed: seed, threads: 2).run(on: g)
            let best = Self.subsets(7, 2).map(spread).max()!
            #expect(spread(result.seeds) >= (1 - 1 / 2.718281828459045 - epsilon) * best)
            #expect(result.reverseReachableSets > 0)
            // The RR estimate of the picked set is close to its exact spread.
            #expect(abs(result.picks.last!.spread - spread(result.seeds)) < 0.2)
        }
    }

    @Test func sameSeedSameSeedsAtAnyThreadCount() {
        let g = randomIndexGraph(nodes: 3_000, edges: 15_000, seed: 4)
        let one = SeedSelection(count: 5, model: .weightedCascade, epsilon: 0.3, seed: 5, threads: 1).run(on: g)
        let four = SeedSelection(count: 5, model: .weightedCascade, epsilon: 0.3, seed: 5, threads: 4).run(on: g)
        #expect(one == four)
        let hopsOne = SeedSelection(count: 5, model: .hops(.hops(2)), threads: 1).run(on: g)
        let hopsFour = SeedSelection(count: 5, model: .hops(.hops(2)), threads: 4).run(on: g)
        #expect(hopsOne == hopsFour)
    }
}
