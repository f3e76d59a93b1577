/// Follow edges `follower -> followee` in both directions.
///
/// A follow is a vote for the followee, and the followee's posts reach the
/// follower. `followees` lists whom each customer follows, in order of first
/// appearance in the input; `followers` lists who follows each customer, ascending
/// by customer index (which keeps pull-based kernels' reads in order). Weights
/// (interaction strength) exist only when the input had a weight column; then
/// `followeeWeights[e]` belongs to `followees.targets[e]` and `followerWeights[e]`
/// to `followers.targets[e]`, both stored compactly (see `EdgeWeights`).
public struct FollowEdges: Sendable, Equatable {
    /// Out-direction: the accounts each customer follows.
    public let followees: CSR
    /// In-direction: the followers of each customer.
    public let followers: CSR
    /// Weights parallel to `followees.targets`, or `nil` for an unweighted graph.
    public let followeeWeights: EdgeWeights?
    /// Weights parallel to `followers.targets`, or `nil` for an unweighted graph.
    public let followerWeights: EdgeWeights?

    public init(followees: CSR, followers: CSR, followeeWeights: EdgeWeights?, followerWeights: EdgeWeights?) {
        self.followees = followees
        self.followers = followers
        self.followeeWeights = followeeWeights
        self.followerWeights = followerWeights
    }

    /// The number of follow edges.
    @inlinable public var count: Int { followees.edgeCount }
    /// Whether the edges carry weights.
    @inlinable public var isWeighted: Bool { followeeWeights != nil }

    /// Bytes held by both directions and their weights.
    public var byteCount: Int {
        followees.byteCount + followers.byteCount + (followeeWeights?.byteCount ?? 0) + (followerWeights?.byteCount ?? 0)
    }
}
