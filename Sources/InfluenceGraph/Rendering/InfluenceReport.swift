#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What goes into the influence report, and the computation behind it: advocate
/// scores and profiles, seed selection with the overlap of the first seeds'
/// audiences, referral cascades, cohorts, chains and audit, and segment figures.
///
/// ```swift
/// var config = InfluenceReport(top: 10)
/// config.seeds.model = .hops(.hops(2))
/// let html = config.run(on: graph, source: "fixtures/demo").html()
/// ```
///
/// Every part follows the configuration of the type that computes it, so a report
/// shows what `rank --by advocate`, `seeds`, `overlap` and `referrals` print with the
/// same settings. Referral waves and the audit follow the touch rule and window of
/// `advocate.attribution`. Results depend on the seeds, never on `threads`.
///
/// - Complexity: O(AdvocateScore + SeedSelection + AudienceOverlap + V log V) time;
///   the report itself holds O(top + seeds² + cells) values.
public struct InfluenceReport: Sendable {
    /// The page's heading. Default: "Influence report".
    public var title: String
    /// How many top advocates to label and list. Default: 20.
    public var top: Int
    /// The advocate blend, and through it PageRank and attribution.
    public var advocate: AdvocateScore
    /// The seed selection of the reach curve. Default: 20 seeds for the weighted
    /// cascade (IMM, ε 0.1, seed 1).
    public var seeds: SeedSelection
    /// Only customers of this segment may be seeds, as `influence seeds --segment`. Default: `nil`.
    public var seedSegment: String?
    /// How many of the first seeds the overlap heat map compares. Default: 10.
    public var overlapSeeds: Int
    /// The audiences the heat map compares: customers within this many hops. Default: 2.
    public var overlapDepth: ReachDepth
    /// Burst settings of the audit (its window is `advocate.attribution`'s).
    public var audit: ReferralAudit
    /// Above this many customers the maps draw density grids instead of one mark per
    /// customer. Default: 5,000.
    public var densityThreshold: Int
    /// The program named in the header. Default: "InfluenceGraph".
    public var generator: String

    /// Creates a configuration; every parameter has the documented default.
    public init(title: String = "Influence report", top: Int = 20, advocate: AdvocateScore = AdvocateScore(),
                seeds: SeedSelection = SeedSelection(count: 20, model: .weightedCascade), seedSegment: String? = nil,
                overlapSeeds: Int = 10, overlapDepth: ReachDepth = .hops(2), audit: ReferralAudit = ReferralAudit(),
                densityThreshold: Int = 5_000, generator: String = "InfluenceGraph") {
        self.title = title
        self.top = top
        self.advocate = advocate
        self.seeds = seeds
        self.seedSegment = seedSegment
        self.overlapSeeds = overlapSeeds
        self.overlapDepth = overlapDepth
        self.audit = audit
        self.densityThreshold = densityThreshold
        self.generator = generator
    }

    /// Worker threads of every part. Setting it sets all of them. Does not change results.
    public var threads: Int {
        get { advocate.threads }
        set { advocate.threads = newValue; seeds.threads = newValue }
    }

    /// Computes the report. `timing.computeSeconds` is measured; the caller may set
    /// `timing.loadSeconds`.
    ///
    /// - Parameters:
    ///   - graph: the customer graph.
    ///   - source: the data source as the header should name it.
    ///   - excluded: customers never counted as reached by the seeds, or `nil`.
    public func run(on graph: CustomerGraph, source: String, excluding excluded: Bitmap? = nil) -> Report {
        let started = Self.seconds()
        let n = graph.customerCount
        let credit = advocate.attribution.run(on: graph)
        let scores = advocate.run(on: graph, attribution: credit)
        let topCustomers = Ranking.top(top, of: scores.scores)

        var candidates: [Int]? = nil
        if let seedSegment {
            let code = graph.attributes.segmentCode(named: seedSegment)
            let codes = graph.attributes.segmentCodes
            candidates = (0..<n).filter { code != nil && codes?[$0] == code }
        }
        let selection = seeds.run(on: graph, candidates: candidates, excluding: excluded)
        let compared = Array(selection.seeds.prefix(max(0, overlapSeeds)))
        let overlap = AudienceOverlap(depth: overlapDepth, threads: threads).run(on: graph, seeds: compared, excluding: excluded)

        let advocates = advocateRows(graph, scores, topCustomers, credit)
        let socialWallet = socialWalletMap(scores, topCustomers, graph)
        let followersSpend = followersSpendMap(graph, scores, topCustomers, selection.seeds)
        let waves = referralWaves(graph)
        let reach = Report.CampaignReach(
            model: seeds.model, picks: selection.picks, ids: selection.seeds.map { graph.customers.id($0) },
            reverseReachableSets: selection.reverseReachableSets, guaranteedEpsilon: selection.guaranteedEpsilon,
            candidateSegment: seedSegment, overlapDepth: overlapDepth, overlap: overlap,
            overlapIDs: overlap.seeds.map { graph.customers.id($0) })
        let header = header(graph, source: source, scores: scores, selection: selection)
        return Report(title: title, header: header, timing: Report.Timing(computeSeconds: Self.seconds() - started),
                      socialWallet: socialWallet, followersSpend: followersSpend, advocates: advocates, reach: reach,
                      waves: waves, segments: segmentRows(graph, scores))
    }

    /// The profiles in legend order.
    static let profiles: [AdvocateProfile] = [.advocate, .influencer, .bigSpender, .referrer, .other]

    /// Cells per axis of the social-vs-wallet grid: 20 puts the default thresholds
    /// (0.5, 0.8) on cell edges.
    static let quadrantCells = 20

    func advocateRows(_ graph: CustomerGraph, _ scores: AdvocateResult, _ topCustomers: [Int],
                      _ credit: AttributionResult) -> [Report.AdvocateRow] {
        let explain = Explain(topFollowers: 3, advocate: advocate)
        return topCustomers.enumerated().map { i, c in
            Report.AdvocateRow(
                rank: i + 1, customer: c, id: graph.customers.id(c), name: graph.attributes.name(c),
                score: scores.scores[c], social: scores.social[c], referral: scores.referral[c], wallet: scores.wallet[c],
                profile: scores.profiles[c], followers: graph.follows.followers.degree(of: c),
                spend: graph.attributes.spend(c), attributedRevenue: credit.attributedRevenue[c],
                topFollowers: explain.topFollowers(of: c, on: graph, pageRank: scores.pageRank.scores))
        }
    }

    func socialWalletMap(_ scores: AdvocateResult, _ topCustomers: [Int], _ graph: CustomerGraph) -> Report.SocialWalletMap {
        let n = scores.scores.count
        var perProfile = [Int](repeating: 0, count: Self.profiles.count)
        for p in scores.profiles { perProfile[Self.profiles.firstIndex(of: p) ?? Self.profiles.count - 1] += 1 }
        var density: DensityGrid? = nil
        var points: [Report.MapPoint] = []
        if n > densityThreshold {
            let edges = DensityGrid.uniformEdges(from: 0, to: 1, count: Self.quadrantCells)
            var grid = DensityGrid(xEdges: edges, yEdges: edges)
            for c in 0..<n { grid.add(x: scores.social[c], y: scores.wallet[c]) }
            density = grid
        } else {
            points = (0..<n).map { c in
                Report.MapPoint(customer: c, id: graph.customers.id(c), x: scores.social[c], y: scores.wallet[c],
                                profile: scores.profiles[c], rank: 0)
            }
        }
        let top = topCustomers.enumerated().map { i, c in
            Report.MapPoint(customer: c, id: graph.customers.id(c), x: scores.social[c], y: scores.wallet[c],
                            profile: scores.profiles[c], rank: i + 1)
        }
        return Report.SocialWalletMap(
            customers: n, thresholds: advocate.thresholds,
            profileCounts: zip(Self.profiles, perProfile).map { Report.ProfileCount(profile: $0, customers: $1) },
            density: density, points: points, top: top)
    }

    func followersSpendMap(_ graph: CustomerGraph, _ scores: AdvocateResult, _ topCustomers: [Int],
                           _ seeds: [Int]) -> Report.FollowersSpendMap {
        let n = graph.customerCount
        let followers = graph.follows.followers
        let spend = graph.attributes.spend
        let xAxis = LogScale(covering: (0..<n).lazy.map { Double(followers.degree(of: $0)) }, start: 0, end: 1)
        let yAxis = LogScale(covering: (0..<n).lazy.map { spend?[$0] ?? 0 }, start: 0, end: 1)
        func point(_ c: Int, rank: Int) -> Report.MapPoint {
            Report.MapPoint(customer: c, id: graph.customers.id(c), x: Double(followers.degree(of: c)),
                            y: spend?[c] ?? 0, profile: scores.profiles[c], rank: rank)
        }
        var density: DensityGrid? = nil
        var points: [Report.MapPoint] = []
        if n > densityThreshold {
            var grid = DensityGrid(xEdges: xAxis.binEdges(perDecade: 2), yEdges: yAxis.binEdges(perDecade: 2))
            for c in 0..<n { grid.add(x: Double(followers.degree(of: c)), y: spend?[c] ?? 0) }
            density = grid
        } else {
            points = (0..<n).map { point($0, rank: 0) }
        }
        // Ties go to the lower index, as everywhere.
        var mostFollowed: Int? = nil, topSpender: Int? = nil
        for c in 0..<n {
            if followers.degree(of: c) > (mostFollowed.map { followers.degree(of: $0) } ?? 0) { mostFollowed = c }
            if (spend?[c] ?? 0) > (topSpender.map { spend?[$0] ?? 0 } ?? 0) { topSpender = c }
        }
        return Report.FollowersSpendMap(
            density: density, points: points,
            top: topCustomers.enumerated().map { point($1, rank: $0 + 1) }, seeds: seeds.map { point($0, rank: 0) },
            mostFollowed: mostFollowed.map { point($0, rank: 0) }, topSpender: topSpender.map { point($0, rank: 0) },
            followerAxis: xAxis, spendAxis: yAxis)
    }

    /// How many deepest chains and audit examples the page lists.
    static let chainCount = 5, auditExamples = 5

    func referralWaves(_ graph: CustomerGraph) -> Report.ReferralWaves {
        let touch = advocate.attribution.touch, window = advocate.attribution.window
        let forest = ReferralChains(touch: touch, window: window).run(on: graph)
        let cascades = CascadeReport(forest)
        var sizes: [Report.SizeCount] = []
        for cascade in cascades.cascades.reversed() {
            if sizes.last?.size == cascade.size { sizes[sizes.count - 1].cascades += 1 } else {
                sizes.append(Report.SizeCount(size: cascade.size, cascades: 1))
            }
        }
        // The deepest member of each cascade (first in customer order), deepest cascades first.
        var deepest = [Int32](repeating: -1, count: graph.customerCount)
        var ends: [Int] = []
        for v in 0..<graph.customerCount where forest.depth[v] > 0 {
            let c = Int(forest.component[v])
            if deepest[c] < 0 { ends.append(c) } else if forest.depth[Int(deepest[c])] >= forest.depth[v] { continue }
            deepest[c] = Int32(v)
        }
        let leaves = ends.map { Int(deepest[$0]) }.sorted { a, b in
            forest.depth[a] != forest.depth[b] ? forest.depth[a] > forest.depth[b] : a < b
        }
        let chains = leaves.prefix(Self.chainCount).map { v in
            let component = Int(forest.component[v])
            return Report.ChainPath(depth: Int(forest.depth[v]), ids: forest.chain(to: v).map { graph.customers.id($0.customer) },
                                    hasRing: cascades.cascades.first { $0.root == component }?.hasRing ?? false)
        }
        var audit = self.audit
        audit.window = window
        return Report.ReferralWaves(
            touch: touch, window: window, cascades: cascades.cascades.count,
            customersInCascades: cascades.customersInCascades, sizes: sizes, sizeBuckets: cascades.sizeDistribution,
            cohorts: ReferralCohorts(by: .month, touch: touch, window: window).run(on: graph),
            deepestChains: Array(chains), audit: auditSignals(audit.run(on: graph), graph))
    }

    func auditSignals(_ audit: ReferralAuditReport, _ graph: CustomerGraph) -> [Report.AuditSignal] {
        let id = { graph.customers.id($0) }
        func signal(_ name: String, _ examples: [String]) -> Report.AuditSignal {
            Report.AuditSignal(signal: name, count: examples.count, examples: Array(examples.prefix(Self.auditExamples)))
        }
        return [
            signal("Rings", audit.rings.map { ring in (ring + ring.prefix(1)).map(id).joined(separator: " → ") }),
            signal("Self-referrals", audit.selfReferrals.map { "\($0.id) (\($0.rows) row\($0.rows == 1 ? "" : "s") dropped)" }),
            signal("Several referrers", audit.severalReferrers.map { "\(id($0.referee)) ← \($0.referrers.map(id).joined(separator: ", "))" }),
            signal("Bursts", audit.bursts.map {
                "\(id($0.referrer)): \($0.referrals) referrals \(ReferralWindow.formatTime($0.start)) – \(ReferralWindow.formatTime($0.end))"
            }),
            signal("No purchase", audit.noPurchase.map { "\(id($0.referee)) (referred by \($0.referrers.map(id).joined(separator: ", ")))" }),
        ]
    }

    /// The most segment rows the page lists (largest first).
    static let segmentLimit = 50

    func segmentRows(_ graph: CustomerGraph, _ scores: AdvocateResult) -> [Report.SegmentRow] {
        let names = graph.attributes.segmentNames
        let codes = graph.attributes.segmentCodes
        var customers = [Int](repeating: 0, count: max(1, names.count))
        var social = [Double](repeating: 0, count: customers.count)
        var spend = [Double](repeating: 0, count: customers.count)
        var advocates = [Int](repeating: 0, count: customers.count)
        for c in 0..<graph.customerCount {
            let s = Int(codes?[c] ?? 0)
            customers[s] += 1
            social[s] += scores.social[c]
            spend[s] += graph.attributes.spend(c)
            if scores.profiles[c] == .advocate { advocates[s] += 1 }
        }
        let rows = customers.indices.filter { customers[$0] > 0 }.map { s in
            let count = Double(customers[s])
            return Report.SegmentRow(name: s == 0 || names[s].isEmpty ? "(none)" : names[s], customers: customers[s],
                                     meanSocial: social[s] / count, meanSpend: spend[s] / count,
                                     advocateShare: Double(advocates[s]) / count)
        }
        let sorted = rows.sorted { $0.customers != $1.customers ? $0.customers > $1.customers : $0.name < $1.name }
        return Array(sorted.prefix(Self.segmentLimit))
    }

    func header(_ graph: CustomerGraph, source: String, scores: AdvocateResult, selection: SeedSelectionResult) -> Report.Header {
        var latest: Int64? = nil
        for t in graph.referrals.refereeTimes ?? [] where t != ReferralEdges.noTime { latest = max(latest ?? t, t) }
        let r = graph.report
        var warnings: [String] = []
        func note(_ count: Int, _ text: String) { if count > 0 { warnings.append("\(NumberText.grouped(count)) \(text)") } }
        note(r.badRowsSkipped, r.badRowsSkipped == 1 ? "unreadable row skipped" : "unreadable rows skipped")
        for bad in r.firstBadRows { warnings.append("Skipped \(bad)") }
        if let line = r.headerLine { warnings.append("Line \(line) read as a 'nodes edges' header and skipped") }
        note(r.selfReferralsDropped, r.selfReferralsDropped == 1 ? "self-referral row dropped" : "self-referral rows dropped")
        note(r.duplicatesMerged, r.duplicatesMerged == 1 ? "duplicate follow row merged" : "duplicate follow rows merged")
        note(r.selfLoopsDropped, r.selfLoopsDropped == 1 ? "self-follow dropped" : "self-follows dropped")
        note(r.refereesWithSeveralReferrers, r.refereesWithSeveralReferrers == 1
             ? "referee has referral rows from several referrers" : "referees have referral rows from several referrers")
        note(r.customersFromEdges, r.customersFromEdges == 1
             ? "customer appears only in edge files" : "customers appear only in edge files")
        if !scores.pageRank.converged {
            warnings.append("PageRank stopped after \(scores.pageRank.iterations) iterations without converging")
        }
        if let achieved = selection.guaranteedEpsilon, achieved > seeds.epsilon {
            warnings.append("IMM stopped sampling at its memory limit: the seeds are guaranteed within ε = \(NumberText.fixed(achieved, digits: 3))")
        }
        if let seedSegment, graph.attributes.segmentCode(named: seedSegment) == nil {
            warnings.append("No customer is in segment '\(seedSegment)', so no seeds were picked")
        }
        return Report.Header(source: source, generator: generator, customers: graph.customerCount,
                             follows: graph.follows.count, referralRows: r.referralRows, referralEdges: graph.referrals.count,
                             latestReferral: latest, warnings: warnings, settings: settings())
    }

    func settings() -> [Report.Setting] {
        let a = advocate, pr = advocate.pageRank, attribution = advocate.attribution
        func number(_ x: Double) -> String { NumberText.trimmed(x) }
        var tiers = "\(attribution.tiers) tier\(attribution.tiers == 1 ? "" : "s")"
        switch attribution.weights {
        case .decay(let d): tiers += ", decay \(number(d))"
        case .explicit(let w): tiers += ", weights " + w.map(number).joined(separator: ", ")
        }
        var window = "all referral rows"
        if attribution.window.since != nil || attribution.window.until != nil {
            window = (attribution.window.since.map { "from " + ReferralWindow.formatTime($0) } ?? "")
                + (attribution.window.since != nil && attribution.window.until != nil ? " " : "")
                + (attribution.window.until.map { "until " + ReferralWindow.formatTime($0) } ?? "")
        }
        var model: String
        switch seeds.model {
        case .hops(let depth): model = "\(Self.depthText(depth)) coverage (CELF greedy)"
        case .independentCascade(let p): model = "independent cascade p = \(number(p)) (IMM, ε = \(number(seeds.epsilon)), seed \(seeds.seed))"
        case .weightedCascade: model = "weighted cascade (IMM, ε = \(number(seeds.epsilon)), seed \(seeds.seed))"
        }
        var list = [
            Report.Setting(name: "Advocate weights", value: "social \(number(a.social)) · referral \(number(a.referral)) · wallet \(number(a.wallet))"),
            Report.Setting(name: "Profile thresholds", value: "high \(number(a.thresholds.high)) · low \(number(a.thresholds.low))"),
            Report.Setting(name: "PageRank", value: "damping \(number(pr.damping))\(pr.weighted ? ", weighted" : "")"),
            Report.Setting(name: "Attribution", value: "\(attribution.touch.rawValue) touch, \(tiers); \(window)"),
            Report.Setting(name: "Seeds", value: "\(seeds.count == Int.max ? "all" : String(seeds.count)) for \(model)"
                           + (seedSegment.map { ", segment \($0)" } ?? "")),
        ]
        list.append(Report.Setting(name: "Overlap", value: "first \(overlapSeeds) seeds, \(Self.depthText(overlapDepth)) audiences"))
        return list
    }

    /// `2-hop` or `all-hop`.
    static func depthText(_ depth: ReachDepth) -> String {
        if case .hops(let k) = depth { return "\(k)-hop" }
        return "any-hop"
    }

    /// Seconds on a monotonic clock.
    static func seconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_MONOTONIC, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }
}
