@testable import InfluenceGraph

/// An obviously-correct model of referral attribution, written from the issue's
/// wording with plain arrays of rows: credit parents per referee, then every path up
/// to `tiers` hops enumerated one by one.
struct ReferenceAttribution {
    struct Row { var referrer: Int; var referee: Int; var time: Int64?; var revenue: Double? }

    let customerCount: Int
    let rows: [Row]
    let spend: [Double]

    /// Credit parents (distinct, in first-row order) with their share, and the value, of `v`.
    func parents(of v: Int, touch: TouchRule, window: ReferralWindow) -> (parents: [Int], share: Double, value: Double) {
        let mine = rows.filter { $0.referee == v && window.contains($0.time ?? ReferralEdges.noTime) }
        guard !mine.isEmpty else { return ([], 0, 0) }
        func time(_ r: Row) -> Int64 { r.time ?? .min }
        switch touch {
        case .first, .last:
            var best = mine[0]
            for r in mine.dropFirst() {
                if touch == .first ? time(r) < time(best) : time(r) > time(best) { best = r }
            }
            return ([best.referrer], 1, best.revenue ?? spend[v])
        case .linear:
            var distinct: [Int] = []
            for r in mine where !distinct.contains(r.referrer) { distinct.append(r.referrer) }
            let revenues = mine.compactMap(\.revenue)
            let value = revenues.isEmpty ? spend[v] : revenues.reduce(0, +) / Double(revenues.count)
            return (distinct, 1 / Double(distinct.count), value)
        }
    }

    /// Credit per customer by enumerating every simple upward path from every referee.
    func credit(tiers: Int, weights: TierWeights, touch: TouchRule, window: ReferralWindow) -> [Double] {
        let table = (0..<customerCount).map { parents(of: $0, touch: touch, window: window) }
        var credit = [Double](repeating: 0, count: customerCount)
        for r in 0..<customerCount where !table[r].parents.isEmpty {
            let value = table[r].value
            func walk(_ x: Int, _ path: [Int], _ product: Double) {
                let tier = path.count - 1
                if tier >= 1 { credit[x] += value * weights.weight(tier: tier) * product }
                guard tier < tiers else { return }
                for p in table[x].parents where !path.contains(p) {
                    walk(p, path + [p], product * table[x].share)
                }
            }
            walk(r, [r], 1)
        }
        return credit
    }

    /// Distinct customers reachable downward through rows in the window, itself excluded.
    func downline(of u: Int, window: ReferralWindow) -> Int {
        var seen: Set<Int> = [u], stack = [u]
        while let x = stack.popLast() {
            for r in rows where r.referrer == x && window.contains(r.time ?? ReferralEdges.noTime) && !seen.contains(r.referee) {
                seen.insert(r.referee)
                stack.append(r.referee)
            }
        }
        return seen.count - 1
    }

    func directReferrals(of u: Int, window: ReferralWindow) -> Int {
        Set(rows.filter { $0.referrer == u && window.contains($0.time ?? ReferralEdges.noTime) }.map(\.referee)).count
    }

    /// Depth and root by the literal walk: follow the earliest credit parent until none,
    /// or until the next step would revisit the walk.
    func depthAndRoot(of v: Int, touch: TouchRule, window: ReferralWindow) -> (Int, Int) {
        let primaryTouch: TouchRule = touch == .linear ? .first : touch
        var path = [v], x = v
        while let p = parents(of: x, touch: primaryTouch, window: window).parents.first, !path.contains(p) {
            path.append(p)
            x = p
        }
        return (path.count - 1, x)
    }

    /// The graph built from the same rows, ids `"0"`, `"1"`, … in customer order.
    /// The graph, with customers listed in id order or, with `shuffle`, in a random
    /// order (so that rows no longer run from lower to higher customer indices).
    func graph(shuffle seed: UInt64? = nil) -> CustomerGraph {
        var ids = Array(0..<customerCount)
        if let seed {
            var rng = SplitMix64(seed: seed)
            ids.shuffle(using: &rng)
        }
        return testGraph(customers: ids.map { (String($0), spend[$0]) },
                      referrals: rows.map { ReferralRow(String($0.referrer), String($0.referee), time: $0.time, revenue: $0.revenue) },
                      threads: 2)
    }
}
