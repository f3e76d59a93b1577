/// How referrers are grouped into cohorts.
public enum CohortKey: String, Sendable, CaseIterable {
    /// The calendar month (UTC) of the referrer's first referral row in the window;
    /// a referrer whose earliest row has no time falls in the cohort `unknown`.
    case month
    /// The referrer's `segment` (`(none)` without one).
    case segment
}

/// The viral coefficient per cohort of referrers.
///
/// A **referrer** is a customer with at least one referral row in the window. Each
/// referee (a customer with a row in the window) counts as one new customer for the
/// cohort of its primary parent (the credit parent under first or last touch, the
/// earliest one under linear), so every referee is counted exactly once overall. The
/// K-factor of a cohort is its new customers divided by its referrers.
///
/// ```swift
/// for c in ReferralCohorts(by: .month).run(on: graph) { print(c.name, c.kFactor) }
/// ```
public struct ReferralCohorts: Sendable {
    /// The grouping (default `.month`).
    public var key: CohortKey
    /// Which row links a referee to its primary parent (default `.first`).
    public var touch: TouchRule
    /// The referral rows considered (default: all).
    public var window: ReferralWindow

    /// A configuration; every parameter has the documented default.
    public init(by key: CohortKey = .month, touch: TouchRule = .first, window: ReferralWindow = .all) {
        self.key = key
        self.touch = touch
        self.window = window
    }

    /// The cohorts, in key order (months chronologically, `unknown` first; segments by name).
    ///
    /// - Complexity: O(V + E + K log K) for K cohorts.
    public func run(on graph: CustomerGraph) -> [ReferralCohort] {
        let n = graph.customerCount
        let credit = CreditParents(graph: graph, touch: touch, window: window)
        let edges = graph.referrals
        // Cohort code per referrer (-1: not a referrer), names by code.
        var code = filledArray(Int32(-1), count: n)
        var names: [String] = []
        var monthCodes: [Int: Int32] = [:]
        var segmentCodes: [UInt32: Int32] = [:]
        for u in 0..<n {
            var first = Int64.max, any = false
            for e in edges.referees.edgeRange(of: u) {
                let t = edges.refereeTimes?[e] ?? ReferralEdges.noTime
                guard window.contains(t) else { continue }
                any = true
                first = min(first, t)
            }
            guard any else { continue }
            switch key {
            case .month:
                // Months are keyed by their number, with `unknown` (noTime) keyed below every month.
                let monthKey = first == ReferralEdges.noTime ? Int.min : CivilDate.monthNumber(ofUnixSeconds: first)
                if let c = monthCodes[monthKey] { code[u] = c; continue }
                let c = Int32(names.count)
                names.append(first == ReferralEdges.noTime ? "unknown" : Self.monthName(first))
                monthCodes[monthKey] = c
                code[u] = c
            case .segment:
                let s = graph.attributes.segmentCodes?[u] ?? 0
                if let c = segmentCodes[s] { code[u] = c; continue }
                let c = Int32(names.count)
                names.append(s == 0 ? "(none)" : graph.attributes.segmentNames[Int(s)])
                segmentCodes[s] = c
                code[u] = c
            }
        }
        var cohorts = names.map { ReferralCohort(name: $0, referrers: 0, referred: 0, referredValue: 0) }
        for u in 0..<n where code[u] >= 0 { cohorts[Int(code[u])].referrers += 1 }
        for v in 0..<n {
            let p = credit.primary[v]
            guard p != CreditParents.none else { continue }
            let c = Int(code[Int(p)])
            cohorts[c].referred += 1
            cohorts[c].referredValue += credit.value[v]
        }
        switch key {
        case .month:
            let order = monthCodes.sorted { $0.key < $1.key }.map { Int($0.value) }
            return order.map { cohorts[$0] }
        case .segment:
            return cohorts.sorted { $0.name < $1.name }
        }
    }
}

extension ReferralCohorts {
    /// `YYYY-MM` of the month holding `seconds`: the date part of its ISO 8601 form
    /// without the day, so a year outside 0...9999 keeps its sign and digits.
    static func monthName(_ seconds: Int64) -> String {
        let date = Timestamp.iso8601(seconds).prefix { $0 != "T" }
        return String(date.dropLast(3))
    }
}

/// One cohort of referrers and the customers they brought.
public struct ReferralCohort: Sendable, Equatable {
    /// `YYYY-MM`, `unknown`, a segment label or `(none)`.
    public var name: String
    /// Customers in the cohort with a referral row in the window.
    public var referrers: Int
    /// Referees whose primary parent is in the cohort.
    public var referred: Int
    /// Their conversion values, summed.
    public var referredValue: Double

    /// New customers per referrer (0 for a cohort without referrers).
    public var kFactor: Double { referrers == 0 ? 0 : Double(referred) / Double(referrers) }
}
