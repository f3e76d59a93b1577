/// One referral row given in memory: `referrer` brought `referee`, at an optional time
/// (unix seconds) with an optional revenue.
public struct ReferralRow: Sendable, Equatable {
    /// The referrer's customer id.
    public var referrer: String
    /// The referee's customer id.
    public var referee: String
    /// When the referee converted, unix seconds in `ReferralEdges.timeRange`; `nil` for
    /// an untimed row.
    public var time: Int64?
    /// The conversion's revenue; `nil` when not given.
    public var revenue: Double?

    public init(_ referrer: String, _ referee: String, time: Int64? = nil, revenue: Double? = nil) {
        self.referrer = referrer
        self.referee = referee
        self.time = time
        self.revenue = revenue
    }
}

extension CustomerGraph {
    /// Builds a graph from in-memory customers and referral rows, for programs and tests
    /// that have no files. Import rules are the same as for `referrals.csv`: rows keep
    /// their order, self-referrals are counted and dropped, ids seen only in rows become
    /// customers. Times and revenues columns exist when any row has one.
    ///
    /// Values are held to the rules of the CSV files: a time must lie in
    /// `ReferralEdges.timeRange`, a revenue or spend must be a finite number ≥ 0
    /// (a NaN revenue is taken as "none", as the snapshot stores it).
    ///
    /// - Parameters:
    ///   - customers: `(id, spend)` pairs, in customer order; the graph has a spend column
    ///     when this is not empty.
    ///   - referrals: the rows, in file order.
    /// - Throws: `InputError` naming the list (`customers` or `referrals`), the 1-based
    ///   position of the offending entry and what was wrong, e.g.
    ///   `referrals:3: time out of range ('-9223372036854775000'): …`; also past
    ///   2³² − 2 distinct ids.
    /// - Complexity: O(V + E) expected.
    public init(customers: [(id: String, spend: Double)] = [], referrals: [ReferralRow],
                threads: Int = Threads.available) throws(InputError) {
        var builder = GraphBuilder()
        func intern(_ id: String, _ list: String, _ position: Int) throws(InputError) -> UInt32 {
            do { return try builder.customers.intern(id) } catch {
                throw InputError(file: list, line: position, message: CapacityError.message)
            }
        }
        if !customers.isEmpty {
            builder.attributes.spend = []
            builder.attributes.hasCustomerRow = []
            for (i, (id, spend)) in customers.enumerated() {
                guard spend.isFinite, spend >= 0 else {
                    throw InputError(file: "customers", line: i + 1, message: "spend must be a finite number of at least 0 ('\(spend)')")
                }
                let index = try intern(id, "customers", i + 1)
                if Int(index) == builder.attributes.spend!.count {
                    builder.attributes.spend!.append(spend == 0 ? 0 : spend)
                    builder.attributes.hasCustomerRow!.append(true)
                    builder.report.customerRows += 1
                }
            }
        }
        let hasTime = referrals.contains { $0.time != nil }
        let hasRevenue = referrals.contains { $0.revenue != nil }
        for (i, row) in referrals.enumerated() {
            if let time = row.time, !ReferralEdges.timeRange.contains(time) {
                throw InputError(file: "referrals", line: i + 1,
                                 message: "time out of range ('\(time)'): times must lie from \(Timestamp.rangeText)")
            }
            if let revenue = row.revenue, !revenue.isNaN, !(revenue.isFinite && revenue >= 0) {
                throw InputError(file: "referrals", line: i + 1, message: "revenue must be a finite number of at least 0 ('\(revenue)')")
            }
            let a = try intern(row.referrer, "referrals", i + 1), b = try intern(row.referee, "referrals", i + 1)
            builder.addReferral(a, b, time: row.time, revenue: row.revenue.map { $0 == 0 ? 0 : $0 },
                                hasTimeColumn: hasTime, hasRevenueColumn: hasRevenue)
        }
        self = builder.build(threads: threads)
    }
}
