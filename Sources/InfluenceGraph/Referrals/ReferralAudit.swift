/// Fraud and data-quality signals in referral rows, each with the customers involved.
///
/// - **Rings**: groups of two or more customers who referred each other round a cycle
///   (strongly connected components of the rows in the window). Attribution terminates
///   on them and never credits a customer for its own conversion; they are listed
///   because rewards paid round a ring are usually abuse.
/// - **Self-referrals** dropped at import (from `ImportReport`; not windowed, the rows are gone).
/// - **Referees with several referrers** in the window, with those referrers.
/// - **Bursts**: a referrer with more than `burstThreshold` timed rows whose times lie
///   within `burstWindow` seconds of the first of them (the busiest such span is shown).
/// - **Referees with no purchase**: spend 0, orders 0 and no positive revenue on any of
///   their rows in the window (with no `customers.csv`, spend and orders count as 0).
///
/// ```swift
/// let audit = ReferralAudit(burstThreshold: 20, burstWindow: 86_400).run(on: graph)
/// for ring in audit.rings { print(ring.map(graph.customers.id).joined(separator: " → ")) }
/// ```
public struct ReferralAudit: Sendable {
    /// The referral rows considered (default: all).
    public var window: ReferralWindow
    /// A burst is more than this many referrals… (default 10).
    public var burstThreshold: Int
    /// …within this many seconds (default 3,600: one hour).
    public var burstWindow: Int64

    /// A configuration; every parameter has the documented default.
    public init(window: ReferralWindow = .all, burstThreshold: Int = 10, burstWindow: Int64 = 3_600) {
        self.window = window
        self.burstThreshold = burstThreshold
        self.burstWindow = burstWindow
    }

    /// Collects every signal.
    ///
    /// - Complexity: O(V + E + E_u log E_u summed over referrers u) time.
    public func run(on graph: CustomerGraph) -> ReferralAuditReport {
        let n = graph.customerCount
        let edges = graph.referrals
        var report = ReferralAuditReport()

        // Rings, members in cycle order when the ring is a simple cycle.
        let components = ReferralComponents(edges: edges, window: window, include: nil)
        var label = filledArray(Int32(-1), count: n)
        for k in 0..<components.count where components.starts[k + 1] - components.starts[k] >= 2 {
            let members = components.members[components.starts[k] ..< components.starts[k + 1]].map(Int.init).sorted()
            for m in members { label[m] = Int32(k) }
            report.rings.append(cycleOrder(members, label: label, component: Int32(k), edges: edges))
        }
        report.rings.sort { $0.min()! < $1.min()! }

        // Self-referrals, grouped by customer in order of first row.
        for id in graph.report.selfReferrers {
            if let i = report.selfReferrals.firstIndex(where: { $0.id == id }) { report.selfReferrals[i].rows += 1 }
            else { report.selfReferrals.append(SelfReferral(id: id, rows: 1)) }
        }

        let spend = graph.attributes.spend, orders = graph.attributes.orders
        for v in 0..<n {
            var referrers: [Int] = []
            var purchased = (spend?[v] ?? 0) > 0 || (orders?[v] ?? 0) > 0
            var any = false
            for e in edges.referrers.edgeRange(of: v) {
                guard window.contains(edges.referrerTimes?[e] ?? ReferralEdges.noTime) else { continue }
                any = true
                let p = Int(edges.referrers.targets[e])
                if !referrers.contains(p) { referrers.append(p) }
                if let r = edges.referrerRevenues?[e], r > 0 { purchased = true }
            }
            guard any else { continue }
            if referrers.count > 1 { report.severalReferrers.append(RefereeReferrers(referee: v, referrers: referrers)) }
            if !purchased { report.noPurchase.append(RefereeReferrers(referee: v, referrers: referrers)) }
        }

        if let times = edges.refereeTimes {
            var scratch: [Int64] = []
            for u in 0..<n where edges.referees.degree(of: u) > burstThreshold {
                scratch.removeAll(keepingCapacity: true)
                for e in edges.referees.edgeRange(of: u) where times[e] != ReferralEdges.noTime && window.contains(times[e]) {
                    scratch.append(times[e])
                }
                guard scratch.count > burstThreshold else { continue }
                scratch.sort()
                var best = 0, bestStart = 0, j = 0
                for i in 0..<scratch.count {
                    if j < i { j = i }
                    // Loaded times lie in `ReferralEdges.timeRange`; edges built by hand may
                    // hold any Int64, whose span must not trap.
                    while j + 1 < scratch.count {
                        let (span, overflow) = scratch[j + 1].subtractingReportingOverflow(scratch[i])
                        guard !overflow && span < burstWindow else { break }
                        j += 1
                    }
                    if j - i + 1 > best { best = j - i + 1; bestStart = i }
                }
                if best > burstThreshold {
                    report.bursts.append(Burst(referrer: u, referrals: best, start: scratch[bestStart],
                                               end: scratch[bestStart + best - 1]))
                }
            }
        }
        return report
    }

    /// A simple cycle's members from the smallest, following rows; otherwise ascending.
    func cycleOrder(_ members: [Int], label: [Int32], component: Int32, edges: ReferralEdges) -> [Int] {
        var next = [Int: Int]()
        for m in members {
            var successors: [Int] = []
            for e in edges.referees.edgeRange(of: m) {
                guard window.contains(edges.refereeTimes?[e] ?? ReferralEdges.noTime) else { continue }
                let w = Int(edges.referees.targets[e])
                if label[w] == component && !successors.contains(w) { successors.append(w) }
            }
            guard successors.count == 1 else { return members }
            next[m] = successors[0]
        }
        var order = [members[0]]
        while let w = next[order[order.count - 1]], w != members[0], order.count < members.count { order.append(w) }
        return order.count == members.count ? order : members
    }
}

/// A customer who referred itself, and how many such rows were dropped.
public struct SelfReferral: Sendable, Equatable {
    /// The customer id.
    public var id: String
    /// Self-referral rows dropped at import.
    public var rows: Int
}

/// A referee and its distinct referrers in the window, in order of first row.
public struct RefereeReferrers: Sendable, Equatable {
    /// The referee's customer index.
    public var referee: Int
    /// Its distinct referrers' indices, in order of first row.
    public var referrers: [Int]
}

/// A referrer's busiest span: `referrals` timed rows from `start` to `end`.
public struct Burst: Sendable, Equatable {
    /// The referrer's customer index.
    public var referrer: Int
    /// Timed rows within the span.
    public var referrals: Int
    /// The first row's time, unix seconds.
    public var start: Int64
    /// The last row's time, unix seconds.
    public var end: Int64
}

/// What `ReferralAudit` found; every list is in customer order.
public struct ReferralAuditReport: Sendable, Equatable {
    /// Each ring's members (in cycle order for a simple cycle), rings by smallest member.
    public var rings: [[Int]] = []
    /// Self-referrals dropped at import.
    public var selfReferrals: [SelfReferral] = []
    /// Referees with several distinct referrers.
    public var severalReferrers: [RefereeReferrers] = []
    /// Referrers with a burst.
    public var bursts: [Burst] = []
    /// Referees with no purchase, with their referrers.
    public var noPurchase: [RefereeReferrers] = []

    public init() {}
}
