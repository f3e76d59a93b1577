import Testing
@testable import InfluenceGraph

@Suite struct ReferralBuilderTests {
    /// Random referral rows over enough customers that the gathers and the count of
    /// referees with several referrers run in several chunks, against lists built
    /// row by row in the test.
    @Test func bothDirectionsAgreeWithRowOrderListsAtAnyThreadCount() {
        var rng = SplitMix64(seed: 11)
        let nodeCount = 90_000, rowCount = 120_000
        var sources: [UInt32] = [], targets: [UInt32] = [], times: [Int64] = [], revenues: [Double] = []
        for row in 0..<rowCount {
            // Referees drawn at random, so many have several rows and several referrers;
            // every fifth row repeats the row before, so some have several rows but one referrer.
            let repeats = row % 5 == 0 && row > 0
            let referee = repeats ? targets[row - 1] : UInt32(rng.next() % UInt64(nodeCount))
            let referrer = repeats ? sources[row - 1] : UInt32(rng.next() % UInt64(nodeCount))
            sources.append(referrer); targets.append(referee)
            times.append(Int64(rng.next() % 1_000_000)); revenues.append(Double(rng.next() % 100) / 4)
        }
        var referees = [[Int]](repeating: [], count: nodeCount), referrers = [[Int]](repeating: [], count: nodeCount)
        for row in 0..<rowCount {
            referees[Int(sources[row])].append(row)
            referrers[Int(targets[row])].append(row)
        }
        let several = referrers.filter { Set($0.map { sources[$0] }).count > 1 }.count
        #expect(several > 1_000 && several < referrers.filter { $0.count > 1 }.count - 1_000)
        for threads in [1, 2, 5] {
            let built = GraphBuilder.buildReferrals(sources: sources, targets: targets, times: times, revenues: revenues,
                                                    nodeCount: nodeCount, threads: threads)
            #expect(built.refereesWithSeveralReferrers == several)
            let edges = built.edges
            #expect(edges.referees.lists == referees.map { $0.map { targets[$0] } })
            #expect(edges.referrers.lists == referrers.map { $0.map { sources[$0] } })
            #expect(edges.refereeTimes == referees.flatMap { $0.map { times[$0] } })
            #expect(edges.referrerRevenues == referrers.flatMap { $0.map { revenues[$0] } })
            #expect(edges.referrerRows == referrers.flatMap { $0.map { UInt32($0) } })
        }
    }
}
