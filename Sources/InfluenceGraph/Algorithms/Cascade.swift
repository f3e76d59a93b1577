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
/// `runs`, never on `threads`. The independent cascades draw once per firing edge,
/// not once per edge: under a uniform probability they jump from one firing edge to
/// the next (`IndependentCascade`); under the weighted cascade they throw Poisson hits
/// at alias tables (`PoissonHitCascade`).
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

    /// Runs per fixed chunk of work. Part of nothing observable: results do not
    /// depend on it.
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
    /// - Complexity: independent cascades: O(runs · (A + F)) expected time for A
    ///   activated customers and F firing edges per run; shared, 8 bytes per customer
    ///   (IC) or 36 per customer and 12 per follow (WC), plus 4.1 bytes per customer
    ///   and thread. Linear threshold:
    ///   O(runs · E_active) for the edges leaving activated customers, 20 bytes per
    ///   customer and thread.
    public func run(on graph: CustomerGraph, seeds: [Int], excluding excluded: Bitmap? = nil) -> CascadeEstimate {
        let seeds = SeedList.distinct(seeds, count: graph.customerCount)
        let runs = max(0, self.runs)
        var reaches = [Int](repeating: 0, count: runs)
        let threads = Threads.resolve(self.threads == 0 ? nil : self.threads)
        reaches.withUnsafeMutableBufferPointer { out in
            switch model {
            case .independentCascade(let p):
                let kernel = IndependentCascade(graph: graph, uniform: p, excluded: excluded)
                runEach(seeds: seeds, threads: threads, out: out, customers: graph.customerCount, scratch: { IndependentCascade.Scratch(count: $0) }) {
                    kernel.simulate(seeds: seeds, scratch: &$0, rng: &$1)
                }
            case .weightedCascade:
                // A follower follows at least one account: the one it is a follower of.
                let followees = graph.follows.followees
                let kernel = PoissonHitCascade(graph: graph, seeds: seeds, probability: { v in
                    let d = followees.degree(of: v)
                    return d == 0 ? 0 : 1 / Double(d)
                }, excluded: excluded, threads: threads)
                runEach(seeds: seeds, threads: threads, out: out, customers: graph.customerCount, scratch: { PoissonHitCascade.Scratch(count: $0) }) {
                    kernel.simulate(scratch: &$0, rng: &$1)
                }
            case .linearThreshold(let weights):
                let kernel = ThresholdCascade(graph: graph, weights: weights, excluded: excluded)
                runEach(seeds: seeds, threads: threads, out: out, customers: graph.customerCount, scratch: { ThresholdCascade.Scratch(count: $0) }) {
                    kernel.simulate(seeds: seeds, scratch: &$0, rng: &$1)
                }
            }
        }
        return CascadeEstimate(seeds: seeds, reaches: reaches)
    }

    /// Runs every simulation, for any model: run r draws from stream r, on one scratch
    /// per worker.
    private func runEach<Scratch>(seeds: [Int], threads: Int, out: UnsafeMutableBufferPointer<Int>,
                                  customers count: Int, scratch makeScratch: (Int) -> Scratch,
                                  simulate: (inout Scratch, inout SplitMix64) -> Int) {
        let runs = out.count
        let chunks = (runs + Self.runsPerChunk - 1) / Self.runsPerChunk
        let workers = ParallelFor.workerCount(chunks: chunks, threads: threads)
        var scratch = (0..<workers).map { _ in makeScratch(count) }
        let seed = self.seed
        scratch.withUnsafeMutableBufferPointer { scratch in
            let shared = UncheckedSendable((out, scratch))
            ParallelFor.runWithWorker(chunks: chunks, threads: threads) { chunk, worker in
                let (out, scratch) = shared.value
                let end = min(runs, (chunk + 1) * Self.runsPerChunk)
                for r in chunk * Self.runsPerChunk ..< end {
                    var rng = SplitMix64(seed: seed, stream: UInt64(r))
                    out[r] = simulate(&scratch[worker], &rng)
                }
            }
        }
    }
}

/// Activated customers in `queue` after the first `seeds`, less the excluded.
func countReached(_ queue: UnsafeBufferPointer<UInt32>, seeds: Int, excluded: [UInt64]?) -> Int {
    var reached = queue.count - seeds
    guard let ex = excluded else { return reached }
    for i in seeds ..< queue.count {
        let v = Int(queue[i])
        if ex[v >> 6] & (1 << UInt64(v & 63)) != 0 { reached -= 1 }
    }
    return reached
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

/// The linear threshold model, one run at a time, with each customer's weight
/// normalizer precomputed.
struct ThresholdCascade: Sendable {
    let followers: CSR
    /// Per-edge raw weights parallel to `followers.targets` (`nil` for uniform).
    let edgeWeights: [Double]?
    /// Per customer: 1 / (the sum of its followees' weights).
    let normalizer: [Double]
    let excluded: [UInt64]?

    /// Per-thread state, reused across runs and never cleared wholesale.
    struct Scratch {
        /// `stamp[v] == 2·epoch − 1`: touched this run (threshold drawn); `2·epoch`:
        /// active. Every run stamps what it touches with its own number.
        var stamp: [UInt32]
        var queue: [UInt32]
        /// Accumulated influence and drawn thresholds.
        var influence: [Double]
        var threshold: [Double]
        var epoch: UInt32 = 0

        init(count: Int) {
            queue = uninitializedArray(UInt32.self, count: max(count, 1))
            stamp = [UInt32](repeating: 0, count: count)
            influence = uninitializedArray(Double.self, count: count)
            threshold = uninitializedArray(Double.self, count: count)
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

    init(graph: CustomerGraph, weights: LinearThresholdWeights, excluded: Bitmap?) {
        followers = graph.follows.followers
        self.excluded = excluded?.words
        let n = graph.customerCount
        let followees = graph.follows.followees
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
    /// Linear threshold: a customer draws its threshold when first touched.
    func simulate(seeds: [Int], scratch: inout Scratch, rng: inout SplitMix64) -> Int {
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
            return countReached(UnsafeBufferPointer(rebasing: queue[0..<tail]), seeds: seeds.count, excluded: excluded)
        }}}}
    }
}
