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

    /// Under linear touch, each referee's distinct credit parents in order of first row,
    /// as CSR; `nil` under first or last touch, where `primary` is the only credit parent
    /// and an offsets array would only repeat it (120 MB at 10 million customers).
    let linearParents: CSR?
    /// The conversion value of each referee (0 for customers who are no one's referee).
    public let value: [Double]
    /// The primary parent of each customer, or `CreditParents.none`.
    public let primary: [UInt32]
    /// The rows the parents were chosen from (shared storage, not a copy), for the times
    /// of primary rows, which are looked up when asked for rather than kept per customer.
    let edges: ReferralEdges
    /// The rule and window these parents were chosen under.
    public let touch: TouchRule
    /// The time window whose rows were considered.
    public let window: ReferralWindow

    /// Chooses credit parents for every customer of `graph`.
    ///
    /// - Complexity: O(V + E) time for V customers and E referral rows, O(V + E) memory.
    init(graph: CustomerGraph, touch: TouchRule = .first, window: ReferralWindow = .all) {
        let n = graph.customerCount
        let edges = graph.referrals
        self.touch = touch
        self.window = window
        let linear = touch == .linear
        var offsets = linear ? filledArray(Int(0), count: n + 1) : []
        // One parent per row at most; the unused tail is never touched, so costs no pages.
        var targets = linear ? uninitializedArray(UInt32.self, count: edges.count) : []
        var used = 0
        var value = filledArray(Double(0), count: n)
        var primary = filledArray(UInt32(Self.none), count: n)
        // Linear touch: `seen[p] == v + 1` while scanning referee v dedupes referrers
        // without clearing.
        var seen = filledArray(UInt32(0), count: linear ? n : 0)
        let lower = window.lower, upper = window.upper
        let spend = graph.attributes.spend
        withOptionalBuffer(edges.referrerTimes) { times in
        withOptionalBuffer(edges.referrerRevenues) { revenues in
        withOptionalBuffer(spend) { spend in
        edges.referrers.offsets.withUnsafeBufferPointer { off in
        edges.referrers.targets.withUnsafeBufferPointer { from in
        offsets.withUnsafeMutableBufferPointer { offsets in
        targets.withUnsafeMutableBufferPointer { targets in
        value.withUnsafeMutableBufferPointer { value in
        primary.withUnsafeMutableBufferPointer { primary in
        seen.withUnsafeMutableBufferPointer { seen in
            for v in 0..<n {
                let best = Self.primaryRow(of: v, offsets: off, times: times, touch: touch, window: window)
                guard best >= 0 else {
                    if linear { offsets[v + 1] = used }
                    continue
                }
                primary[v] = from[best]
                let fallback = spend?[v] ?? 0
                guard linear else {
                    if let r = revenues?[best], !r.isNaN { value[v] = r } else { value[v] = fallback }
                    continue
                }
                // Linear touch: every distinct referrer in order of first row, and the
                // mean revenue of the rows that have one.
                let stamp = UInt32(truncatingIfNeeded: v &+ 1)
                var revenueSum = 0.0, revenueCount = 0
                for e in off[v] ..< off[v + 1] {
                    let t = times?[e] ?? ReferralEdges.noTime
                    guard t >= lower && t <= upper else { continue }
                    let p = Int(from[e])
                    if seen[p] != stamp {
                        seen[p] = stamp
                        targets[used] = from[e]
                        used += 1
                    }
                    if let r = revenues?[e], !r.isNaN { revenueSum += r; revenueCount += 1 }
                }
                value[v] = revenueCount > 0 ? revenueSum / Double(revenueCount) : fallback
                offsets[v + 1] = used
            }
        }}}}}}}}}}
        if linear {
            targets.removeLast(targets.count - used)
            linearParents = CSR(offsets: offsets, targets: targets)
        } else {
            linearParents = nil
        }
        self.value = value
        self.primary = primary
        self.edges = edges
    }

    /// The number of customers.
    @inlinable public var customerCount: Int { primary.count }

    /// The time of the row linking `v` to its primary parent, or `ReferralEdges.noTime`
    /// when `v` has none in the window or the row has no time.
    ///
    /// - Complexity: O(k) for `v`'s k referral rows.
    public func primaryTime(of v: Int) -> Int64 {
        withOptionalBuffer(edges.referrerTimes) { times in
            edges.referrers.offsets.withUnsafeBufferPointer { offsets in
                let row = Self.primaryRow(of: v, offsets: offsets, times: times, touch: touch, window: window)
                return row < 0 ? ReferralEdges.noTime : times?[row] ?? ReferralEdges.noTime
            }
        }
    }

    /// The row of `v` (an index into the referrer rows) that names its primary parent,
    /// or −1 if none is in the window: the earliest row, the latest under last touch;
    /// ties go to the earlier row in the file, and rows without a time count as earliest.
    @inline(__always)
    static func primaryRow(of v: Int, offsets: UnsafeBufferPointer<Int>, times: UnsafeBufferPointer<Int64>?,
                           touch: TouchRule, window: ReferralWindow) -> Int {
        var best = -1
        var bestTime = Int64.min
        for e in offsets[v] ..< offsets[v + 1] {
            let t = times?[e] ?? ReferralEdges.noTime
            guard t >= window.lower && t <= window.upper else { continue }
            if best < 0 || (touch == .last ? t > bestTime : t < bestTime) {
                best = e
                bestTime = t
            }
        }
        return best
    }

    /// The distinct credit parents of `v`, in order of first row.
    ///
    /// - Complexity: O(k) for k credit parents.
    public func parents(of v: Int) -> [Int] {
        withParentRows { rows in rows.range(of: v).map { Int(rows.targets[$0]) } }
    }

    /// The share of `v`'s value each of its k credit parents gets: 1/k (1 under first or
    /// last touch), 0 for a customer without one.
    ///
    /// - Complexity: O(1).
    public func share(of v: Int) -> Double {
        withParentRows { $0.share(of: v) }
    }

    /// Calls `body` with every customer's credit parents as rows over buffers.
    func withParentRows<R>(_ body: (ParentRows) -> R) -> R {
        guard let csr = linearParents else {
            return primary.withUnsafeBufferPointer { body(ParentRows(offsets: UnsafeBufferPointer(start: nil, count: 0), targets: $0, single: true)) }
        }
        return csr.offsets.withUnsafeBufferPointer { offsets in
            csr.targets.withUnsafeBufferPointer { body(ParentRows(offsets: offsets, targets: $0, single: false)) }
        }
    }
}

/// Credit parents per customer as rows of a CSR over buffers, for the attribution loops.
///
/// Under first or last touch (`single`) there are no offsets: `targets` is `primary`, and
/// row `v` is position `v` alone, or empty when `primary[v]` is `CreditParents.none`.
/// So in both forms the parents of `v` are `targets[range(of: v)]`, and `targets` holds
/// `none` only where a row is empty.
struct ParentRows {
    let offsets: UnsafeBufferPointer<Int>
    let targets: UnsafeBufferPointer<UInt32>
    let single: Bool

    /// The positions in `targets` of `v`'s credit parents.
    @inline(__always)
    func range(of v: Int) -> Range<Int> {
        if single { return targets[v] == CreditParents.none ? v ..< v : v ..< v + 1 }
        return offsets[v] ..< offsets[v + 1]
    }

    /// The share of each of `v`'s k credit parents: 1/k, or 0 without one.
    @inline(__always)
    func share(of v: Int) -> Double {
        let k = range(of: v).count
        return k == 0 ? 0 : 1 / Double(k)
    }
}
