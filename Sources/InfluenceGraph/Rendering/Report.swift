/// Everything the influence report shows, computed once by `InfluenceReport` and
/// rendered by `html()` into one self-contained page.
///
/// A report holds aggregates, never per-customer arrays: above
/// `InfluenceReport.densityThreshold` customers the maps hold density grids, so a
/// report of ten million customers is as small as one of ten thousand.
///
/// ```swift
/// var report = InfluenceReport(top: 10).run(on: graph, source: "shop/")
/// report.timing.loadSeconds = 0.8
/// let page = report.html()   // same bytes for the same input at any thread count,
///                            // but for the one element marked data-timing
/// ```
public struct Report: Sendable, Equatable {
    /// The page's heading.
    public var title: String
    /// Where the data came from, its size, warnings and the settings used.
    public var header: Header
    /// Load and compute times: the only figures that vary between runs.
    public var timing: Timing
    /// Every customer by social and wallet percentile.
    public var socialWallet: SocialWalletMap
    /// Every customer by follower count and spend, on log axes.
    public var followersSpend: FollowersSpendMap
    /// The top advocates, best first.
    public var advocates: [AdvocateRow]
    /// The greedy seed curve and the overlap of the first seeds' audiences.
    public var reach: CampaignReach
    /// Referral cascades, K-factor cohorts, the deepest chains and the audit.
    public var waves: ReferralWaves
    /// One row per segment.
    public var segments: [SegmentRow]

    /// The source, counts, warnings and settings shown at the top of the page.
    public struct Header: Sendable, Equatable {
        /// The data source as given (a path), and the program that made the report.
        public var source: String, generator: String
        /// Customers, follow edges, referral rows read and referral edges kept.
        public var customers: Int, follows: Int, referralRows: Int, referralEdges: Int
        /// The latest referral time in the data (unix seconds), the report's date;
        /// `nil` when no referral row has a time.
        public var latestReferral: Int64?
        /// Import report warnings and notes on the computation, one sentence each.
        public var warnings: [String]
        /// The settings that shaped the numbers, as name and value.
        public var settings: [Setting]
    }

    /// One named setting in the header.
    public struct Setting: Sendable, Equatable {
        public var name: String, value: String
    }

    /// Seconds spent; `nil` when not measured. Rendered in the page's one
    /// `data-timing` element.
    public struct Timing: Sendable, Equatable {
        public var loadSeconds: Double?, computeSeconds: Double?
        public init(loadSeconds: Double? = nil, computeSeconds: Double? = nil) {
            self.loadSeconds = loadSeconds
            self.computeSeconds = computeSeconds
        }
    }

    /// A customer placed on a map.
    public struct MapPoint: Sendable, Equatable {
        /// Customer index and id.
        public var customer: Int, id: String
        /// The map's coordinates (percentiles, or follower count and spend).
        public var x: Double, y: Double
        public var profile: AdvocateProfile
        /// The 1-based advocate rank for labelled advocates, else 0.
        public var rank: Int
    }

    /// How many customers have one profile.
    public struct ProfileCount: Sendable, Equatable {
        public var profile: AdvocateProfile, customers: Int
    }

    /// The social-vs-wallet quadrant: social percentile (PageRank) across, wallet
    /// percentile (spend) up.
    public struct SocialWalletMap: Sendable, Equatable {
        /// Customers on the map: `density.total` or `points.count`.
        public var customers: Int
        /// The profile thresholds drawn as lines.
        public var thresholds: AdvocateThresholds
        /// Customers per profile, in the legend's order.
        public var profileCounts: [ProfileCount]
        /// Counts per cell (20 × 20 over [0, 1]²) above the density threshold, else `nil`.
        public var density: DensityGrid?
        /// Every customer, when there is no density grid.
        public var points: [MapPoint]
        /// The top advocates, labelled, in rank order.
        public var top: [MapPoint]
    }

    /// Followers (log) against spend (log), zeros in their own bands: the big
    /// spender with few followers and the influencer who spends little, literally.
    public struct FollowersSpendMap: Sendable, Equatable {
        /// Counts per cell (two per decade, plus the zero band) above the density
        /// threshold, else `nil`.
        public var density: DensityGrid?
        /// Every customer, when there is no density grid.
        public var points: [MapPoint]
        /// The top advocates and the campaign seeds.
        public var top: [MapPoint], seeds: [MapPoint]
        /// The customer with the most followers, and the one with the largest spend.
        public var mostFollowed: MapPoint?, topSpender: MapPoint?
        /// The axes' decades, in drawing-independent form (pixels 0…1).
        var followerAxis: LogScale, spendAxis: LogScale
    }

    /// One row of the advocates table.
    public struct AdvocateRow: Sendable, Equatable {
        public var rank: Int, customer: Int, id: String, name: String
        /// The advocate score and its three percentile components.
        public var score: Double, social: Double, referral: Double, wallet: Double
        public var profile: AdvocateProfile
        public var followers: Int, spend: Double
        /// Attributed referral revenue (the referral component's raw value).
        public var attributedRevenue: Double
        /// The followers contributing most to the customer's PageRank (from `Explain`).
        public var topFollowers: [FollowerContribution]
    }

    /// The campaign-reach section.
    public struct CampaignReach: Sendable, Equatable {
        /// The model the seeds were picked for.
        public var model: SeedSelectionModel
        /// The picks in order (the reach curve) and their ids.
        public var picks: [SeedPick], ids: [String]
        /// IMM's reverse-reachable sets (0 for hops) and the ε they guarantee.
        public var reverseReachableSets: Int, guaranteedEpsilon: Double?
        /// The segment seeds were limited to, if any.
        public var candidateSegment: String?
        /// The audiences compared in the heat map, and their overlap.
        public var overlapDepth: ReachDepth
        public var overlap: OverlapResult, overlapIDs: [String]
    }

    /// How many cascades have one size.
    public struct SizeCount: Sendable, Equatable {
        public var size: Int, cascades: Int
    }

    /// One chain from a root down to one of the deepest customers of its cascade.
    public struct ChainPath: Sendable, Equatable {
        /// Hops from the root, and the ids root first.
        public var depth: Int, ids: [String]
        /// Whether the cascade contains a ring.
        public var hasRing: Bool
    }

    /// One audit signal: how many were found and the first few, described.
    public struct AuditSignal: Sendable, Equatable {
        public var signal: String, count: Int, examples: [String]
    }

    /// The referral-waves section.
    public struct ReferralWaves: Sendable, Equatable {
        /// The touch rule and window the waves follow.
        public var touch: TouchRule, window: ReferralWindow
        /// Cascades, and the customers in them.
        public var cascades: Int, customersInCascades: Int
        /// Cascades per exact size, ascending, and per power-of-two bucket.
        public var sizes: [SizeCount], sizeBuckets: [CascadeBucket]
        /// K-factor by month of the referrer's first referral.
        public var cohorts: [ReferralCohort]
        /// The deepest chains, deepest first, one per cascade.
        public var deepestChains: [ChainPath]
        /// Rings, self-referrals, referees with several referrers, bursts, referees with no purchase.
        public var audit: [AuditSignal]
    }

    /// One row of the segments table.
    public struct SegmentRow: Sendable, Equatable {
        /// The segment (`(none)` for customers without one) and its customers.
        public var name: String, customers: Int
        /// Mean PageRank percentile, mean spend and the share of advocates.
        public var meanSocial: Double, meanSpend: Double, advocateShare: Double
    }
}
