import Testing
@testable import InfluenceGraph

/// A plain dense PageRank with NetworkX semantics: `w[u][v]` is the weight of `u → v`.
func referencePageRank(_ w: [[Double]], damping d: Double, iterations: Int, teleport: [Double]? = nil) -> [Double] {
    let n = w.count
    var x = [Double](repeating: 1 / Double(n), count: n)
    for _ in 0..<iterations { x = referencePageRankStep(w, x, damping: d, teleport: teleport) }
    return x
}

/// One Jacobi step of the plain reference iteration from `x`.
func referencePageRankStep(_ w: [[Double]], _ x: [Double], damping d: Double, teleport: [Double]? = nil) -> [Double] {
    let n = w.count
    let p = teleport ?? [Double](repeating: 1 / Double(n), count: n)
    let out = w.map { $0.reduce(0, +) }
    var dangling = 0.0
    for u in 0..<n where out[u] == 0 { dangling += x[u] }
    var y = [Double](repeating: 0, count: n)
    for v in 0..<n {
        var sum = 0.0
        for u in 0..<n where w[u][v] != 0 { sum += x[u] * w[u][v] / out[u] }
        y[v] = d * sum + (d * dangling + 1 - d) * p[v]
    }
    return y
}

/// The steps the reference iteration takes until the L1 change of one is below `tolerance`.
func referenceIterationsToTolerance(_ w: [[Double]], damping d: Double, tolerance: Double, teleport: [Double]? = nil) -> Int {
    var x = [Double](repeating: 1 / Double(w.count), count: w.count)
    for iteration in 1...1000 {
        let y = referencePageRankStep(w, x, damping: d, teleport: teleport)
        let change = zip(x, y).reduce(0) { $0 + abs($1.0 - $1.1) }
        x = y
        if change < tolerance { return iteration }
    }
    return 1000
}

/// Calls `body` with a random graph, plain and then with `testWeight` weights, its
/// dense matrix, and each teleport the reference tests use: uniform, then 2:1 on
/// customers 1 and 4 (as `PageRank.personalization` and as the reference's vector).
func forEachReferenceCase(nodes: Int, edges: Int, seed: UInt64,
                          _ body: (CustomerGraph, [[Double]], [Int: Double]?, [Double]?) -> Void) {
    let plain = randomPageRankGraph(nodes: nodes, edges: edges, seed: seed)
    for g in [plain, weightedCopy(plain)] {
        let w = denseMatrix(g)
        var teleport = [Double](repeating: 0, count: g.customerCount)
        teleport[1] = 2.0 / 3; teleport[4] = 1.0 / 3
        body(g, w, nil, nil)
        body(g, w, [1: 2, 4: 1], teleport)
    }
}

/// A deterministic weight for edge `u → v` in weighted tests.
func testWeight(_ u: Int, _ v: Int) -> Double { 1 + Double((u * 7 + v * 13) % 5) }

/// `graph` with `testWeight` on every follow edge.
func weightedCopy(_ g: CustomerGraph) -> CustomerGraph {
    let f = g.follows
    let outW = (0..<g.customerCount).flatMap { u in f.followees.neighbors(of: u).map { testWeight(u, Int($0)) } }
    let inW = (0..<g.customerCount).flatMap { v in f.followers.neighbors(of: v).map { testWeight(Int($0), v) } }
    let follows = FollowEdges(followees: f.followees, followers: f.followers, followeeWeights: EdgeWeights(outW), followerWeights: EdgeWeights(inW))
    return CustomerGraph(customers: g.customers, attributes: g.attributes, follows: follows, referrals: g.referrals, report: g.report)
}

/// The dense weight matrix of `graph` (weights from the graph when present).
func denseMatrix(_ g: CustomerGraph) -> [[Double]] {
    let n = g.customerCount
    var w = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
    for u in 0..<n {
        for e in g.follows.followees.edgeRange(of: u) {
            w[u][Int(g.follows.followees.targets[e])] = g.follows.followeeWeights?[e] ?? 1
        }
    }
    return w
}

func randomPageRankGraph(nodes: Int, edges: Int, seed: UInt64) -> CustomerGraph {
    var rng = SplitMix64(seed: seed)
    var pairs: [(follower: String, followee: String)] = []
    for _ in 0..<edges {
        let a = Int(rng.next() % UInt64(nodes)), b = Int(rng.next() % UInt64(nodes))
        pairs.append((follower: "c\(a)", followee: "c\(b)"))
    }
    return testGraph(follows: pairs, threads: 1)
}

@Suite struct PageRankTests {
    @Test func directedCycleIsUniform() {
        let g = testGraph(follows: [("a", "b"), ("b", "c"), ("c", "d"), ("d", "a")])
        let r = PageRank().run(on: g)
        for s in r.scores { #expect(abs(s - 0.25) < 1e-12) }
        #expect(r.converged)
    }

    @Test func starMatchesClosedForm() {
        // m leaves follow the centre; the centre is dangling and teleports uniformly.
        // Leaf: x_l = (d·x_c + 1 − d)/n; with x_c + m·x_l = 1, x_c = (1 + m·d)/(n + m·d).
        let m = 4, n = 5, d = 0.85
        let g = testGraph(follows: (1...m).map { (follower: "\($0)", followee: "0") })
        let r = PageRank(damping: d, tolerance: 1e-15, maxIterations: 1000).run(on: g)
        let centre = g.customers.index(of: "0")!
        let xc = (1 + Double(m) * d) / (Double(n) + Double(m) * d)
        let xl = (d * xc + 1 - d) / Double(n)
        #expect(abs(r.scores[centre] - xc) < 1e-12)
        for i in 0..<n where i != centre { #expect(abs(r.scores[i] - xl) < 1e-12) }
    }

    @Test func allDanglingIsUniform() {
        // Self-follows are dropped, so every customer follows nobody.
        let g = testGraph(follows: [("a", "a"), ("b", "b"), ("c", "c")])
        #expect(g.customerCount == 3)
        let r = PageRank().run(on: g)
        for s in r.scores { #expect(abs(s - 1.0 / 3) < 1e-12) }
    }

    @Test func sumsToOneAndNonNegative() {
        let g = randomPageRankGraph(nodes: 300, edges: 1500, seed: 7)
        for graph in [g, weightedCopy(g)] {
            let r = PageRank(weighted: true, personalization: [0: 1, 5: 3]).run(on: graph)
            #expect(abs(r.scores.reduce(0, +) - 1) < 1e-12)
            #expect(r.scores.allSatisfy { $0 >= 0 })
        }
    }

    @Test func identicalAtAnyThreadCount() {
        // Enough edges for several chunks.
        let g = weightedCopy(randomPageRankGraph(nodes: 40_000, edges: 200_000, seed: 11))
        for weighted in [false, true] {
            let one = PageRank(weighted: weighted, threads: 1).run(on: g)
            let four = PageRank(weighted: weighted, threads: 4).run(on: g)
            #expect(one == four)
        }
    }

    @Test(arguments: [1, 2, 3] as [UInt64], IterationOrder.allCases)
    func agreesWithReference(seed: UInt64, order: IterationOrder) {
        forEachReferenceCase(nodes: 60, edges: 200, seed: seed) { g, w, personalization, teleport in
            let r = PageRank(iterations: 50, weighted: true, personalization: personalization, threads: 2, order: order).run(on: g)
            let expected = referencePageRank(w, damping: 0.85, iterations: 50, teleport: teleport)
            #expect(r.iterations == 50)
            for i in 0..<g.customerCount { #expect(abs(r.scores[i] - expected[i]) < 1e-12) }
        }
    }

    /// A run that stops on its tolerance takes its early iterations on `Float` votes;
    /// it must still end where the `Double` iteration converges, after as many
    /// iterations as the reference needs to get its change under the tolerance.
    @Test(arguments: [1, 2] as [UInt64])
    func toleranceRunMatchesTheConvergedReference(seed: UInt64) {
        forEachReferenceCase(nodes: 200, edges: 1_000, seed: seed) { g, w, personalization, teleport in
            let r = PageRank(tolerance: 1e-9, weighted: true, personalization: personalization, threads: 2).run(on: g)
            let steps = referenceIterationsToTolerance(w, damping: 0.85, tolerance: 1e-9, teleport: teleport)
            let exact = referencePageRank(w, damping: 0.85, iterations: 400, teleport: teleport)
            #expect(r.converged && r.delta < 1e-9)
            #expect(abs(r.iterations - steps) <= 1, "\(r.iterations) iterations, the reference needs \(steps)")
            let error = zip(r.scores, exact).reduce(0) { $0 + abs($1.0 - $1.1) }
            #expect(error < 1e-8, "L1 distance \(error) from the converged scores")
            #expect(abs(r.scores.reduce(0, +) - 1) < 1e-12)
        }
    }

    /// Below the `Float` floor the run refines: its scores take changes computed
    /// from `Float` votes of the last change (at 1e-7 and 1e-10); at 1e-12 it stays
    /// `Double`, as refining's rounding would no longer be small beside the
    /// tolerance. Either way it must take the reference's iterations and land on the
    /// fixed point to the tolerance, at any thread count.
    @Test(arguments: [1, 3])
    func refinedRunMatchesTheReferenceAtADeepTolerance(threads: Int) {
        #expect(PageRankKernel.refines(tolerance: 1e-9, damping: 0.85) && PageRankKernel.refines(tolerance: 1e-10, damping: 0.85))
        #expect(!PageRankKernel.refines(tolerance: 1e-12, damping: 0.85) && !PageRankKernel.refines(tolerance: 1e-9, damping: 0.99))
        forEachReferenceCase(nodes: 300, edges: 1_500, seed: 9) { g, w, personalization, teleport in
            for tolerance in [1e-7, 1e-10, 1e-12] {
                let r = PageRank(tolerance: tolerance, weighted: true, personalization: personalization, threads: threads).run(on: g)
                let steps = referenceIterationsToTolerance(w, damping: 0.85, tolerance: tolerance, teleport: teleport)
                let exact = referencePageRank(w, damping: 0.85, iterations: 600, teleport: teleport)
                #expect(r.converged && r.delta < tolerance)
                #expect(abs(r.iterations - steps) <= 1, "\(r.iterations) iterations, the reference needs \(steps)")
                let error = zip(r.scores, exact).reduce(0) { $0 + abs($1.0 - $1.1) }
                #expect(error < 20 * tolerance, "L1 distance \(error) from the converged scores at tolerance \(tolerance)")
                #expect(abs(r.scores.reduce(0, +) - 1) < 1e-12)
            }
            // The same run at one thread and at three gives the same bits.
            let one = PageRank(tolerance: 1e-10, weighted: true, personalization: personalization, threads: 1).run(on: g)
            let three = PageRank(tolerance: 1e-10, weighted: true, personalization: personalization, threads: 3).run(on: g)
            #expect(one.scores == three.scores && one.iterations == three.iterations)
        }
    }

    @Test func warmStartConvergesFaster() {
        let g = randomPageRankGraph(nodes: 500, edges: 3000, seed: 5)
        let cold = PageRank().run(on: g)
        let warm = PageRank().run(on: g, warmStart: cold.scores)
        #expect(cold.converged)
        #expect(warm.converged)
        #expect(warm.iterations < cold.iterations)
        // From the converged answer, one full-precision iteration confirms it.
        let exact = PageRank(tolerance: 1e-14, maxIterations: 500).run(on: g)
        let again = PageRank().run(on: g, warmStart: exact.scores)
        #expect(again.iterations == 1)
        #expect(zip(again.scores, exact.scores).allSatisfy { abs($0 - $1) < 1e-15 })
    }

    /// Weights so small or so large that `1 / W(u)` leaves `Float`'s comfortable
    /// range: the votes stay `Double`, and the scores are those of the converged
    /// reference on the same weights.
    @Test(arguments: [1e-300, 1e35])
    func extremeWeightsConverge(scale: Double) {
        let g = weightedCopy(randomPageRankGraph(nodes: 150, edges: 700, seed: 6))
        let f = g.follows
        func scaled(_ w: EdgeWeights?) -> EdgeWeights? { w.map { w in EdgeWeights((0 ..< w.count).map { w[$0] * scale }) } }
        let follows = FollowEdges(followees: f.followees, followers: f.followers,
                                  followeeWeights: scaled(f.followeeWeights), followerWeights: scaled(f.followerWeights))
        let extreme = CustomerGraph(customers: g.customers, attributes: g.attributes, follows: follows, referrals: g.referrals, report: g.report)
        let r = PageRank(weighted: true, threads: 2).run(on: extreme)
        let exact = referencePageRank(denseMatrix(extreme), damping: 0.85, iterations: 400)
        #expect(r.converged && r.scores.allSatisfy(\.isFinite))
        #expect(zip(r.scores, exact).reduce(0) { $0 + abs($1.0 - $1.1) } < 1e-8)
    }

    @Test func rankingBreaksTiesByIndex() {
        #expect(Ranking.top(3, of: [0.1, 0.3, 0.3, 0.2]) == [1, 2, 3])
        #expect(Ranking.top(10, of: [0.5, 0.5]) == [0, 1])
        let pct: [Double] = [2.5 / 3, 0, 2.5 / 3, 1.0 / 3]
        #expect(Ranking.percentiles([5, 1, 5, 3]) == pct)
        let dist = Distribution([1, 2, 3, 4, 5])
        #expect(dist.p50 == 3)
        #expect(dist.min == 1)
        #expect(dist.max == 5)
        #expect(dist.mean == 3)
        #expect(abs(dist.p90 - 4.6) < 1e-12)
    }

    /// The selection-based percentiles equal those read off a full sort, on inputs
    /// that stress a selection: runs of equal values, sorted and reversed orders,
    /// negatives and zeros of both signs, values apart in their last bits only; above
    /// 2¹⁹ values through the sample's brackets, at any thread count.
    @Test(arguments: [1, 3])
    func distributionAgreesWithASortedReference(threads: Int) {
        func reference(_ values: [Double]) -> [Double] {
            let sorted = values.sorted()
            func quantile(_ q: Double) -> Double {
                let position = q * Double(sorted.count - 1)
                let lower = Int(position), upper = min(lower + 1, sorted.count - 1)
                return sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
            }
            var total = 0.0
            for v in values { total += v }
            return [sorted[0], total / Double(values.count), quantile(0.5), quantile(0.9), quantile(0.99), sorted[sorted.count - 1]]
        }
        var random = SplitMix64(seed: 11)
        for n in [1, 2, 3, 17, 100, 1_001, 65_537, 600_001] {
            let uniform = (0 ..< n).map { _ in Double(random.next() >> 11) / Double(1 << 53) }
            let fewValues = (0 ..< n).map { _ in Double(random.next() % 5) }
            let signed = (0 ..< n).map { _ in [-3.5, 0, -0.0, 2, 1e-300, -1e300][Int(random.next() % 6)] }
            let lastBits = (0 ..< n).map { _ in 1 + Double(random.next() % 64) * 0x1p-52 }
            // Just over half zeros: the median lies in a tie at a bracket's low end.
            let halfZeros = uniform.map { random.next() % 1_000 < 503 ? 0 : $0 }
            for values in [uniform, fewValues, signed, lastBits, halfZeros, uniform.sorted(), uniform.sorted(by: >),
                           [Double](repeating: 0.25, count: n)] {
                let d = Distribution(values, threads: threads)
                #expect([d.min, d.mean, d.p50, d.p90, d.p99, d.max] == reference(values), "n = \(n)")
            }
        }
    }
}

@Suite struct HITSTests {
    @Test func smallBipartite() {
        // h1 → a1, h1 → a2, h2 → a1. AᵀA = [[2,1],[1,1]]; its principal eigenvector gives
        // authorities (1, g)/(1 + g) with g = (√5 − 1)/2, i.e. a1 = g, a2 = 1 − g; hubs
        // A·a = (1, g) normalized: h1 = g, h2 = 1 − g.
        let g = testGraph(follows: [("h1", "a1"), ("h1", "a2"), ("h2", "a1")])
        let r = HITS(tolerance: 1e-14, maxIterations: 200).run(on: g)
        let golden = (5.0.squareRoot() - 1) / 2
        let idx = { (id: String) in g.customers.index(of: id)! }
        #expect(abs(r.authorities[idx("a1")] - golden) < 1e-10)
        #expect(abs(r.authorities[idx("a2")] - (1 - golden)) < 1e-10)
        #expect(abs(r.hubs[idx("h1")] - golden) < 1e-10)
        #expect(abs(r.hubs[idx("h2")] - (1 - golden)) < 1e-10)
        #expect(r.authorities[idx("h1")] == 0)
        #expect(r.hubs[idx("a1")] == 0)
        #expect(r.converged)
    }

    /// A plain dense HITS with the same numeric policy.
    static func reference(_ w: [[Double]], iterations: Int) -> (authorities: [Double], hubs: [Double]) {
        let n = w.count
        var hubs = [Double](repeating: 1 / Double(n), count: n)
        var authorities = hubs
        for _ in 0..<iterations {
            authorities = (0..<n).map { v in (0..<n).reduce(0.0) { $0 + (w[$1][v] != 0 ? hubs[$1] : 0) } }
            let a = authorities.reduce(0, +)
            authorities = authorities.map { $0 / a }
            hubs = (0..<n).map { u in (0..<n).reduce(0.0) { $0 + (w[u][$1] != 0 ? authorities[$1] : 0) } }
            let h = hubs.reduce(0, +)
            hubs = hubs.map { $0 / h }
        }
        return (authorities, hubs)
    }

    @Test(arguments: [4, 5] as [UInt64])
    func agreesWithReference(seed: UInt64) {
        let g = randomPageRankGraph(nodes: 80, edges: 400, seed: seed)
        let r = HITS(tolerance: 0, maxIterations: 30, threads: 2).run(on: g)
        let expected = Self.reference(denseMatrix(g), iterations: 30)
        #expect(r.iterations == 30)
        for i in 0..<g.customerCount {
            #expect(abs(r.authorities[i] - expected.authorities[i]) < 1e-12)
            #expect(abs(r.hubs[i] - expected.hubs[i]) < 1e-12)
        }
        #expect(abs(r.authorities.reduce(0, +) - 1) < 1e-12)
    }

    @Test func identicalAtAnyThreadCount() {
        let g = randomPageRankGraph(nodes: 30_000, edges: 150_000, seed: 6)
        #expect(HITS(maxIterations: 20, threads: 1).run(on: g) == HITS(maxIterations: 20, threads: 3).run(on: g))
    }
}

@Suite struct AdvocateScoreTests {
    static var shop: String {
        (#filePath.components(separatedBy: "/Tests/").first ?? ".") + "/fixtures/tiny/shop"
    }

    @Test func tinyShopComponentsAndProfiles() throws {
        let g = try CustomerGraph.load(from: Self.shop, options: LoadOptions(threads: 1))
        let r = AdvocateScore().run(on: g)
        let i = { (id: String) in g.customers.index(of: id)! }
        // Spend: dee 0 < ben 80.5 < eve 310.25 < ana 1200 < chen 15000.
        #expect(r.wallet[i("chen")] == 1)
        #expect(r.wallet[i("ana")] == 0.75)
        #expect(r.wallet[i("dee")] == 0)
        // Referral: attributed revenue, first touch, 3 tiers, decay 0.5, as `influence
        // attribute` reports it. eve's first referral row is ben's, so ben earns eve's 120
        // and ana 0.5 · 120 on tier 2 plus ben's 80.5: ana 140.5, ben 120, the rest 0.
        let credit = ReferralAttribution().run(on: g)
        #expect(credit.attributedRevenue == [140.5, 120, 0, 0, 0])
        #expect(r.referralValues == credit.attributedRevenue)
        #expect(r.referral[i("ana")] == 1)
        #expect(r.referral[i("ben")] == 0.75)
        #expect(r.referral[i("chen")] == 0.25)
        #expect(r.referral[i("dee")] == 0.25)
        // PageRank: ana (4 followers) > chen > ben > dee = eve (no followers).
        #expect(r.social[i("ana")] == 1)
        #expect(r.social[i("chen")] == 0.75)
        #expect(r.social[i("ben")] == 0.5)
        #expect(r.social[i("eve")] == 0.125)
        #expect(abs(r.scores[i("ana")] - (0.5 * 1 + 0.2 * 1 + 0.3 * 0.75)) < 1e-12)
        // ana's largest component is referral (1, tied with social) at ≥ 0.8; ben's 0.75 is below it.
        #expect(r.profiles[i("ana")] == .referrer)
        #expect(r.profiles[i("ben")] == .other)
        #expect(r.profiles[i("dee")] == .other)
        // The same scores whether the attribution is run inside or handed in.
        #expect(AdvocateScore().run(on: g, attribution: credit) == r)
        let loose = AdvocateScore(thresholds: AdvocateThresholds(high: 0.7, low: 0.5)).run(on: g)
        #expect(loose.profiles[i("ana")] == .advocate)
        #expect(loose.profiles[i("chen")] == .advocate)
        let overridden = AdvocateScore().run(on: g, referralValues: [0, 0, 0, 0, 9])
        #expect(overridden.referral[i("eve")] == 1)
    }

    @Test func profileThresholds() {
        let t = AdvocateThresholds()
        #expect(t.profile(social: 0.9, referral: 0, wallet: 0.2) == .influencer)
        #expect(t.profile(social: 0.1, referral: 0, wallet: 0.9) == .bigSpender)
        #expect(t.profile(social: 0.9, referral: 0, wallet: 0.9) == .advocate)
    }
}
