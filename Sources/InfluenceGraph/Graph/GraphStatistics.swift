/// Size and shape figures of a graph, as `influence stats` prints them.
public struct GraphStatistics: Sendable, Equatable {
    /// The number of customers.
    public var customers: Int
    /// Follow edges after merging duplicates and dropping self-follows.
    public var followEdges: Int
    /// Referral edges (one per kept referral row).
    public var referralEdges: Int
    /// Customers with no follow or referral edge in either direction.
    public var isolatedCustomers: Int
    /// The largest and mean follower (in-) and followee (out-) counts.
    public var maximumFollowers: Int
    /// The mean follower count.
    public var meanFollowers: Double
    /// The largest followee count.
    public var maximumFollowees: Int
    /// The mean followee count.
    public var meanFollowees: Double
    /// Whether follow edges carry weights.
    public var weighted: Bool
    /// Bytes held by the whole graph, and by the follow edges alone (both directions).
    public var graphBytes: Int
    /// Bytes held by the follow edges alone, both directions with offsets and weights.
    public var followBytes: Int

    /// Follow-edge bytes (both directions, offsets included) per follow edge; 0 without edges.
    public var bytesPerFollowEdge: Double { followEdges == 0 ? 0 : Double(followBytes) / Double(followEdges) }

    /// Computes the figures.
    ///
    /// - Complexity: O(V).
    public init(_ graph: CustomerGraph) {
        customers = graph.customerCount
        followEdges = graph.follows.count
        referralEdges = graph.referrals.count
        let f = graph.follows, r = graph.referrals
        var isolated = 0
        for v in 0..<customers where f.followers.degree(of: v) == 0 && f.followees.degree(of: v) == 0
            && r.referees.degree(of: v) == 0 && r.referrers.degree(of: v) == 0 {
            isolated += 1
        }
        isolatedCustomers = isolated
        maximumFollowers = f.followers.maximumDegree
        maximumFollowees = f.followees.maximumDegree
        meanFollowers = customers == 0 ? 0 : Double(followEdges) / Double(customers)
        meanFollowees = meanFollowers
        weighted = f.isWeighted
        graphBytes = graph.byteCount
        followBytes = f.byteCount
    }
}
