/// One referral row given in memory: `referrer` brought `referee`, at an optional time
/// (unix seconds) with an optional revenue.
public struct ReferralRow: Sendable, Equatable {
    /// The referrer's customer id.
    public var referrer: String
    /// The referee's customer id.
    public var referee: String
    /// When the referee converted, unix seconds; `nil` for an untimed row.
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
    /// - Parameters:
    ///   - customers: `(id, spend)` pairs, in customer order; the graph has a spend column
    ///     when this is not empty.
    ///   - referrals: the rows, in file order.
    /// - Throws: `CapacityError` past 2³² − 2 distinct ids.
    /// - Complexity: O(V + E) expected.
    public init(customers: [(id: String, spend: Double)] = [], referrals: [ReferralRow],
                threads: Int = Threads.available) throws(CapacityError) {
        var builder = GraphBuilder()
        func intern(_ id: String) throws(CapacityError) -> UInt32 { try builder.customers.intern(id) }
        if !customers.isEmpty {
            builder.attributes.spend = []
            builder.attributes.hasCustomerRow = []
            for (id, spend) in customers {
                let index = try intern(id)
                if Int(index) == builder.attributes.spend!.count {
                    builder.attributes.spend!.append(spend)
                    builder.attributes.hasCustomerRow!.append(true)
                    builder.report.customerRows += 1
                }
            }
        }
        let hasTime = referrals.contains { $0.time != nil }
        let hasRevenue = referrals.contains { $0.revenue != nil }
        for row in referrals {
            let a = try intern(row.referrer), b = try intern(row.referee)
            builder.addReferral(a, b, time: row.time, revenue: row.revenue, hasTimeColumn: hasTime, hasRevenueColumn: hasRevenue)
        }
        self = builder.build(threads: threads)
    }
}
