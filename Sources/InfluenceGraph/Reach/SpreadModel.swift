/// The spread models by the short names campaign tools use: exact k-hop reach and
/// the three cascades. The raw values are the words `influence reach --model` and
/// `influence seeds --model` take.
public enum SpreadModel: String, Sendable, Equatable, CaseIterable {
    /// Exact k-hop reach (`KHopReach`); seed selection by lazy greedy coverage.
    case hops
    /// Independent cascade with one edge probability; seed selection by IMM.
    case independentCascade = "ic"
    /// Weighted cascade, edge probability 1 / the follower's followee count; seeds by IMM.
    case weightedCascade = "wc"
    /// Linear threshold (Monte Carlo only; no seed selection).
    case linearThreshold = "lt"

    /// The edge probability of the independent cascade when none is given: 0.1.
    public static let defaultProbability = 0.1

    /// The Monte Carlo model, with `probability` for the independent cascade; `nil` for `.hops`.
    public func cascade(probability: Double = defaultProbability) -> CascadeModel? {
        switch self {
        case .hops: nil
        case .independentCascade: .independentCascade(probability: probability)
        case .weightedCascade: .weightedCascade
        case .linearThreshold: .linearThreshold
        }
    }

    /// What seed selection optimizes under this model; `nil` for `.linearThreshold`.
    public func selection(depth: ReachDepth, probability: Double = defaultProbability) -> SeedSelectionModel? {
        switch self {
        case .hops: .hops(depth)
        case .independentCascade: .independentCascade(probability: probability)
        case .weightedCascade: .weightedCascade
        case .linearThreshold: nil
        }
    }
}
