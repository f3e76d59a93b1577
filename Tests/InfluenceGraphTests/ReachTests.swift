import Testing
@testable import InfluenceGraph

@Suite struct ReachTests {
    // 0 <- 1, 2 (followers of 0); 1 <- 3; 2 <- 3, 4; 4 <- 5; 6 isolated; 7 -> 0 too.
    static let hand = CustomerGraph(customerCount: 8, follows: [(1, 0), (2, 0), (7, 0), (3, 1), (3, 2), (4, 2), (5, 4)])

    @Test(arguments: [TraversalDirection.automatic, .topDown, .bottomUp], [1, 2, 4])
    func perHopCountsOnHandGraph(direction: TraversalDirection, threads: Int) {
        let r = KHopReach(depth: .hops(3), direction: direction, threads: threads).run(on: Self.hand, seeds: [0])
        #expect(r.hopCounts == [3, 2, 1])
        #expect(r.reach == 6 && r.spread == 7)
        // A limit past the graph's depth reports no trailing zeros: the same as unlimited.
        let four = KHopReach(depth: .hops(4), direction: direction, threads: threads).run(on: Self.hand, seeds: [0])
        #expect(four.hopCounts == [3, 2, 1])
        let most = KHopReach(depth: .hops(ReachDepth.maximumHops), direction: direction, threads: threads).run(on: Self.hand, seeds: [0])
        #expect(most.hopCounts == [3, 2, 1])
        // Trailing hops that reach only excluded customers are empty too.
        var excluded = Bitmap(count: 8)
        excluded.insert(5)
        let quiet = KHopReach(depth: .hops(9), direction: direction, threads: threads).run(on: Self.hand, seeds: [0], excluding: excluded)
        #expect(quiet.hopCounts == [3, 2])  // hop 3 reaches only 5, who is not counted
        let all = KHopReach(depth: .unlimited, direction: direction, threads: threads).run(on: Self.hand, seeds: [0])
        #expect(all.hopCounts == [3, 2, 1])
        let two = KHopReach(depth: .hops(1), direction: direction, threads: threads).run(on: Self.hand, seeds: [2, 4, 2])
        #expect(two.seeds == [2, 4] && two.hopCounts == [2])  // 3 and 5; 4 is a seed
    }

    @Test func exclusionsAreNotCountedButRelay() {
        let excluded = Bitmap(count: 8, members: [2])
        let r = KHopReach(depth: .hops(3)).run(on: Self.hand, seeds: [0], excluding: excluded)
        #expect(r.hopCounts == [2, 2, 1])  // 2 not counted, yet 4 and 5 are reached through it
    }

    @Test(arguments: [11 as UInt64, 12, 13])
    func matchesReferenceBFSOnRandomGraphs(seed: UInt64) {
        let g = randomIndexGraph(nodes: 300, edges: 900, seed: seed)
        var rng = SplitMix64(seed: seed)
        let seeds = (0..<5).map { _ in rng.nextIndex(below: 300) }
        let excluded = Set((0..<30).map { _ in rng.nextIndex(below: 300) })
        for hops in 1...4 {
            let expected = referenceHopCounts(g, seeds: seeds, hops: hops, excluded: excluded)
            for direction in [TraversalDirection.automatic, .topDown, .bottomUp] {
                for threads in [1, 4] {
                    let r = KHopReach(depth: .hops(hops), direction: direction, threads: threads)
                        .run(on: g, seeds: seeds, excluding: Bitmap(count: 300, members: excluded))
                    #expect(Array(r.hopCounts.prefix(expected.count)) == expected)
                    #expect(r.hopCounts.dropFirst(expected.count).allSatisfy { $0 == 0 })
                }
            }
        }
    }

    @Test func overlapOnHandGraph() {
        // Audiences at one hop: A(0) = {1, 2, 7}, A(2) = {3, 4}, A(1) = {3}.
        let o = AudienceOverlap(depth: .hops(1)).run(on: Self.hand, seeds: [0, 2, 1])
        #expect(o.ownReach == [3, 2, 1])
        #expect(o.totalReach == 3)  // {7, 3, 4}; 1 and 2 are seeds
        #expect(o.shared(1, 2) == 1 && o.shared(0, 1) == 0)
        #expect(o.jaccard(1, 2) == 0.5)
        // Dropping seed 1 loses no audience but makes 1 itself reached: marginal −1.
        #expect(o.marginalReach == [1, 0, -1])  // dropping 2 loses 4 but makes 2 reached
        for (i, s) in o.seeds.enumerated() {
            let others = o.seeds.filter { $0 != s }
            let all = KHopReach(depth: .hops(1)).run(on: Self.hand, seeds: o.seeds).reach
            let without = KHopReach(depth: .hops(1)).run(on: Self.hand, seeds: others).reach
            #expect(o.marginalReach[i] == all - without)
            #expect(o.totalReach == all)
        }
    }

    @Test func overlapMatchesReachOnRandomGraphs() {
        let g = randomIndexGraph(nodes: 200, edges: 500, seed: 5)
        let seeds = [3, 17, 40, 41, 99, 150]
        let excluded = Bitmap(count: 200, members: [5, 6, 7, 17])
        let o = AudienceOverlap(depth: .hops(2), threads: 3).run(on: g, seeds: seeds, excluding: excluded)
        let all = KHopReach(depth: .hops(2)).run(on: g, seeds: seeds, excluding: excluded).reach
        #expect(o.totalReach == all)
        for (i, s) in seeds.enumerated() {
            #expect(o.ownReach[i] == KHopReach(depth: .hops(2)).run(on: g, seeds: [s], excluding: excluded).reach)
            let without = KHopReach(depth: .hops(2)).run(on: g, seeds: seeds.filter { $0 != s }, excluding: excluded).reach
            #expect(o.marginalReach[i] == all - without)
        }
        #expect(o == AudienceOverlap(depth: .hops(2), threads: 1).run(on: g, seeds: seeds, excluding: excluded))
    }
}
