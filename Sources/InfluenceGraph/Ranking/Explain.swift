/// Why a customer ranks where they do: the PageRank score and the followers whose
/// votes make it up, spend, referral figures, and the advocate components and
/// profile — what a growth manager reads before paying an advocate.
///
/// ```swift
/// let why = Explain(topFollowers: 5).run(on: graph, customer: graph.customers.index(of: "KOL-01")!)
/// print(why.pageRankRank, why.topFollowers.map(\.share), why.profile)
/// ```
///
/// A follower `u`'s contribution to `v` is `damping · x[u] · w(u,v) / W(u)`, its term
/// in the PageRank sum; the rest of `x[v]` is teleport (including the mass of
/// customers who follow nobody), so contributions and teleport add up to the score
/// (to the PageRank tolerance).
///
/// - Complexity: O(AdvocateScore + attribution) + O(V + d log d) for the d followers.
public struct Explain: Sendable {
    /// How many contributing followers to list. Default 10.
    public var topFollowers: Int
    /// The advocate configuration to explain, and through it the PageRank and the
    /// attribution whose figures are reported.
    public var advocate: AdvocateScore

    /// Creates a configuration; every parameter has the documented default.
    public init(topFollowers: Int = 10, advocate: AdvocateScore = AdvocateScore()) {
        self.topFollowers = topFollowers
        self.advocate = advocate
    }

    /// Explains customer index `v` of `graph`.
    ///
    /// - Precondition: `0 <= v < graph.customerCount`.
    public func run(on graph: CustomerGraph, customer v: Int) -> CustomerExplanation {
        precondition(v >= 0 && v < graph.customerCount, "customer index out of range")
        let credit = advocate.attribution.run(on: graph)
        let result = advocate.run(on: graph, attribution: credit)
        let pr = result.pageRank.scores
        let followers = graph.follows.followers, followees = graph.follows.followees
        let (contributions, fromFollowers) = followerContributions(to: v, on: graph, pageRank: pr)
        let shown = Ranking.top(topFollowers, of: contributions.map(\.contribution)).map { contributions[$0] }

        let referees = graph.referrals.referees
        var refereeSet = Set<UInt32>()
        for e in referees.edgeRange(of: v) { refereeSet.insert(referees.targets[e]) }
        var refereeSpend = 0.0
        for r in refereeSet.sorted() { refereeSpend += graph.attributes.spend(Int(r)) }
        let referredBy = Set(graph.referrals.referrers.neighbors(of: v)).sorted().map { graph.customers.id(Int($0)) }

        return CustomerExplanation(
            customer: v, id: graph.customers.id(v), name: graph.attributes.name(v), segment: graph.attributes.segment(v),
            pageRank: pr[v], pageRankRank: Ranking.rank(of: v, in: pr), customerCount: graph.customerCount,
            pageRankIterations: result.pageRank.iterations, pageRankConverged: result.pageRank.converged,
            followerCount: followers.degree(of: v), followeeCount: followees.degree(of: v),
            topFollowers: shown, followerShare: pr[v] > 0 ? min(1, fromFollowers / pr[v]) : 0,
            spend: graph.attributes.spend(v), orders: graph.attributes.orders(v),
            attributedRevenue: credit.attributedRevenue[v], directReferrals: Int(credit.directReferrals[v]),
            downline: Int(credit.downline[v]), depth: Int(credit.depth[v]), root: graph.customers.id(Int(credit.root[v])),
            refereeSpend: refereeSpend, referredBy: referredBy,
            advocateScore: result.scores[v], advocateRank: Ranking.rank(of: v, in: result.scores),
            social: result.social[v], referral: result.referral[v], wallet: result.wallet[v], profile: result.profiles[v])
    }
}

extension Explain {
    /// The `topFollowers` followers whose votes add the most to customer `v`'s
    /// PageRank, largest first (ties by customer index), from scores already computed
    /// with `advocate.pageRank`: what `run(on:customer:)` lists, without running
    /// PageRank again, for callers that explain many customers of one ranking.
    ///
    /// - Precondition: `0 <= v < graph.customerCount` and one score per customer.
    /// - Complexity: O(d log d) for the d followers of `v`, plus their followee lists
    ///   when weighted.
    public func topFollowers(of v: Int, on graph: CustomerGraph, pageRank scores: [Double]) -> [FollowerContribution] {
        precondition(v >= 0 && v < graph.customerCount && scores.count == graph.customerCount, "customer or scores out of range")
        let contributions = followerContributions(to: v, on: graph, pageRank: scores).list
        return Ranking.top(topFollowers, of: contributions.map(\.contribution)).map { contributions[$0] }
    }

    /// Every follower's contribution to `v`'s score, in follower-list order, and their sum.
    func followerContributions(to v: Int, on graph: CustomerGraph, pageRank pr: [Double]) -> (list: [FollowerContribution], total: Double) {
        let followers = graph.follows.followers, followees = graph.follows.followees
        let weighted = advocate.pageRank.weighted && graph.follows.followerWeights != nil
        let d = advocate.pageRank.damping
        var contributions: [FollowerContribution] = []
        var fromFollowers = 0.0
        for e in followers.edgeRange(of: v) {
            let u = Int(followers.targets[e])
            var vote = 1.0, outWeight = Double(followees.degree(of: u))
            if weighted, let w = graph.follows.followerWeights, let ow = graph.follows.followeeWeights {
                vote = w[e]
                outWeight = 0
                for f in followees.edgeRange(of: u) { outWeight += ow[f] }
            }
            let amount = outWeight > 0 ? d * pr[u] * vote / outWeight : 0
            fromFollowers += amount
            contributions.append(FollowerContribution(customer: u, id: graph.customers.id(u), contribution: amount,
                                                      share: pr[v] > 0 ? amount / pr[v] : 0))
        }
        return (contributions, fromFollowers)
    }
}

/// One follower's part of a customer's PageRank.
public struct FollowerContribution: Sendable, Equatable {
    /// The follower's customer index and id.
    public var customer: Int, id: String
    /// The score the follower's vote adds: `damping · score(follower) · w / W(follower)`.
    public var contribution: Double
    /// `contribution` as a share of the explained customer's score, in [0, 1].
    public var share: Double
}

/// The explanation of one customer's ranking; see `Explain`.
public struct CustomerExplanation: Sendable, Equatable {
    /// Customer index, id, name and segment.
    public var customer: Int, id: String, name: String, segment: String
    /// PageRank score, its 1-based rank (ties by customer index), and the number of customers ranked.
    public var pageRank: Double, pageRankRank: Int, customerCount: Int
    /// Iterations the PageRank run took, and whether it converged.
    public var pageRankIterations: Int, pageRankConverged: Bool
    /// Accounts following this customer, and accounts it follows.
    public var followerCount: Int, followeeCount: Int
    /// The followers whose votes add the most, largest first (ties by customer index).
    public var topFollowers: [FollowerContribution]
    /// The share of the score that comes from all follower votes; the rest is teleport.
    public var followerShare: Double
    /// Spend and order count.
    public var spend: Double, orders: Int64
    /// Attribution figures (see `AttributionResult`): credit received, distinct direct
    /// referees, downline size, depth and the id of the chain's root.
    public var attributedRevenue: Double, directReferrals: Int, downline: Int, depth: Int, root: String
    /// The summed spend of the distinct direct referees.
    public var refereeSpend: Double
    /// The ids of the customers who referred this one, in customer order.
    public var referredBy: [String]
    /// The advocate score, its 1-based rank, the three components and the profile.
    public var advocateScore: Double, advocateRank: Int
    /// The advocate components (percentile ranks).
    public var social: Double, referral: Double, wallet: Double
    /// The advocate profile.
    public var profile: AdvocateProfile
}
