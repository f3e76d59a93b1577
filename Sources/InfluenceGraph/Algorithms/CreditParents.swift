/// Who earns credit for each referee's conversion, and what that conversion is worth,
/// under a touch rule and a time window: the first step of every referral analysis.
///
/// For each referee `v` (a customer with at least one referral row in the window):
/// - `first` / `last` touch: one credit parent, the referrer of the row with the
///   earliest / latest time (ties: the earlier row in the file; rows without a time
///   count as earliest), share 1; the conversion value is that row's revenue, else the
///   referee's spend, else 0.
/// - `linear` touch: every distinct referrer (in order of their first row), share 1/k;
///   the value is the mean revenue of the referee's rows that have one, else its spend,
///   else 0.
///
/// Customers without a row in the window have no credit parent, share 0 and value 0.
/// The **primary parent** is the one chains, depths, roots and cohorts follow: the
/// credit parent under first or last touch, the earliest credit parent under linear.
public struct CreditParents: Sendable, Equatable {
    /// Marks "no parent" in `primary`.
    public static let none = UInt32.max

    /// Credit parents per referee as CSR (`parents.neighbors(of: v)`), distinct, in order of first row.
    public let parents: CSR
    /// The share each credit parent of `v` gets: 1 under first/last touch, 1/k under linear.
    public let share: [Double]
    /// The conversion value of each referee (0 for customers who are no one's referee).
    public let value: [Double]
    /// The primary parent of each customer, or `CreditParents.none`.
    public let primary: [UInt32]
    /// The time of the row linking each customer to its primary parent (`ReferralEdges.noTime` if none).
    public let primaryTime: [Int64]
    /// The rule and window these parents were chosen under.
    public let touch: TouchRule
    public let window: ReferralWindow

    /// Chooses credit parents for every customer of `graph`.
    ///
    /// - Complexity: O(V + E) time for V customers and E referral rows, O(V + E) memory.
    public init(graph: CustomerGraph, touch: TouchRule = .first, window: ReferralWindow = .all) {
        let n = graph.customerCount
        let edges = graph.referrals
        self.touch = touch
        self.window = window
        var offsets = filledArray(Int(0), count: n + 1)
        // At most one parent per referee under first/last touch, one per row under linear.
        var targets = filledArray(UInt32(0), count: touch == .linear ? edges.count : min(edges.count, n))
        var used = 0
        var share = filledArray(Double(0), count: n)
        var value = filledArray(Double(0), count: n)
        var primary = filledArray(UInt32(Self.none), count: n)
        var primaryTime = filledArray(Int64(ReferralEdges.noTime), count: n)
        // Linear touch: `seen[p] == v + 1` while scanning referee v dedupes referrers
        // without clearing.
        var seen = filledArray(UInt32(0), count: touch == .linear ? n : 0)
        let lower = window.lower, upper = window.upper
        let spend = graph.attributes.spend
        withOptionalBuffer(edges.referrerTimes) { times in
        withOptionalBuffer(edges.referrerRevenues) { revenues in
        withOptionalBuffer(spend) { spend in
        edges.referrers.offsets.withUnsafeBufferPointer { off in
        edges.referrers.targets.withUnsafeBufferPointer { from in
        offsets.withUnsafeMutableBufferPointer { offsets in
        targets.withUnsafeMutableBufferPointer { targets in
        share.withUnsafeMutableBufferPointer { share in
        value.withUnsafeMutableBufferPointer { value in
        primary.withUnsafeMutableBufferPointer { primary in
        primaryTime.withUnsafeMutableBufferPointer { primaryTime in
        seen.withUnsafeMutableBufferPointer { seen in
            for v in 0..<n {
                let stamp = UInt32(truncatingIfNeeded: v &+ 1)
                var best = -1
                var bestTime = Int64.min
                var k: UInt32 = 0
                var revenueSum = 0.0, revenueCount = 0
                for e in off[v] ..< off[v + 1] {
                    let t = times?[e] ?? ReferralEdges.noTime
                    guard t >= lower && t <= upper else { continue }
                    let p = Int(from[e])
                    if best < 0 || (touch == .last ? t > bestTime : t < bestTime) {
                        best = e
                        bestTime = t
                    }
                    if touch == .linear && seen[p] != stamp {
                        seen[p] = stamp
                        k += 1
                        targets[used] = from[e]
                        used += 1
                    }
                    if let r = revenues?[e], !r.isNaN { revenueSum += r; revenueCount += 1 }
                }
                if best >= 0 {
                    if touch != .linear { targets[used] = from[best]; used += 1 }
                    primary[v] = from[best]
                    primaryTime[v] = bestTime
                    share[v] = touch == .linear ? 1 / Double(k) : 1
                    let fallback = spend?[v] ?? 0
                    if touch == .linear {
                        value[v] = revenueCount > 0 ? revenueSum / Double(revenueCount) : fallback
                    } else if let r = revenues?[best], !r.isNaN {
                        value[v] = r
                    } else {
                        value[v] = fallback
                    }
                }
                offsets[v + 1] = used
            }
        }}}}}}}}}}}}
        targets.removeLast(targets.count - used)
        parents = CSR(offsets: offsets, targets: targets)
        self.share = share
        self.value = value
        self.primary = primary
        self.primaryTime = primaryTime
    }

    /// The number of customers.
    @inlinable public var customerCount: Int { primary.count }
}
