@testable import InfluenceGraph

// Test graphs hold a handful of ids, far below the 2³² − 2 customers past which
// the in-memory initializers throw, so these wrappers stop on that error instead
// of threading `throws` through every helper.

/// `testGraph(follows:threads:)` for tests.
func testGraph(follows pairs: [(follower: String, followee: String)], threads: Int = Threads.available) -> CustomerGraph {
    do { return try CustomerGraph(follows: pairs, threads: threads) } catch { preconditionFailure("\(error)") }
}

/// `CustomerGraph(customers:referrals:threads:)` for tests.
func testGraph(customers: [(id: String, spend: Double)] = [], referrals: [ReferralRow], threads: Int = Threads.available) -> CustomerGraph {
    do { return try CustomerGraph(customers: customers, referrals: referrals, threads: threads) } catch { preconditionFailure("\(error)") }
}
