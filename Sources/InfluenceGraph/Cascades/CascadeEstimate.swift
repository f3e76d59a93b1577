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
