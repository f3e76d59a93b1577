/// Referral rows `referrer -> referee` in both directions, one edge per input row.
///
/// Unlike follows, repeated referrals are kept: each row is a conversion event and
/// attribution decides later which one earns credit. Within each customer's list,
/// edges keep input row order (the CSR is built by a stable scatter), which the
/// touch rules use to break ties. `time` is unix seconds in `timeRange`, with
/// `ReferralEdges.noTime` for a row without one; `revenue` is NaN for a row without one.
public struct ReferralEdges: Sendable, Equatable {
    /// The marker for "this row has no time"; it lies outside `timeRange`.
    public static let noTime = Int64.min

    /// The times a referral row may hold, unix seconds: 1900-01-01T00:00:00Z through
    /// 9999-12-31T23:59:59Z. Every loader refuses a time outside it (a CSV row as
    /// `time out of range`, a snapshot as corrupted, in-memory rows with an
    /// `InputError`), so no date arithmetic on a loaded time can overflow.
    public static let timeRange: ClosedRange<Int64> = Timestamp.range

    /// Out-direction: the referees of each referrer, in row order.
    public let referees: CSR
    /// In-direction: the referrers of each referee, in row order.
    public let referrers: CSR
    /// Times parallel to `referees.targets` / `referrers.targets`, when the input had a time column.
    public let refereeTimes: [Int64]?
    /// Times parallel to `referrers.targets`.
    public let referrerTimes: [Int64]?
    /// Revenues parallel to `referees.targets` / `referrers.targets`, when the input had a revenue column.
    public let refereeRevenues: [Double]?
    /// Revenues parallel to `referrers.targets`.
    public let referrerRevenues: [Double]?
    /// The input row (0-based, in the order rows were read) of each edge of `referrers`.
    public let referrerRows: [UInt32]

    /// Edges from arrays already in CSR form. Nothing is checked: loaders build
    /// these from validated rows. Times outside `timeRange` never make an analysis
    /// trap, but only times inside it have documented results.
    public init(referees: CSR, referrers: CSR, refereeTimes: [Int64]?, referrerTimes: [Int64]?,
                refereeRevenues: [Double]?, referrerRevenues: [Double]?, referrerRows: [UInt32]) {
        self.referees = referees
        self.referrers = referrers
        self.refereeTimes = refereeTimes
        self.referrerTimes = referrerTimes
        self.refereeRevenues = refereeRevenues
        self.referrerRevenues = referrerRevenues
        self.referrerRows = referrerRows
    }

    /// The number of referral rows kept.
    @inlinable public var count: Int { referees.edgeCount }

    /// Bytes held by both directions and their columns.
    public var byteCount: Int {
        referees.byteCount + referrers.byteCount + referrerRows.count * 4
            + ((refereeTimes?.count ?? 0) + (referrerTimes?.count ?? 0) + (refereeRevenues?.count ?? 0) + (referrerRevenues?.count ?? 0)) * 8
    }
}
