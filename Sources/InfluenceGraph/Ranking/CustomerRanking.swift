/// What to rank customers by. The raw values are the words `influence rank --by` takes.
public enum RankingCriterion: String, Sendable, Equatable, CaseIterable {
    /// PageRank over follow edges, uniform teleport.
    case pageRank = "pagerank"
    /// PageRank whose teleport goes to the given seeds (`PageRank.personalization`).
    case personalizedPageRank = "personalized"
    /// HITS authority: followed by good hubs (influencers).
    case hitsAuthority = "hits-authority"
    /// HITS hub: follows good authorities (curators).
    case hitsHub = "hits-hub"
    /// Follower count.
    case followers
    /// Followee count.
    case followees
    /// The advocate score: PageRank, attributed referral revenue and spend blended
    /// (`AdvocateScore`).
    case advocate

    /// Whether the ranking is PageRank and takes a teleport distribution.
    public var takesPersonalization: Bool { self == .pageRank || self == .personalizedPageRank }
}

/// Ranks customers by one criterion: the single entry point behind `influence rank`.
///
/// ```swift
/// let advocates = CustomerRanking(by: .advocate).run(on: graph)
/// for c in advocates.top(10) { print(graph.customers.id(c), advocates.scores[c]) }
/// ```
///
/// PageRank criteria use `advocate.pageRank`; HITS takes its tolerance, iteration cap
/// and threads from there too, so one configuration serves every criterion.
///
/// - Complexity: that of the criterion: O((V + E) · iterations) for PageRank and
///   HITS, O(V log V) for the degree counts, O(PageRank + attribution) for advocates.
public struct CustomerRanking: Sendable {
    /// What to rank by. Default: `.pageRank`.
    public var criterion: RankingCriterion
    /// The advocate blend and, through it, the PageRank and attribution settings.
    public var advocate: AdvocateScore

    /// Creates a ranking; every parameter has the documented default.
    public init(by criterion: RankingCriterion = .pageRank, advocate: AdvocateScore = AdvocateScore()) {
        self.criterion = criterion
        self.advocate = advocate
    }

    /// The PageRank configuration (a view of `advocate.pageRank`).
    public var pageRank: PageRank {
        get { advocate.pageRank }
        set { advocate.pageRank = newValue }
    }

    /// Ranks every customer of `graph`; a PageRank criterion teleports to
    /// `pageRank.personalization`.
    public func run(on graph: CustomerGraph) -> RankingResult {
        run(on: graph, personalizations: [pageRank.personalization])[0]
    }

    /// Ranks once per teleport distribution (`nil` meaning uniform), sharing one
    /// prepared PageRank layout: the batch form behind `influence rank --seed-sets`.
    /// Criteria that take no teleport distribution return one result.
    public func run(on graph: CustomerGraph, personalizations: [[Int: Double]?]) -> [RankingResult] {
        let n = graph.customerCount
        switch criterion {
        case .pageRank, .personalizedPageRank:
            return pageRank.run(on: graph, personalizations: personalizations).map(RankingResult.init(pageRank:))
        case .hitsAuthority, .hitsHub:
            let hits = HITS(tolerance: pageRank.tolerance, maxIterations: pageRank.maxIterations, threads: pageRank.threads)
                .run(on: graph)
            return [RankingResult(scores: criterion == .hitsHub ? hits.hubs : hits.authorities,
                                  convergence: .init(iterations: hits.iterations, converged: hits.converged, delta: hits.delta))]
        case .followers:
            return [RankingResult(scores: (0..<n).map { Double(graph.follows.followers.degree(of: $0)) })]
        case .followees:
            return [RankingResult(scores: (0..<n).map { Double(graph.follows.followees.degree(of: $0)) })]
        case .advocate:
            let result = advocate.run(on: graph)
            return [RankingResult(scores: result.scores, convergence: .init(result.pageRank), advocate: result)]
        }
    }
}

/// Scores by customer index from one `CustomerRanking` run.
public struct RankingResult: Sendable, Equatable {
    /// How an iterative ranking ended.
    public struct Convergence: Sendable, Equatable {
        /// Iterations run.
        public var iterations: Int
        /// Whether the final change was below the tolerance.
        public var converged: Bool
        /// The L1 norm of the change in the last iteration.
        public var delta: Double

        public init(iterations: Int, converged: Bool, delta: Double) {
            self.iterations = iterations
            self.converged = converged
            self.delta = delta
        }

        init(_ result: PageRankResult) {
            self.init(iterations: result.iterations, converged: result.converged, delta: result.delta)
        }
    }

    /// One score per customer; higher ranks first.
    public var scores: [Double]
    /// Convergence of PageRank, HITS and the advocate score's PageRank; `nil` for counts.
    public var convergence: Convergence?
    /// The components and profiles, for the advocate criterion.
    public var advocate: AdvocateResult?

    public init(scores: [Double], convergence: Convergence? = nil, advocate: AdvocateResult? = nil) {
        self.scores = scores
        self.convergence = convergence
        self.advocate = advocate
    }

    init(pageRank result: PageRankResult) {
        self.init(scores: result.scores, convergence: Convergence(result))
    }

    /// The `k` best customer indices, ties by customer index. - Complexity: O(V log V).
    public func top(_ k: Int) -> [Int] { Ranking.top(k, of: scores) }
}
