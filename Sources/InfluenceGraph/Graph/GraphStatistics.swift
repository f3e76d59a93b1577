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

    /// Computes the figures, the per-customer ones split over `threads`; they are
    /// the same at any thread count.
    ///
    /// - Complexity: O(V / threads).
    public init(_ graph: CustomerGraph, threads: Int = 1) {
        customers = graph.customerCount
        followEdges = graph.follows.count
        referralEdges = graph.referrals.count
        let f = graph.follows
        let degrees = Self.degreeFigures(followers: f.followers.offsets, followees: f.followees.offsets,
                                         referrers: graph.referrals.referrers.offsets, referees: graph.referrals.referees.offsets,
                                         customers: customers, threads: threads)
        isolatedCustomers = degrees.isolated
        maximumFollowers = degrees.maximumFollowers
        maximumFollowees = degrees.maximumFollowees
        meanFollowers = customers == 0 ? 0 : Double(followEdges) / Double(customers)
        meanFollowees = meanFollowers
        weighted = f.isWeighted
        graphBytes = graph.byteCount
        followBytes = f.byteCount
    }

    /// The customers with no edge in any of the four lists, and the longest follower
    /// and followee lists, from the lists' offsets: one pass, in parallel chunks.
    private static func degreeFigures(followers: [Int], followees: [Int], referrers: [Int], referees: [Int],
                                      customers: Int, threads: Int) -> (isolated: Int, maximumFollowers: Int, maximumFollowees: Int) {
        guard customers > 0 else { return (0, 0, 0) }
        let bounds = ParallelFor.evenBoundaries(count: customers, parts: ParallelFor.chunkCount(forWork: customers))
        let parts = followers.withUnsafeBufferPointer { followers in
            followees.withUnsafeBufferPointer { followees in
                referrers.withUnsafeBufferPointer { referrers in
                    referees.withUnsafeBufferPointer { referees in
                        ParallelFor.map(chunks: bounds.count - 1, threads: threads) { c -> (Int, Int, Int) in
                            var isolated = 0, mostFollowers = 0, mostFollowees = 0
                            for v in bounds[c] ..< bounds[c + 1] {
                                let inward = followers[v + 1] - followers[v], outward = followees[v + 1] - followees[v]
                                let referrals = (referrers[v + 1] - referrers[v]) | (referees[v + 1] - referees[v])
                                if inward | outward | referrals == 0 { isolated += 1 }
                                mostFollowers = max(mostFollowers, inward)
                                mostFollowees = max(mostFollowees, outward)
                            }
                            return (isolated, mostFollowers, mostFollowees)
                        }
                    }
                }
            }
        }
        return parts.reduce((0, 0, 0)) { ($0.0 + $1.0, max($0.1, $1.1), max($0.2, $1.2)) }
    }
}
