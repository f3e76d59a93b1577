import Testing
@testable import InfluenceGraph

@Suite struct CascadeTests {
    // A diamond with a tail and a back edge: followers 0 <- 1, 0 <- 2, 1 <- 3, 2 <- 3, 3 <- 4, 1 <- 2, 4 <- 5.
    static let tiny = CustomerGraph(customerCount: 6, follows: [(1, 0), (2, 0), (3, 1), (3, 2), (4, 3), (2, 1), (5, 4)])

    @Test func independentCascadeWithCertainEdgesIsFullReachability() {
        let g = randomIndexGraph(nodes: 400, edges: 1200, seed: 3)
        let seeds = [1, 50, 77]
        let full = KHopReach(depth: .unlimited).run(on: g, seeds: seeds).reach
        let one = CascadeSimulation(model: .independentCascade(probability: 1), runs: 20, seed: 9).run(on: g, seeds: seeds)
        #expect(one.meanReach == Double(full) && one.standardDeviation == 0)
        let zero = CascadeSimulation(model: .independentCascade(probability: 0), runs: 20, seed: 9).run(on: g, seeds: seeds)
        #expect(zero.meanReach == 0 && zero.meanSpread == 3)
    }

    @Test(arguments: [1 as UInt64, 2, 3])
    func monteCarloMeanIsWithinItsIntervalOfTheExactExpectation(seed: UInt64) {
        let g = Self.tiny
        let fe = g.follows.followees
        let cases: [(CascadeModel, Double)] = [
            (.independentCascade(probability: 0.3),
             LiveEdgeWorlds.independentCascade(g, seeds: [0]) { _ in 0.3 }),
            (.weightedCascade,
             LiveEdgeWorlds.independentCascade(g, seeds: [0]) { 1 / Double(fe.degree(of: $0)) }),
            (.linearThreshold, LiveEdgeWorlds.linearThreshold(g, seeds: [0])),
        ]
        for (model, exact) in cases {
            let e = CascadeSimulation(model: model, runs: 20_000, seed: seed, threads: 2).run(on: g, seeds: [0])
            #expect(e.confidenceInterval.contains(exact), "\(model): \(e.meanReach) ± \(1.96 * e.standardError) vs \(exact)")
        }
    }

    @Test func exclusionsMatchTheEnumeration() {
        let g = Self.tiny
        let exact = LiveEdgeWorlds.independentCascade(g, seeds: [0], excluded: [3]) { _ in 0.5 }
        let e = CascadeSimulation(model: .independentCascade(probability: 0.5), runs: 20_000, seed: 4)
            .run(on: g, seeds: [0], excluding: Bitmap(count: 6, members: [3]))
        #expect(e.confidenceInterval.contains(exact))
    }

    @Test func sameSeedSameNumbersAtAnyThreadCount() {
        let g = randomIndexGraph(nodes: 2_000, edges: 12_000, seed: 8)
        for model in [CascadeModel.weightedCascade, .independentCascade(probability: 0.1), .linearThreshold] {
            let one = CascadeSimulation(model: model, runs: 500, seed: 77, threads: 1).run(on: g, seeds: [1, 2, 3])
            let four = CascadeSimulation(model: model, runs: 500, seed: 77, threads: 4).run(on: g, seeds: [1, 2, 3])
            #expect(one == four)
            let other = CascadeSimulation(model: model, runs: 500, seed: 78, threads: 4).run(on: g, seeds: [1, 2, 3])
            #expect(one.meanReach != other.meanReach || one.meanReach == 0)
        }
    }

    @Test func weightedLinearThresholdUsesNormalizedWeights() {
        // 2 follows 0 (weight 3) and 1 (weight 1): seeding 0 activates 2 with probability 3/4.
        let g = CustomerGraph(customerCount: 3, follows: [(2, 0), (2, 1)], weights: [3, 1])
        let e = CascadeSimulation(model: .linearThreshold(.normalizedFollowWeights), runs: 20_000, seed: 1).run(on: g, seeds: [0])
        #expect(e.confidenceInterval.contains(0.75))
        let u = CascadeSimulation(model: .linearThreshold(.uniform), runs: 20_000, seed: 1).run(on: g, seeds: [0])
        #expect(u.confidenceInterval.contains(0.5))
    }
}
