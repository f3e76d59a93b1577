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

    /// Chooses credit parents for every customer of `graph`; `threads` share the first
    /// touch of the per-customer arrays (the choice itself is serial).
    ///
    /// - Complexity: O(V + E) time for V customers and E referral rows, O(V + E) memory.
    init(graph: CustomerGraph, touch: TouchRule = .first, window: ReferralWindow = .all, threads: Int = 1) {
        let n = graph.customerCount
        let edges = graph.referrals
        self.touch = touch
        self.window = window
        let linear = touch == .linear
        var offsets = linear ? filledArray(Int(0), count: n + 1, threads: threads) : []
        // One parent per row at most; the unused tail is never touched, so costs no pages.
        var targets = linear ? uninitializedArray(UInt32.self, count: edges.count) : []
        var value = filledArray(Double(0), count: n, threads: threads)
        var primary = filledArray(UInt32(Self.none), count: n, threads: threads)
        // Linear touch: `seen[p] == v + 1` while scanning referee v dedupes referrers
        // without clearing.
        var seen = filledArray(UInt32(0), count: linear ? n : 0, threads: threads)
        let used = Self.withUnsafeHandle(graph: graph, parentOffsets: &offsets, parents: &targets, value: &value,
                                         primary: &primary, seen: &seen) { handle in
            handle.choose(touch: touch, window: window)
        }
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
}
