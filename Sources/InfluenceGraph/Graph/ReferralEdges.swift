/// Referral rows `referrer -> referee` in both directions, one edge per input row.
///
/// Unlike follows, repeated referrals are kept: each row is a conversion event and
/// attribution decides later which one earns credit. Within each customer's list,
/// edges keep input row order (the CSR is built by a stable scatter), which the
/// touch rules use to break ties. `time` is unix seconds with `ReferralEdges.noTime`
/// for a row without one; `revenue` is NaN for a row without one.
public struct ReferralEdges: Sendable, Equatable {
    /// The marker for "this row has no time".
    public static let noTime = Int64.min

    /// Out-direction: the referees of each referrer, in row order.
    public let referees: CSR
    /// In-direction: the referrers of each referee, in row order.
    public let referrers: CSR
    /// Times parallel to `referees.targets` / `referrers.targets`, when the input had a time column.
    public let refereeTimes: [Int64]?
    public let referrerTimes: [Int64]?
    /// Revenues parallel to `referees.targets` / `referrers.targets`, when the input had a revenue column.
    public let refereeRevenues: [Double]?
    public let referrerRevenues: [Double]?
    /// The input row (0-based, in the order rows were read) of each edge of `referrers`.
    public let referrerRows: [UInt32]

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

/// Both directions of the referral rows as buffers, for loops that read them at random.
struct ReferralRowBuffers {
    let refereeOffsets: UnsafeBufferPointer<Int>
    let referees: UnsafeBufferPointer<UInt32>
    /// `nil` when the window is unbounded: every row is in it, so times are never read.
    let refereeTimes: UnsafeBufferPointer<Int64>?
    let referrerOffsets: UnsafeBufferPointer<Int>
    let referrers: UnsafeBufferPointer<UInt32>
    let referrerTimes: UnsafeBufferPointer<Int64>?
}

extension ReferralEdges {
    /// Calls `body` with the rows of both directions as buffers; times only when
    /// `window` is bounded.
    func withRowBuffers<R>(timesFor window: ReferralWindow, _ body: (ReferralRowBuffers) -> R) -> R {
        withOptionalBuffer(window.isUnbounded ? nil : refereeTimes) { outTimes in
        withOptionalBuffer(window.isUnbounded ? nil : referrerTimes) { inTimes in
        referees.offsets.withUnsafeBufferPointer { outOff in
        referees.targets.withUnsafeBufferPointer { outTo in
        referrers.offsets.withUnsafeBufferPointer { inOff in
        referrers.targets.withUnsafeBufferPointer { inFrom in
            body(ReferralRowBuffers(refereeOffsets: outOff, referees: outTo, refereeTimes: outTimes,
                                    referrerOffsets: inOff, referrers: inFrom, referrerTimes: inTimes))
        }}}}}}
    }
}
