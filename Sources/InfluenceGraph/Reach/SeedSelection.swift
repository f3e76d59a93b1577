/// The spread model seed selection optimizes.
public enum SeedSelectionModel: Sendable, Equatable, Hashable {
    /// Exact k-hop audience coverage, by lazy greedy (CELF).
    case hops(ReachDepth)
    /// Independent cascade with one edge probability, by IMM.
    case independentCascade(probability: Double)
    /// Weighted cascade (edge probability 1 / followee count of the follower), by IMM.
    case weightedCascade
}

/// Influence maximization: which advocates to pay so a campaign reaches the most people.
///
/// - `.hops`: greedy maximum coverage of the k-hop audience with lazy evaluation
///   (CELF, Leskovec et al. 2007); the spread of the result is at least
///   (1 − 1/e) of the best possible set of the same size.
/// - `.independentCascade`, `.weightedCascade`: IMM (Tang, Shi and Xiao 2015) with
///   failure probability 1/n: random reverse-reachable sets are sampled until their
///   number guarantees, with probability at least 1 − 1/n, a spread within
///   (1 − 1/e − ε) of the optimum; greedy coverage of those sets picks the seeds.
///   The final sets are sampled afresh after the lower bound is found (Chen 2018's
///   correction to the original analysis).
///
/// With a `budget`, each candidate has a cost and the picks are made by
/// cost-effective lazy greedy (gain per cost among affordable candidates); the
/// better of that set and the best single affordable seed is returned (Khuller,
/// Moss and Naor 1999), which keeps a constant-factor guarantee.
///
/// IMM needs about n / OPT RR sets, which is beyond any memory when the best
/// spread is tiny next to the number of customers (a graph with almost no follows).
/// Sampling therefore stops at `sampleMemoryLimit` bytes of RR sets; the result then
/// states the weaker ε its sets do guarantee (`guaranteedEpsilon`).
///
/// Ties between equal gains break by customer index. Results depend on `seed` but
/// never on `threads`.
///
/// ```swift
/// let result = SeedSelection(count: 10, model: .hops(.hops(2))).run(on: graph)
/// for pick in result.picks { print(pick.customer, pick.marginalReach, pick.reach) }
/// ```
public struct SeedSelection: Sendable {
    /// The most seeds to pick.
    public var count: Int
    /// What spread means. Default: 2-hop coverage.
    public var model: SeedSelectionModel
    /// IMM's approximation slack ε. Default: 0.1.
    public var epsilon: Double
    /// The most the picks may cost together, or `nil` for no budget (then costs are ignored). Default: `nil`.
    public var budget: Double?
    /// The random seed of IMM's sampling. Default: 1, as `influence seeds --seed`.
    public var seed: UInt64
    /// Worker threads. Default: all cores. Does not change results.
    public var threads: Int
    /// The most bytes IMM's RR sets may hold (8 per set plus 4 per member), a fixed
    /// number so results do not depend on the machine. Default: 4 GiB. Whatever the
    /// limit, sampling also stops at 2³² − 1 sets, the most 32-bit set ids number.
    public var sampleMemoryLimit: Int

    /// The largest `sampleMemoryLimit` that can bind before the set count does:
    /// 49,151 MiB. A set takes at least 12 bytes (its offset and its root), so
    /// 2³² − 1 sets need a little under 48 GiB; the CLI's `--rr-memory` accepts up to
    /// this many megabytes.
    public static let maximumSampleMemoryLimit = 49_151 << 20

    public init(count: Int, model: SeedSelectionModel = .hops(.hops(2)), epsilon: Double = 0.1,
                budget: Double? = nil, seed: UInt64 = 1, threads: Int = Threads.available, sampleMemoryLimit: Int = 4 << 30) {
        self.count = count
        self.model = model
        self.epsilon = epsilon
        self.budget = budget
        self.seed = seed
        self.threads = threads
        self.sampleMemoryLimit = sampleMemoryLimit
    }

    /// Picks seeds.
    ///
    /// - Parameters:
    ///   - graph: the customer graph.
    ///   - candidates: the customers that may be picked (repeats ignored), or `nil` for everyone.
    ///   - costs: a positive cost per entry of `candidates` (per customer when
    ///     `candidates` is `nil`), used only with a budget; `nil` means every cost is 1.
    ///   - excluded: customers never counted as reached, or `nil`.
    /// - Returns: the picks in order, each with its marginal gain and the cumulative reach.
    /// - Complexity: hops: O(evaluations · (audience + its edges)), evaluations being
    ///   typically a small multiple of `count`. IMM: O((k + ℓ)(n + m) log n / ε²)
    ///   expected time; memory O(θ · mean RR set size) for θ sets, stored flat.
    public func run(on graph: CustomerGraph, candidates: [Int]? = nil, costs: [Double]? = nil,
                    excluding excluded: Bitmap? = nil) -> SeedSelectionResult
    {
        let n = graph.customerCount
        var pool: [Int] = []
        var poolCosts: [Double] = []
        var seen = Set<Int>()
        for (i, c) in (candidates ?? Array(0..<n)).enumerated() where c >= 0 && c < n && seen.insert(c).inserted {
            let cost = budget == nil ? 1 : (costs.map { $0[i] } ?? 1)
            pool.append(c)
            poolCosts.append(cost)
        }
        let threads = Threads.resolve(self.threads)
        let unitCosts = budget == nil
        let limit = max(0, count)
        let picks: [LazyGreedy.Pick]
        var rrSets = 0
        var sampledRoots = 0
        var guaranteedEpsilon: Double? = nil
        switch model {
        case .hops(let depth):
            let bounds = HopCoverage.upperBounds(graph: graph, candidates: pool, hops: depth.limit)
            var oracle = HopCoverage(graph: graph, hops: depth.limit, excluded: excluded)
            picks = pickWithBudget(oracle: &oracle, pool: pool, costs: poolCosts, bounds: bounds, limit: limit, unitCosts: unitCosts)
        case .independentCascade, .weightedCascade:
            var p: Double? = nil
            if case .independentCascade(let q) = model { p = q }
            let sampler = RRSampler(graph: graph, probability: p, excluded: excluded)
            var k = min(limit, pool.count)
            if let budget { k = min(k, Self.affordableCount(poolCosts, budget: budget)) }
            let (sets, achieved) = IMM(epsilon: epsilon, seed: seed, threads: threads, byteLimit: sampleMemoryLimit)
                .sample(sampler: sampler, k: max(1, k), candidates: pool)
            rrSets = sets.count
            sampledRoots = sampler.rootCount
            guaranteedEpsilon = achieved
            var oracle = RRCoverage(sets: sets, nodeCount: n, scale: Double(sampler.rootCount) / Double(max(1, sets.count)), excluded: excluded)
            let bounds = pool.map { oracle.gain(of: $0) }
            picks = pickWithBudget(oracle: &oracle, pool: pool, costs: poolCosts, bounds: bounds, limit: limit, unitCosts: unitCosts)
        }
        var result: [SeedPick] = []
        var spread = 0.0, spent = 0.0
        var excludedSeeds = 0
        for pick in picks {
            spread += pick.gain
            spent += pick.cost
            if excluded?.contains(pick.candidate) ?? false { excludedSeeds += 1 }
            let i = result.count + 1
            result.append(SeedPick(customer: pick.candidate, marginalSpread: pick.gain, spread: spread,
                                   reach: spread - Double(i), cost: pick.cost, cumulativeCost: spent,
                                   reachStandardError: Self.standardError(spread: spread - Double(excludedSeeds),
                                                                          roots: sampledRoots, sets: rrSets)))
        }
        return SeedSelectionResult(picks: result, reverseReachableSets: rrSets, guaranteedEpsilon: guaranteedEpsilon)
    }

    /// Greedy (cost-effective under a budget) and, under a budget, the best single seed if it does better.
    func pickWithBudget<O: CoverageOracle>(oracle: inout O, pool: [Int], costs: [Double], bounds: [Double],
                                           limit: Int, unitCosts: Bool) -> [LazyGreedy.Pick]
    {
        let budget = unitCosts ? nil : self.budget
        let fresh = oracle
        let greedy = LazyGreedy.run(&oracle, candidates: pool, costs: costs, bounds: bounds, limit: limit,
                                    budget: budget, perCost: budget != nil)
        guard budget != nil else { return greedy }
        var single = fresh
        let best = LazyGreedy.run(&single, candidates: pool, costs: costs, bounds: bounds, limit: min(1, limit),
                                  budget: budget, perCost: false)
        let greedyTotal = greedy.reduce(0) { $0 + $1.gain }
        if let first = best.first, first.gain > greedyTotal { return [first] }
        return greedy
    }

    /// The standard error of IMM's spread estimate `roots · covered / sets`: the
    /// covered share of the sets is a binomial proportion, so the error is
    /// `roots · √(p(1 − p) / sets)` with `p = spread / roots`. Zero without sets (hops).
    static func standardError(spread: Double, roots: Int, sets: Int) -> Double {
        guard roots > 0, sets > 0 else { return 0 }
        let p = min(1, max(0, spread / Double(roots)))
        return Double(roots) * (p * (1 - p) / Double(sets)).squareRoot()
    }

    /// How many candidates fit the budget at most (cheapest first).
    static func affordableCount(_ costs: [Double], budget: Double) -> Int {
        var total = 0.0, k = 0
        for c in costs.sorted() {
            total += c
            if total > budget { break }
            k += 1
        }
        return k
    }
}

/// One chosen seed.
public struct SeedPick: Sendable, Equatable {
    /// The customer index.
    public let customer: Int
    /// σ(S ∪ {s}) − σ(S): the customers this pick adds, itself included (estimated for IMM).
    public let marginalSpread: Double
    /// σ of the picks so far.
    public let spread: Double
    /// The reach of the picks so far: `spread` minus the number of picks.
    public let reach: Double
    /// This pick's cost (1 without a budget).
    public let cost: Double
    /// The cost of the picks so far.
    public let cumulativeCost: Double
    /// The standard error of `reach` as IMM estimates it: the sampling error of the
    /// share of reverse-reachable sets the picks so far cover (a binomial proportion).
    /// It leaves out the optimism of picking seeds on the same sets that score them.
    /// 0 for hops, whose reach is exact.
    public let reachStandardError: Double

    /// The reach this pick adds: `marginalSpread − 1`.
    public var marginalReach: Double { marginalSpread - 1 }

    /// The 95% interval of `reach` (normal approximation, `reach ± 1.96 · reachStandardError`),
    /// a single point for hops.
    public var reachInterval: ClosedRange<Double> {
        (reach - 1.96 * reachStandardError)...(reach + 1.96 * reachStandardError)
    }
}

/// The seeds `SeedSelection` picked, in pick order: the reach curve.
public struct SeedSelectionResult: Sendable, Equatable {
    /// The picks, in order.
    public let picks: [SeedPick]
    /// The number of RR sets IMM's final selection used (0 for hops).
    public let reverseReachableSets: Int
    /// The ε IMM's sets guarantee: the requested one, or a larger one when sampling
    /// stopped at `sampleMemoryLimit`; `nil` for hops.
    public let guaranteedEpsilon: Double?

    /// The picked customers in order.
    public var seeds: [Int] { picks.map(\.customer) }
}
