/// What an import did to the input rows, so nothing is dropped silently.
public struct ImportReport: Sendable, Equatable {
    /// A row that was skipped under `skipBadRows`.
    public struct BadRow: Sendable, Equatable, CustomStringConvertible {
        /// The file the row is in.
        public var file: String
        /// Its 1-based line.
        public var line: Int
        /// What was wrong with it.
        public var message: String
        /// `FILE:LINE: message`.
        public var description: String { "\(file):\(line): \(message)" }
    }

    /// Customer rows read from `customers.csv`.
    public var customerRows = 0
    /// Customers that appeared only in an edge file.
    public var customersFromEdges = 0
    /// Follow rows read (before merging and dropping).
    public var followRows = 0
    /// Follow rows merged into an earlier identical follow (weights added).
    public var duplicatesMerged = 0
    /// Self-follows dropped.
    public var selfLoopsDropped = 0
    /// Referral rows read.
    public var referralRows = 0
    /// Self-referral rows dropped, with the customers who made them (in row order).
    public var selfReferralsDropped = 0
    /// The customers whose self-referral rows were dropped, in row order.
    public var selfReferrers: [String] = []
    /// Referees that have referral rows from more than one distinct referrer.
    public var refereesWithSeveralReferrers = 0
    /// Rows skipped as unreadable (only with `skipBadRows`), and the first ten of them.
    public var badRowsSkipped = 0
    /// The first ten rows skipped, in file order.
    public var firstBadRows: [BadRow] = []
    /// The line of an edge list read as a `nodes edges` header and skipped, if any.
    /// Not kept in snapshots.
    public var headerLine: Int?

    public init() {}

    mutating func recordBadRow(_ error: InputError) {
        badRowsSkipped += 1
        if firstBadRows.count < 10 {
            firstBadRows.append(BadRow(file: error.file, line: error.line ?? 0, message: error.message))
        }
    }
}
