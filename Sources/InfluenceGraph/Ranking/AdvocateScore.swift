/// The social-CRM advocate blend: `score = social·ws + referral·wr + wallet·ww`, where
/// each component is a percentile rank in [0, 1] (`Ranking.percentiles`, ties share
/// a value) of, respectively, PageRank, referral value, and spend.
///
/// Referral value is the attributed revenue when `referralValues` is given, otherwise
/// the sum of direct referees' spend. Defaults: social 0.5, referral 0.2, wallet 0.3.
///
/// - Complexity: O(PageRank + V log V + referrals).
public struct AdvocateScore: Sendable {
    /// Blend weights.
    public var social: Double, referral: Double, wallet: Double
    /// Profile thresholds.
    public var thresholds: AdvocateThresholds
    /// The PageRank configuration behind the social component.
    public var pageRank: PageRank

    /// Creates a configuration with the documented defaults.
    public init(social: Double = 0.5, referral: Double = 0.2, wallet: Double = 0.3,
                thresholds: AdvocateThresholds = AdvocateThresholds(), pageRank: PageRank = PageRank()) {
        self.social = social
        self.referral = referral
        self.wallet = wallet
        self.thresholds = thresholds
        self.pageRank = pageRank
    }

    /// Each customer's raw referral value: the spend of their direct referees.
    public static func referralValues(_ graph: CustomerGraph) -> [Double] {
        let referees = graph.referrals.referees
        return (0..<graph.customerCount).map { u in
            var total = 0.0
            for e in referees.edgeRange(of: u) { total += graph.attributes.spend(Int(referees.targets[e])) }
            return total
        }
    }

    /// Scores every customer. `referralValues` overrides the referral input (one per customer).
    public func run(on graph: CustomerGraph, referralValues override: [Double]? = nil) -> AdvocateResult {
        let n = graph.customerCount
        let pr = pageRank.run(on: graph)
        let rawReferral = (override?.count == n ? override : nil) ?? Self.referralValues(graph)
        let spend = (0..<n).map { graph.attributes.spend($0) }
        let s = Ranking.percentiles(pr.scores), r = Ranking.percentiles(rawReferral), w = Ranking.percentiles(spend)
        var scores = [Double](repeating: 0, count: n)
        var profiles = [AdvocateProfile](repeating: .other, count: n)
        for i in 0..<n {
            scores[i] = social * s[i] + referral * r[i] + wallet * w[i]
            profiles[i] = thresholds.profile(social: s[i], referral: r[i], wallet: w[i])
        }
        return AdvocateResult(scores: scores, social: s, referral: r, wallet: w, profiles: profiles,
                              referralValues: rawReferral, pageRank: pr)
    }
}

/// Which kind of value a customer brings.
public enum AdvocateProfile: String, Sendable, Equatable {
    case advocate, influencer, bigSpender = "big spender", referrer, other
}

/// Profile thresholds on the percentile components, checked in this order:
/// `advocate` when social ≥ `high` and wallet ≥ `high`; `influencer` when social ≥
/// `high` and wallet < `low`; `big spender` when social < `low` and wallet ≥ `high`;
/// `referrer` when referral ≥ `high` and referral is the largest component; else `other`.
/// Defaults: high 0.8, low 0.5.
public struct AdvocateThresholds: Sendable, Equatable {
    public var high: Double, low: Double
    public init(high: Double = 0.8, low: Double = 0.5) { self.high = high; self.low = low }

    /// The profile for one customer's components.
    public func profile(social: Double, referral: Double, wallet: Double) -> AdvocateProfile {
        if social >= high && wallet >= high { return .advocate }
        if social >= high && wallet < low { return .influencer }
        if social < low && wallet >= high { return .bigSpender }
        if referral >= high && referral >= social && referral >= wallet { return .referrer }
        return .other
    }
}

/// Advocate scores and their components by customer index.
public struct AdvocateResult: Sendable, Equatable {
    public var scores: [Double], social: [Double], referral: [Double], wallet: [Double]
    public var profiles: [AdvocateProfile]
    /// The raw referral value behind `referral` (attributed revenue, or referees' spend).
    public var referralValues: [Double]
    /// The PageRank run behind `social`.
    public var pageRank: PageRankResult
}
