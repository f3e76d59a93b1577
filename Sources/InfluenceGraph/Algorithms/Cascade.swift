/// A stochastic diffusion model: how a post spreads from follower to follower.
public enum CascadeModel: Sendable, Equatable, Hashable {
    /// Independent cascade: when a customer activates, each follower not yet active
    /// activates with `probability`, independently and once per edge.
    case independentCascade(probability: Double)
    /// Weighted cascade: the independent cascade where the edge to follower `v` has
    /// probability 1 / (the number of accounts `v` follows).
    case weightedCascade
    /// Linear threshold: each customer draws a threshold uniformly in [0, 1) and
    /// activates once the influence weights of its active followees reach it.
    case linearThreshold(LinearThresholdWeights)

    /// The linear threshold model with `.automatic` weights.
    public static var linearThreshold: CascadeModel { .linearThreshold(.automatic) }
}

/// How the linear threshold model weighs a customer's followees.
public enum LinearThresholdWeights: Sendable, Equatable, Hashable {
    /// Follow weights normalized when the graph has them, otherwise `.uniform`.
    case automatic
    /// Each of the `d` followees weighs `1 / d`.
    case uniform
    /// Each followee weighs its follow weight over the sum of the customer's follow weights
    /// (uniform on an unweighted graph).
    case normalizedFollowWeights
}

/// Expected reach of a seed set under a cascade model, by Monte Carlo simulation.
///
/// Run `r` draws its random numbers from `SplitMix64(seed: seed, stream: r)` and
/// runs are combined in run order, so the estimate depends only on `seed` and
/// `runs`, never on `threads`.
///
/// ```swift
/// let estimate = CascadeSimulation(model: .weightedCascade, runs: 10_000, seed: 1)
///     .run(on: graph, seeds: advocates)
/// print(estimate.meanReach, estimate.confidenceInterval)
/// ```
///
/// Numeric policy: the mean and the sample standard deviation are computed in run
/// order in double precision; the 95% interval is the normal approximation
/// `mean ± 1.96 · standardError`.
public struct CascadeSimulation: Sendable {
    /// The diffusion model.
    public var model: CascadeModel
    /// Monte Carlo runs. Default: 10,000.
    public var runs: Int
    /// The random seed. Default: 0.
    public var seed: UInt64
    /// Threads; 0 means all cores. Default: 0.
    public var threads: Int

    /// Runs per fixed chunk of work. Part of nothing observable: results do not depend on it.
    static let runsPerChunk = 16

    public init(model: CascadeModel, runs: Int = 10_000, seed: UInt64 = 0, threads: Int = 0) {
        self.model = model
        self.runs = runs
        self.seed = seed
        self.threads = threads
    }

    /// Simulates `runs` cascades from `seeds`.
    ///
    /// - Parameters:
    ///   - graph: the customer graph.
    ///   - seeds: the initially active customers; repeats are ignored.
    ///   - excluded: customers never counted as reached (they still relay), or `nil`.
    /// - Returns: the distribution of reach over the runs.
    /// - Complexity: O(runs · E_active) time for the edges leaving activated customers;
    ///   O(V · T) memory for T threads (V · 4 bytes, 20 for linear threshold, per thread).
    public func run(on graph: CustomerGraph, seeds: [Int], excluding excluded: Bitmap? = nil) -> CascadeEstimate {
        let seeds = SeedList.distinct(seeds, count: graph.customerCount)
        let runs = max(0, self.runs)
        var reaches = [Int](repeating: 0, count: runs)
        let kernel = CascadeKernel(graph: graph, model: model, excluded: excluded)
        let chunks = (runs + Self.runsPerChunk - 1) / Self.runsPerChunk
        let threads = Threads.resolve(self.threads == 0 ? nil : self.threads)
        let workers = ParallelFor.workerCount(chunks: chunks, threads: threads)
        var scratch = (0..<workers).map { _ in CascadeScratch(count: graph.customerCount, model: model) }
        let seed = self.seed
        reaches.withUnsafeMutableBufferPointer { out in
            scratch.withUnsafeMutableBufferPointer { scratch in
                let shared = UncheckedSendable((out, scratch))
                ParallelFor.runWithWorker(chunks: chunks, threads: threads) { chunk, worker in
                    let (out, scratch) = shared.value
                    let end = min(runs, (chunk + 1) * Self.runsPerChunk)
                    for r in chunk * Self.runsPerChunk ..< end {
                        var rng = SplitMix64(seed: seed, stream: UInt64(r))
                        out[r] = kernel.simulate(seeds: seeds, scratch: &scratch[worker], rng: &rng)
                    }
                }
            }
        }
        return CascadeEstimate(seeds: seeds, reaches: reaches)
    }
}

/// A Monte Carlo estimate of reach.
public struct CascadeEstimate: Sendable, Equatable {
    /// The distinct seeds, in the order first given.
    public let seeds: [Int]
    /// The number of runs.
    public let runs: Int
    /// The mean number of customers reached, other than the seeds and the excluded.
    public let meanReach: Double
    /// The sample standard deviation of reach over the runs (0 for fewer than two runs).
    public let standardDeviation: Double

    /// Summarizes per-run reach counts, in run order.
    public init(seeds: [Int], reaches: [Int]) {
        self.seeds = seeds
        runs = reaches.count
        var sum = 0
        for x in reaches { sum += x }
        let mean = reaches.isEmpty ? 0 : Double(sum) / Double(reaches.count)
        var squares = 0.0
        for x in reaches { let d = Double(x) - mean; squares += d * d }
        meanReach = mean
        standardDeviation = reaches.count > 1 ? (squares / Double(reaches.count - 1)).squareRoot() : 0
    }

    /// `meanReach + seeds.count`: the expected spread σ(S).
    public var meanSpread: Double { meanReach + Double(seeds.count) }
    /// The standard error of `meanReach`.
    public var standardError: Double { runs > 0 ? standardDeviation / Double(runs).squareRoot() : 0 }
    /// The 95% confidence interval of the expected reach (normal approximation).
    public var confidenceInterval: ClosedRange<Double> {
        (meanReach - 1.96 * standardError)...(meanReach + 1.96 * standardError)
    }
}

/// Per-thread state of a simulation: reused across runs, never cleared wholesale.
struct CascadeScratch {
    /// Linear threshold: `stamp[v] == 2·epoch − 1`: touched this run (threshold drawn);
    /// `2·epoch`: active. Every run stamps what it touches with its own number.
    var stamp: [UInt32]
    /// Independent cascades: one bit per customer, set while active. At 1 bit per
    /// customer the set stays in cache where a stamp array would not, which matters
    /// because every follower edge tried reads it at random; a run clears the bits it
    /// set from its queue.
    var active: [UInt64]
    var queue: [UInt32]
    /// Linear threshold only: accumulated influence and drawn thresholds.
    var influence: [Double]
    var threshold: [Double]
    var epoch: UInt32 = 0

    init(count: Int, model: CascadeModel) {
        queue = uninitializedArray(UInt32.self, count: max(count, 1))
        if case .linearThreshold = model {
            stamp = [UInt32](repeating: 0, count: count)
            active = []
            influence = uninitializedArray(Double.self, count: count)
            threshold = uninitializedArray(Double.self, count: count)
        } else {
            stamp = []
            active = [UInt64](repeating: 0, count: (count + 63) / 64)
            influence = []
            threshold = []
        }
    }

    /// Starts a run; returns the stamps meaning "touched" and "active".
    mutating func nextEpoch() -> (touched: UInt32, active: UInt32) {
        if epoch >= UInt32.max / 2 - 1 {
            for i in stamp.indices { stamp[i] = 0 }
            epoch = 0
        }
        epoch += 1
        return (2 * epoch - 1, 2 * epoch)
    }
}

/// The per-run simulation, with the model's per-customer constants precomputed.
struct CascadeKernel: Sendable {
    enum Kind { case independent, threshold }
    let kind: Kind
    let followers: CSR
    /// Independent cascades: the follower activates when `next() >> 32` is at most
    /// `activation[v]`, which is its probability times 2³², minus 1 (so `UInt32.max`
    /// is certain). A probability of 0 cannot be written so; such a model activates no one.
    let activation: [UInt32]
    /// Whether an independent cascade can activate anyone (its probability is not 0).
    let spreads: Bool
    /// Linear threshold: per-edge raw weights parallel to `followers.targets` (`nil`
    /// for uniform) and per-customer normalizers.
    let edgeWeights: [Double]?
    let normalizer: [Double]
    let excluded: [UInt64]?

    init(graph: CustomerGraph, model: CascadeModel, excluded: Bitmap?) {
        followers = graph.follows.followers
        self.excluded = excluded?.words
        let n = graph.customerCount
        let followees = graph.follows.followees
        switch model {
        case .independentCascade(let p):
            kind = .independent
            // Odds below 2⁻³² round up to 2⁻³², the finest the 32-bit draw resolves.
            let q = min(1, max(0, p.isNaN ? 0 : p))
            spreads = q > 0
            activation = [UInt32](repeating: UInt32(max(1, (q * 0x1p32).rounded()) - 1), count: n)
            edgeWeights = nil
            normalizer = []
        case .weightedCascade:
            kind = .independent
            spreads = true
            // A follower follows at least one account (the one it is a follower of).
            activation = (0..<n).map { v in
                let d = followees.degree(of: v)
                return d == 0 ? 0 : UInt32((0x1p32 / Double(d)).rounded() - 1)
            }
            edgeWeights = nil
            normalizer = []
        case .linearThreshold(let weights):
            kind = .threshold
            activation = []
            spreads = true
            let useWeights = weights != .uniform && graph.follows.isWeighted
            if useWeights, let ew = graph.follows.followeeWeights {
                edgeWeights = graph.follows.followerWeights
                normalizer = (0..<n).map { v in
                    var total = 0.0
                    for e in followees.edgeRange(of: v) { total += ew[e] }
                    return total > 0 ? 1 / total : 0
                }
            } else {
                edgeWeights = nil
                normalizer = (0..<n).map { v in
                    let d = followees.degree(of: v)
                    return d == 0 ? 0 : 1 / Double(d)
                }
            }
        }
    }

    /// One cascade; returns the customers reached other than seeds and excluded.
    func simulate(seeds: [Int], scratch: inout CascadeScratch, rng: inout SplitMix64) -> Int {
        kind == .independent ? simulateIndependent(seeds: seeds, scratch: &scratch, rng: &rng)
                             : simulateThreshold(seeds: seeds, scratch: &scratch, rng: &rng)
    }

    /// The seeds, then each follower of a newly active customer with its edge's odds.
    func simulateIndependent(seeds: [Int], scratch: inout CascadeScratch, rng: inout SplitMix64) -> Int {
        let spreads = self.spreads
        return followers.offsets.withUnsafeBufferPointer { fo in
        followers.targets.withUnsafeBufferPointer { ft in
        activation.withUnsafeBufferPointer { limit in
        scratch.active.withUnsafeMutableBufferPointer { bits in
        scratch.queue.withUnsafeMutableBufferPointer { queue in
            var tail = 0
            for s in seeds {
                bits[s >> 6] |= 1 << UInt64(s & 63)
                queue[tail] = UInt32(truncatingIfNeeded: s)
                tail += 1
            }
            var head = spreads ? 0 : tail
            while head < tail {
                let u = Int(queue[head])
                head += 1
                for e in fo[u] ..< fo[u + 1] {
                    let v = Int(ft[e])
                    let bit: UInt64 = 1 << UInt64(v & 63)
                    if bits[v >> 6] & bit == 0 && UInt32(truncatingIfNeeded: rng.next() &>> 32) <= limit[v] {
                        bits[v >> 6] |= bit
                        queue[tail] = UInt32(truncatingIfNeeded: v)
                        tail += 1
                    }
                }
            }
            let reached = countReached(queue: UnsafeBufferPointer(rebasing: queue[0..<tail]), seeds: seeds.count)
            for i in 0..<tail { let v = Int(queue[i]); bits[v >> 6] = 0 }
            return reached
        }}}}}
    }

    /// Activated customers in `queue` after the seeds, less the excluded.
    func countReached(queue: UnsafeBufferPointer<UInt32>, seeds: Int) -> Int {
        var reached = queue.count - seeds
        guard let ex = excluded else { return reached }
        for i in seeds ..< queue.count {
            let v = Int(queue[i])
            if ex[v >> 6] & (1 << UInt64(v & 63)) != 0 { reached -= 1 }
        }
        return reached
    }

    /// Linear threshold: a customer draws its threshold when first touched.
    func simulateThreshold(seeds: [Int], scratch: inout CascadeScratch, rng: inout SplitMix64) -> Int {
        let (touched, active) = scratch.nextEpoch()
        return followers.offsets.withUnsafeBufferPointer { fo in
        followers.targets.withUnsafeBufferPointer { ft in
        scratch.stamp.withUnsafeMutableBufferPointer { stamp in
        scratch.queue.withUnsafeMutableBufferPointer { queue in
            var tail = 0
            for s in seeds {
                stamp[s] = active
                queue[tail] = UInt32(truncatingIfNeeded: s)
                tail += 1
            }
            var head = 0
            scratch.influence.withUnsafeMutableBufferPointer { influence in
            scratch.threshold.withUnsafeMutableBufferPointer { threshold in
            normalizer.withUnsafeBufferPointer { norm in
            withOptionalBuffer(edgeWeights) { ew in
                while head < tail {
                    let u = Int(queue[head])
                    head += 1
                    for e in fo[u] ..< fo[u + 1] {
                        let v = Int(ft[e])
                        let s = stamp[v]
                        if s == active { continue }
                        if s != touched {
                            stamp[v] = touched
                            threshold[v] = rng.nextUnitDouble()
                            influence[v] = 0
                        }
                        influence[v] += (ew?[e] ?? 1) * norm[v]
                        if influence[v] >= threshold[v] {
                            stamp[v] = active
                            queue[tail] = UInt32(truncatingIfNeeded: v)
                            tail += 1
                        }
                    }
                }
            }}}}
            return countReached(queue: UnsafeBufferPointer(rebasing: queue[0..<tail]), seeds: seeds.count)
        }}}}
    }
}
