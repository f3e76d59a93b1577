/// The social-CRM advocate blend: `score = social·ws + referral·wr + wallet·ww`, where
/// each component is a percentile rank in [0, 1] (`Ranking.percentiles`, ties share
/// a value) of, respectively, PageRank, attributed referral revenue and spend.
///
/// The referral component is `attribution`'s attributed revenue (first touch, 3 tiers,
/// decay 0.5 by default), the same figure `influence attribute` reports, so a Swift
/// caller and the CLI get the same scores. Defaults: social 0.5, referral 0.2,
/// wallet 0.3; thresholds high 0.8, low 0.5.
///
/// ```swift
/// let result = AdvocateScore().run(on: graph)
/// for c in Ranking.top(10, of: result.scores) { print(graph.customers.id(c), result.profiles[c]) }
/// ```
///
/// - Complexity: O(PageRank + attribution + V log V).
public struct AdvocateScore: Sendable {
    /// Blend weights.
    public var social: Double, referral: Double, wallet: Double
    /// Profile thresholds.
    public var thresholds: AdvocateThresholds
    /// The PageRank configuration behind the social component.
    public var pageRank: PageRank
    /// The attribution whose revenue is the referral component.
    public var attribution: ReferralAttribution

    /// Creates a configuration with the documented defaults.
    public init(social: Double = 0.5, referral: Double = 0.2, wallet: Double = 0.3,
                thresholds: AdvocateThresholds = AdvocateThresholds(), pageRank: PageRank = PageRank(),
                attribution: ReferralAttribution = ReferralAttribution()) {
        self.social = social
        self.referral = referral
        self.wallet = wallet
        self.thresholds = thresholds
        self.pageRank = pageRank
        self.attribution = attribution
    }

    /// Worker threads of both PageRank and attribution. Setting it sets both.
    public var threads: Int {
        get { pageRank.threads }
        set { pageRank.threads = newValue; attribution.threads = newValue }
    }

    /// Scores every customer: runs PageRank and `attribution` (its attributed revenue
    /// only), then blends.
    public func run(on graph: CustomerGraph) -> AdvocateResult {
        // The two steps do not depend on each other. PageRank first: at ten million
        // customers both measured faster in this order (PageRank 3.0 s instead of
        // 3.5, attribution 0.7 instead of 0.95; the cause was not pinned down).
        let pageRankResult = pageRank.run(on: graph)
        return blend(graph, pageRank: pageRankResult, referralValues: attribution.attributedRevenue(on: graph))
    }

    /// Scores every customer with an attribution already computed (by `attribution`
    /// or another configuration), so callers that also report attribution run it once.
    ///
    /// - Precondition: `credit` was computed on `graph`.
    public func run(on graph: CustomerGraph, attribution credit: AttributionResult) -> AdvocateResult {
        precondition(credit.customerCount == graph.customerCount, "attribution of another graph")
        return blend(graph, pageRank: pageRank.run(on: graph), referralValues: credit.attributedRevenue)
    }

    /// Scores every customer with `referralValues` (one per customer) as the raw
    /// referral input instead of attributed revenue: for callers with their own
    /// measure of referral value.
    ///
    /// - Precondition: `referralValues.count == graph.customerCount`.
    public func run(on graph: CustomerGraph, referralValues: [Double]) -> AdvocateResult {
        precondition(referralValues.count == graph.customerCount, "one referral value per customer")
        return blend(graph, pageRank: pageRank.run(on: graph), referralValues: referralValues)
    }

    func blend(_ graph: CustomerGraph, pageRank pr: PageRankResult, referralValues rawReferral: [Double]) -> AdvocateResult {
        let n = graph.customerCount
        let spend = graph.attributes.spend ?? [Double](repeating: 0, count: n)
        let components = Ranking.percentiles(of: [pr.scores, rawReferral, spend], threads: pageRank.threads)
        let s = components[0], r = components[1], w = components[2]
        var scores = uninitializedArray(Double.self, count: n)
        var profiles = [AdvocateProfile](repeating: .other, count: n)
        let bounds = ParallelFor.evenBoundaries(count: n, parts: ParallelFor.chunkCount(forWork: n))
        let (social, referral, wallet, thresholds) = (social, referral, wallet, thresholds)
        scores.withUnsafeMutableBufferPointer { scores in
            profiles.withUnsafeMutableBufferPointer { profiles in
                ParallelFor.run(chunks: bounds.count - 1, threads: pageRank.threads) { c in
                    for i in bounds[c] ..< bounds[c + 1] {
                        scores[i] = social * s[i] + referral * r[i] + wallet * w[i]
                        profiles[i] = thresholds.profile(social: s[i], referral: r[i], wallet: w[i])
                    }
                }
            }
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
    /// The threshold a high component reaches. Default: 0.8.
    public var high: Double
    /// The threshold a low component stays under. Default: 0.5.
    public var low: Double

    /// Creates thresholds with the documented defaults.
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
    /// The blended score per customer.
    public var scores: [Double]
    /// The social component: PageRank's percentile rank.
    public var social: [Double]
    /// The referral component: the referral value's percentile rank.
    public var referral: [Double]
    /// The wallet component: spend's percentile rank.
    public var wallet: [Double]
    /// The profile per customer.
    public var profiles: [AdvocateProfile]
    /// The raw referral value behind `referral`: attributed revenue unless the caller gave its own.
    public var referralValues: [Double]
    /// The PageRank run behind `social`.
    public var pageRank: PageRankResult
}
