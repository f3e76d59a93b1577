/// An immutable customer graph: interned customer ids with their attributes,
/// follow edges and referral edges, each stored as CSR in both directions.
///
/// Customers are dense indices `0..<customerCount` in order of first appearance in
/// the input (customers file, then follows, then referrals); every ranking breaks
/// ties by this order.
public struct CustomerGraph: Sendable, Equatable {
    /// Customer ids and the id → index lookup.
    public let customers: CustomerTable
    /// Name, spend, orders and segment per customer.
    public let attributes: CustomerAttributes
    /// Who follows whom.
    public let follows: FollowEdges
    /// Who referred whom, one edge per referral row.
    public let referrals: ReferralEdges
    /// What the import did to the input.
    public internal(set) var report: ImportReport

    public init(customers: CustomerTable, attributes: CustomerAttributes, follows: FollowEdges,
                referrals: ReferralEdges, report: ImportReport) {
        self.customers = customers
        self.attributes = attributes
        self.follows = follows
        self.referrals = referrals
        self.report = report
    }

    /// The number of customers.
    @inlinable public var customerCount: Int { customers.count }

    /// Bytes of memory held by the graph's arrays.
    public var byteCount: Int { customers.byteCount + attributes.byteCount + follows.byteCount + referrals.byteCount }
}
