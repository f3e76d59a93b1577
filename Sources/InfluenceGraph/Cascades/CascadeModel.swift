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
