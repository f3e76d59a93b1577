extension CustomerGraph {
    /// A graph of customers with ids "0", "1", … "count − 1" (index `i` has id "i")
    /// and follow edges given as `(follower, followee)` indices, for tests and
    /// examples that think in indices. Import rules are those of a file load.
    ///
    /// - Complexity: O(count + edges).
    init(customerCount: Int, follows pairs: [(Int, Int)], weights: [Double]? = nil, threads: Int = 1) {
        self.init(customerCount: customerCount, followers: pairs.map { UInt32($0.0) }, followees: pairs.map { UInt32($0.1) },
                  followWeights: weights, threads: threads)
    }

    /// A graph of customers "0" … "count − 1" with follow and referral rows given as
    /// parallel index arrays, so tests can build graphs of millions of customers without
    /// a string per row. Import rules are those of a file load (self-follows and
    /// self-referrals dropped, repeated follows merged).
    ///
    /// - Complexity: O(count + rows).
    init(customerCount: Int, followers: [UInt32], followees: [UInt32], followWeights: [Double]? = nil,
         referrers: [UInt32] = [], referees: [UInt32] = [], referralRevenues: [Double]? = nil, threads: Int = 1) {
        precondition(followers.count == followees.count && referrers.count == referees.count)
        var builder = GraphBuilder()
        builder.customers = CustomerTable(decimalIDs: (0..<UInt64(customerCount)).map { $0 }, threads: threads)
        builder.followSources = followers
        builder.followTargets = followees
        builder.followWeights = followWeights
        for i in referrers.indices {
            builder.addReferral(referrers[i], referees[i], time: nil, revenue: referralRevenues?[i],
                                hasTimeColumn: false, hasRevenueColumn: referralRevenues != nil)
        }
        self = builder.build(threads: threads)
    }
}
