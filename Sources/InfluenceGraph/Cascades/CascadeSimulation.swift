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
    /// The random seed. Default: 1, as `influence reach --seed`.
    public var seed: UInt64
    /// Worker threads. Default: all cores. Does not change results.
    public var threads: Int

    /// Runs per fixed chunk of work. Part of nothing observable: results do not
    /// depend on it.
    static let runsPerChunk = 16

    public init(model: CascadeModel, runs: Int = 10_000, seed: UInt64 = 1, threads: Int = Threads.available) {
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
        let threads = Threads.resolve(self.threads)
        let reaches: [Int]
        switch model {
        case .independentCascade(let p):
            let kernel = IndependentCascade(graph: graph, uniform: p, excluded: excluded)
            reaches = runEach(runs, threads: threads, scratch: { IndependentCascade.Scratch(count: graph.customerCount) }) {
                kernel.simulate(seeds: seeds, scratch: &$0, rng: &$1)
            }
        case .weightedCascade:
            // A follower follows at least one account: the one it is a follower of.
            let followees = graph.follows.followees
            let kernel = PoissonHitCascade(graph: graph, seeds: seeds, probability: { v in
                let d = followees.degree(of: v)
                return d == 0 ? 0 : 1 / Double(d)
            }, excluded: excluded, threads: threads)
            reaches = runEach(runs, threads: threads, scratch: { PoissonHitCascade.Scratch(count: graph.customerCount) }) {
                kernel.simulate(scratch: &$0, rng: &$1)
            }
        case .linearThreshold(let weights):
            let kernel = ThresholdCascade(graph: graph, weights: weights, excluded: excluded)
            reaches = runEach(runs, threads: threads, scratch: { ThresholdCascade.Scratch(count: graph.customerCount) }) {
                kernel.simulate(seeds: seeds, scratch: &$0, rng: &$1)
            }
        }
        return CascadeEstimate(seeds: seeds, reaches: reaches)
    }

    /// The reach of every run, for any model: run r draws from stream r, on one scratch
    /// per worker.
    private func runEach<Scratch>(_ runs: Int, threads: Int, scratch makeScratch: () -> Scratch,
                                  simulate: (inout Scratch, inout SplitMix64) -> Int) -> [Int] {
        let chunks = (runs + Self.runsPerChunk - 1) / Self.runsPerChunk
        let workers = ParallelFor.workerCount(chunks: chunks, threads: threads)
        var scratch = (0..<workers).map { _ in makeScratch() }
        let seed = self.seed
        let reaches = ParallelFor.map(chunks: chunks, threads: threads, scratch: &scratch) { chunk, scratch in
            var reaches: [Int] = []
            for r in chunk * Self.runsPerChunk ..< min(runs, (chunk + 1) * Self.runsPerChunk) {
                var rng = SplitMix64(seed: seed, stream: UInt64(r))
                reaches.append(simulate(&scratch, &rng))
            }
            return reaches
        }
        return Array(reaches.joined())
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
