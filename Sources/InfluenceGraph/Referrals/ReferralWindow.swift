/// The time range of referral rows an analysis looks at: rows whose `time` lies in
/// `since ... until` (both inclusive).
///
/// A row without a time counts as the earliest possible time (`ReferralEdges.noTime`),
/// the same rule the touch rules use for ties: it is outside any window with a
/// `since` bound and inside any window with only an `until` bound.
///
/// ```swift
/// let q1 = ReferralWindow(since: ReferralWindow.parseTime("2026-01-01"),
///                         until: ReferralWindow.parseTime("2026-03-31", endOfDay: true))
/// ```
public struct ReferralWindow: Sendable, Equatable {
    /// The earliest time kept (unix seconds), or `nil` for no lower bound.
    public var since: Int64?
    /// The latest time kept (unix seconds), or `nil` for no upper bound.
    public var until: Int64?

    /// A window; the default keeps every row.
    public init(since: Int64? = nil, until: Int64? = nil) {
        self.since = since
        self.until = until
    }

    /// Every row, timed or not.
    public static let all = ReferralWindow()

    /// Whether the window has no bound.
    @inlinable public var isUnbounded: Bool { since == nil && until == nil }

    /// The inclusive bounds as plain integers, for hot loops.
    @inlinable var lower: Int64 { since ?? .min }
    @inlinable var upper: Int64 { until ?? .max }

    /// Whether a row with this time (or `ReferralEdges.noTime`) is in the window.
    @inlinable
    public func contains(_ time: Int64) -> Bool { time >= lower && time <= upper }

    /// Parses a time the way referral files are read: unix seconds, `YYYY-MM-DD`, or
    /// `YYYY-MM-DDTHH:MM[:SS[.fraction]]` (`T` or space) with `Z`, `±HH:MM`, `±HHMM` or
    /// nothing (UTC).
    ///
    /// - Parameter endOfDay: for a bare date, return its last second (`23:59:59`), so that
    ///   `--until 2026-01-31` keeps all of 31 January.
    /// - Returns: unix seconds in `ReferralEdges.timeRange`, or `nil` when the text is
    ///   not a time or names one outside that range (before 1900 or after 9999).
    /// - Complexity: O(length of `text`).
    public static func parseTime(_ text: String, endOfDay: Bool = false) -> Int64? {
        var text = text
        let parsed = text.withUTF8 { Timestamp.parse(UnsafeRawBufferPointer($0)) }
        guard let parsed, ReferralEdges.timeRange.contains(parsed) else { return nil }
        let isBareDate = text.utf8.count == 10 && text.utf8.dropFirst(4).first == UInt8(ascii: "-")
        return endOfDay && isBareDate ? parsed + 86_399 : parsed
    }

    /// Formats unix seconds as `YYYY-MM-DDTHH:MM:SSZ`; `ReferralEdges.noTime` as `""`.
    public static func formatTime(_ seconds: Int64) -> String {
        seconds == ReferralEdges.noTime ? "" : Timestamp.iso8601(seconds)
    }
}

/// Which of a referee's referral rows earn credit.
public enum TouchRule: String, Sendable, CaseIterable {
    /// The row with the earliest time earns all the credit (ties: the earlier row in
    /// the file; rows without a time count as earliest).
    case first
    /// The row with the latest time earns all the credit (same tie rules).
    case last
    /// Every distinct referrer earns an equal share, 1/k for k referrers.
    case linear
}
