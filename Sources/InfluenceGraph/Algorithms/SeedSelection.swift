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
    /// The random seed of IMM's sampling. Default: 0.
    public var seed: UInt64
    /// Threads; 0 means all cores. Default: 0.
    public var threads: Int
    /// The most bytes IMM's RR sets may hold (8 per set plus 4 per member), a fixed
    /// number so results do not depend on the machine. Default: 4 GiB.
    public var sampleMemoryLimit: Int

    public init(count: Int, model: SeedSelectionModel = .hops(.hops(2)), epsilon: Double = 0.1,
                budget: Double? = nil, seed: UInt64 = 0, threads: Int = 0, sampleMemoryLimit: Int = 4 << 30) {
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
        let threads = Threads.resolve(self.threads == 0 ? nil : self.threads)
        let unitCosts = budget == nil
        let limit = max(0, count)
        let picks: [LazyGreedy.Pick]
        var rrSets = 0
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
            guaranteedEpsilon = achieved
            var oracle = RRCoverage(sets: sets, nodeCount: n, scale: Double(sampler.rootCount) / Double(max(1, sets.count)), excluded: excluded)
            let bounds = pool.map { oracle.gain(of: $0) }
            picks = pickWithBudget(oracle: &oracle, pool: pool, costs: poolCosts, bounds: bounds, limit: limit, unitCosts: unitCosts)
        }
        var result: [SeedPick] = []
        var spread = 0.0, spent = 0.0
        for pick in picks {
            spread += pick.gain
            spent += pick.cost
            let i = result.count + 1
            result.append(SeedPick(customer: pick.candidate, marginalSpread: pick.gain, spread: spread,
                                   reach: spread - Double(i), cost: pick.cost, cumulativeCost: spent))
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

    /// The reach this pick adds: `marginalSpread − 1`.
    public var marginalReach: Double { marginalSpread - 1 }
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

/// Marginal gains of a monotone submodular set function, evaluated against the picks so far.
protocol CoverageOracle {
    /// σ(S ∪ {c}) − σ(S) for the current picks S.
    mutating func gain(of candidate: Int) -> Double
    /// Adds `candidate` to the picks; returns its gain.
    mutating func commit(_ candidate: Int) -> Double
}

/// Lazy greedy (CELF): stale gains are upper bounds by submodularity, so a
/// candidate whose gain was computed against the current picks and still heads
/// the queue is the greedy choice.
enum LazyGreedy {
    struct Pick: Equatable {
        var candidate: Int
        var gain: Double
        var cost: Double
    }

    struct Entry {
        var key: Double
        var candidate: Int
        var cost: Double
        /// The number of picks when `key` was computed; −1 for an initial bound.
        var round: Int

        /// Heap order: larger key first, then smaller customer index.
        func before(_ other: Entry) -> Bool {
            key != other.key ? key > other.key : candidate < other.candidate
        }
    }

    /// - Complexity: O(evaluations · (oracle cost + log candidates)).
    static func run<O: CoverageOracle>(_ oracle: inout O, candidates: [Int], costs: [Double], bounds: [Double],
                                       limit: Int, budget: Double?, perCost: Bool) -> [Pick]
    {
        var heap: [Entry] = []
        heap.reserveCapacity(candidates.count)
        for (i, c) in candidates.enumerated() where budget == nil || costs[i] <= budget! {
            let cost = costs[i]
            heap.append(Entry(key: perCost ? bounds[i] / cost : bounds[i], candidate: c, cost: cost, round: -1))
        }
        // Heapify.
        if heap.count > 1 { for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(&heap, i) } }
        var picks: [Pick] = []
        var remaining = budget ?? .infinity
        while picks.count < limit, let top = heap.first {
            pop(&heap)
            if top.cost > remaining { continue }
            if top.round == picks.count {
                let gain = oracle.commit(top.candidate)
                picks.append(Pick(candidate: top.candidate, gain: gain, cost: top.cost))
                remaining -= top.cost
                continue
            }
            let gain = oracle.gain(of: top.candidate)
            push(&heap, Entry(key: perCost ? gain / top.cost : gain, candidate: top.candidate, cost: top.cost, round: picks.count))
        }
        return picks
    }

    static func pop(_ heap: inout [Entry]) {
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(&heap, 0)
        }
    }

    static func push(_ heap: inout [Entry], _ entry: Entry) {
        heap.append(entry)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[i].before(heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    static func siftDown(_ heap: inout [Entry], _ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var best = i
            if l < heap.count && heap[l].before(heap[best]) { best = l }
            if r < heap.count && heap[r].before(heap[best]) { best = r }
            if best == i { return }
            heap.swapAt(i, best)
            i = best
        }
    }
}

/// Exact k-hop coverage: σ(S) = |(S ∪ audiences) \ excluded| + |S ∩ excluded|.
struct HopCoverage: CoverageOracle {
    let followers: CSR
    let hops: Int
    let excluded: Bitmap?
    var covered: Bitmap
    var search: AudienceSearch
    var lastSearched = -1
    var lastFound = 0

    init(graph: CustomerGraph, hops: Int, excluded: Bitmap?) {
        followers = graph.follows.followers
        self.hops = hops
        self.excluded = excluded
        covered = Bitmap(count: graph.customerCount)
        search = AudienceSearch(count: graph.customerCount)
    }

    /// Upper bounds on the gain of each candidate against no picks: exact for one
    /// hop, the two-hop edge count for two, everyone beyond.
    static func upperBounds(graph: CustomerGraph, candidates: [Int], hops: Int) -> [Double] {
        let f = graph.follows.followers
        let n = Double(graph.customerCount)
        return candidates.map { c in
            if hops == 1 { return Double(1 + f.degree(of: c)) }
            if hops == 2 {
                var total = 1 + f.degree(of: c)
                for e in f.edgeRange(of: c) { total += f.degree(of: Int(f.targets[e])) }
                return min(n, Double(total))
            }
            return n
        }
    }

    mutating func gain(of candidate: Int) -> Double {
        lastFound = search.search(from: candidate, maximumHops: hops, followers: followers)
        lastSearched = candidate
        var g = 0
        let excluded = self.excluded
        search.queue.withUnsafeBufferPointer { q in
            covered.storage.withUnsafeBufferPointer { cov in
                for i in 0..<lastFound {
                    let v = Int(q[i])
                    let bit: UInt64 = 1 << UInt64(v & 63)
                    if cov[v >> 6] & bit == 0 && !(excluded?.contains(v) ?? false) { g += 1 }
                }
            }
        }
        return Double(g + (excluded?.contains(candidate) ?? false ? 1 : 0))
    }

    mutating func commit(_ candidate: Int) -> Double {
        let g = gain(of: candidate)
        let found = lastFound
        search.queue.withUnsafeBufferPointer { q in
            covered.storage.withUnsafeMutableBufferPointer { cov in
                for i in 0..<found {
                    let v = Int(q[i])
                    cov[v >> 6] |= 1 << UInt64(v & 63)
                }
            }
        }
        return g
    }
}

/// Coverage of a fixed RR-set collection: σ̂(S) = counted · (sets met by S) / θ,
/// plus one per excluded seed. Gains are exact and O(1): `uncovered[v]` counts the
/// uncovered sets holding `v`.
struct RRCoverage: CoverageOracle {
    /// Sets per customer, flat: sets holding `v` are `setIDs[setOffsets[v] ..< setOffsets[v + 1]]`.
    let setOffsets: [Int]
    let setIDs: [UInt32]
    let sets: ReverseReachableSets
    var uncovered: [Int32]
    var coveredSet: [Bool]
    let scale: Double
    let excluded: Bitmap?

    init(sets: ReverseReachableSets, nodeCount: Int, scale: Double, excluded: Bitmap?) {
        self.sets = sets
        self.scale = scale
        self.excluded = excluded
        var counts = [Int](repeating: 0, count: nodeCount + 1)
        for v in sets.members { counts[Int(v) + 1] += 1 }
        for v in 0..<nodeCount { counts[v + 1] += counts[v] }
        var cursor = counts
        var ids = uninitializedArray(UInt32.self, count: sets.members.count)
        for r in 0..<sets.count {
            for i in sets.offsets[r] ..< sets.offsets[r + 1] {
                let v = Int(sets.members[i])
                ids[cursor[v]] = UInt32(truncatingIfNeeded: r)
                cursor[v] += 1
            }
        }
        setOffsets = counts
        setIDs = ids
        uncovered = (0..<nodeCount).map { Int32(counts[$0 + 1] - counts[$0]) }
        coveredSet = [Bool](repeating: false, count: sets.count)
    }

    /// The number of sets `candidate` would newly cover.
    func coverCount(_ candidate: Int) -> Int { Int(uncovered[candidate]) }

    mutating func gain(of candidate: Int) -> Double {
        Double(uncovered[candidate]) * scale + (excluded?.contains(candidate) ?? false ? 1 : 0)
    }

    mutating func commit(_ candidate: Int) -> Double {
        let g = gain(of: candidate)
        for i in setOffsets[candidate] ..< setOffsets[candidate + 1] {
            let r = Int(setIDs[i])
            if coveredSet[r] { continue }
            coveredSet[r] = true
            for j in sets.offsets[r] ..< sets.offsets[r + 1] { uncovered[Int(sets.members[j])] -= 1 }
        }
        return g
    }
}

/// IMM's sampling phase: how many RR sets make greedy coverage a (1 − 1/e − ε)
/// approximation with probability at least 1 − 1/n.
struct IMM {
    let epsilon: Double
    let seed: UInt64
    let threads: Int
    /// Stop sampling once the sets hold this many bytes.
    var byteLimit: Int = .max

    /// Salts separating the lower-bound phase's sets from the final, independent ones.
    static let boundSalt: UInt64 = 0x1B0D_0000_0000_0001
    static let finalSalt: UInt64 = 0x1B0D_0000_0000_0002

    /// Returns the final RR-set collection and the ε it guarantees: `epsilon`, or more
    /// when the byte limit cut sampling short (the lower bound of OPT then falls back
    /// to 1 if it was not established).
    func sample(sampler: RRSampler, k: Int, candidates: [Int]) -> (sets: ReverseReachableSets, epsilon: Double) {
        let n = Double(max(2, sampler.rootCount))
        let logN = PortableMath.log(n)
        let ell = 1.0 * (1 + PortableMath.log(2) / logN)
        let eps = max(1e-3, epsilon)
        let epsPrime = 2.0.squareRoot() * eps
        let lnChoose = Self.logChoose(max(candidates.count, k), k)
        let lambdaPrime = (2 + 2 * epsPrime / 3) * (lnChoose + ell * logN + PortableMath.log(PortableMath.log(n) / PortableMath.log(2)))
            * n / (epsPrime * epsPrime)
        var lowerBound = 1.0
        var sets = ReverseReachableSets()
        let rounds = max(1, Int(PortableMath.log(n) / PortableMath.log(2)) - 1)
        for i in 1...rounds {
            let x = n / Double(1 << i)
            let theta = Int((lambdaPrime / x).rounded(.up))
            let complete = sets.grow(to: theta, sampler: sampler, seed: seed ^ Self.boundSalt, threads: threads, byteLimit: byteLimit)
            var oracle = RRCoverage(sets: sets, nodeCount: sampler.nodeCount, scale: 1, excluded: nil)
            let bounds = candidates.map { oracle.gain(of: $0) }
            let picks = LazyGreedy.run(&oracle, candidates: candidates, costs: [Double](repeating: 1, count: candidates.count),
                                       bounds: bounds, limit: k, budget: nil, perCost: false)
            let coveredFraction = picks.reduce(0) { $0 + $1.gain } / Double(sets.count)
            if n * coveredFraction >= (1 + epsPrime) * x {
                lowerBound = n * coveredFraction / (1 + epsPrime)
                break
            }
            if !complete { break }
        }
        sets = ReverseReachableSets()
        let e = 1 - 1 / 2.718281828459045
        let alpha = (ell * logN + PortableMath.log(2)).squareRoot()
        let beta = (e * (lnChoose + ell * logN + PortableMath.log(2))).squareRoot()
        let lambdaStar = 2 * n * (e * alpha + beta) * (e * alpha + beta) / (eps * eps)
        let needed = lambdaStar / lowerBound
        let theta = Int(min(needed, Double(Int.max / 2)).rounded(.up))
        var final = ReverseReachableSets()
        final.grow(to: theta, sampler: sampler, seed: seed ^ Self.finalSalt, threads: threads, byteLimit: byteLimit)
        // λ* grows as 1/ε², so fewer sets than needed guarantee ε·√(needed / sets).
        let achieved = final.count >= theta ? epsilon : eps * (needed / Double(max(1, final.count))).squareRoot()
        return (final, achieved)
    }

    /// ln C(n, k). - Complexity: O(k).
    static func logChoose(_ n: Int, _ k: Int) -> Double {
        var total = 0.0
        for i in 0..<min(k, n) { total += PortableMath.log(Double(n - i) / Double(i + 1)) }
        return total
    }
}
