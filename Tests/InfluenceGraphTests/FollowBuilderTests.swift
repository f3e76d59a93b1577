import Testing
@testable import InfluenceGraph

@Suite struct FollowBuilderTests {
    /// Random skewed rows through several chunkings and thread counts,
    /// against the reference model.
    @Test func wideAndNarrowItemsAgreeWithTheReference() {
        var rng = SplitMix64(seed: 42)
        for round in 0..<6 {
            let nodeCount = [1, 2, 300, 1_000, 70_000, 5_000][round]
            let rowCount = [5, 40, 3_000, 20_000, 60_000, 0][round]
            var sources: [UInt32] = [], targets: [UInt32] = [], weights: [Double] = []
            for _ in 0..<rowCount {
                // Skewed endpoints, so some buckets are heavy and lists repeat.
                let a = UInt32(rng.next() % UInt64(max(1, nodeCount / (rng.next() % 2 == 0 ? 50 : 1))))
                let b = UInt32(rng.next() % UInt64(nodeCount))
                sources.append(a); targets.append(b); weights.append(Double(rng.next() % 8) / 4)
            }
            let reference = ReferenceFollows((0..<rowCount).map { (Int(sources[$0]), Int(targets[$0]), weights[$0]) })
            var results: [FollowEdges] = []
            for (threads, cut) in [(1, 1), (2, 3), (3, 7), (2, 2)] {
                let built = sources.withUnsafeBufferPointer { s in
                    targets.withUnsafeBufferPointer { t in
                        weights.withUnsafeBufferPointer { w in
                            let bounds = ParallelFor.evenBoundaries(count: rowCount, parts: cut)
                            let rows = (0..<bounds.count - 1).map { c in
                                let r = bounds[c] ..< bounds[c + 1]
                                return GraphBuilder.RowChunk(sources: UnsafeBufferPointer(rebasing: s[r]),
                                                             targets: UnsafeBufferPointer(rebasing: t[r]),
                                                             weights: UnsafeBufferPointer(rebasing: w[r]))
                            }
                            return GraphBuilder.buildFollows(rows, nodeCount: nodeCount, threads: threads)
                        }
                    }
                }
                results.append(built.edges)
                #expect(built.selfLoops == (0..<rowCount).filter { sources[$0] == targets[$0] }.count)
                #expect(built.duplicates == rowCount - built.selfLoops - built.edges.count)
            }
            #expect(results.allSatisfy { $0 == results[0] })
            let edges = results[0]
            #expect(edges.followees.lists.map { $0.sorted() } == reference.followees(nodeCount))
            #expect(edges.followers.lists == reference.followers(nodeCount))
            for v in 0..<nodeCount {
                for e in edges.followees.edgeRange(of: v) {
                    #expect(edges.followeeWeights?[e] == reference.weights[v]?[Int(edges.followees.targets[e])])
                }
            }
        }
    }
}

extension FollowBuilderTests {
    /// Every kept row in the last follower bucket, whose keys stop short of the bucket
    /// span (301 customers, buckets of two): the bucket runs after it are empty.
    @Test func everyRowInTheLastBucketBuilds() {
        var sources: [UInt32] = (0..<300).map { UInt32($0) }
        var targets = sources
        for i in 0..<20_000 {
            sources.append(300)
            targets.append(UInt32(i % 300))
        }
        for threads in [1, 2] {
            let built = sources.withUnsafeBufferPointer { s in
                targets.withUnsafeBufferPointer { t in
                    GraphBuilder.buildFollows(GraphBuilder.followRowChunks(sources: s, targets: t, weights: nil),
                                              nodeCount: 301, threads: threads)
                }
            }
            #expect(built.selfLoops == 300)
            #expect(built.duplicates == 19_700)
            #expect(built.edges.followees.lists[300] == (0..<300).map { UInt32($0) })
            #expect(built.edges.followers.lists.prefix(300).allSatisfy { $0 == [300] })
        }
    }
}

extension FollowBuilderTests {
    /// Both directions' weights are stored as coding the final weights would store
    /// them: a table of exactly the distinct values kept (not a self-follow's, not a
    /// repeated row's before merging, but their sums), ascending by bit pattern; and
    /// plain values past `maximumTableCount` distinct values. The follower direction
    /// holds each follow's weight.
    @Test func weightsAreStoredAsCodingTheFinalWeightsWould() {
        var rng = SplitMix64(seed: 9)
        for distinct in [7, 90_000] {
            // 90,000 rows over 2,000 customers: about a thousand repeat a follow.
            let nodeCount = 2_000
            var sources: [UInt32] = [], targets: [UInt32] = [], weights: [Double] = []
            for i in 0 ..< 90_000 {
                let a = UInt32(rng.next() % UInt64(nodeCount)), b = UInt32(rng.next() % UInt64(nodeCount))
                sources.append(a); targets.append(b)
                // Self-follows alone carry 0.3, which no sum of eighths makes.
                weights.append(a == b ? 0.3 : Double(i % distinct) / 8)
            }
            for threads in [1, 2] {
                let built = sources.withUnsafeBufferPointer { s in
                    targets.withUnsafeBufferPointer { t in
                        weights.withUnsafeBufferPointer { w in
                            GraphBuilder.buildFollows(GraphBuilder.followRowChunks(sources: s, targets: t, weights: w),
                                                      nodeCount: nodeCount, threads: threads)
                        }
                    }
                }
                #expect(built.duplicates > 0 && built.selfLoops > 0)
                let edges = built.edges
                guard let out = edges.followeeWeights, let back = edges.followerWeights else {
                    Issue.record("weights missing")
                    continue
                }
                let values = Array(out)
                let table = Set(values.map(\.bitPattern)).sorted().map(Double.init(bitPattern:))
                #expect(!table.contains(0.3))
                #expect((table.count > EdgeWeights.maximumTableCount) == (distinct > 100))
                if table.count <= EdgeWeights.maximumTableCount {
                    #expect(out.distinctValues == table && back.distinctValues == table)
                } else {
                    #expect(!out.isTableCoded && !back.isTableCoded)
                }
                // Each follower list entry carries the weight of the same follow seen from its follower.
                var weightOf: [Int: Double] = [:]
                for v in 0 ..< nodeCount {
                    for e in edges.followees.edgeRange(of: v) { weightOf[v * nodeCount + Int(edges.followees.targets[e])] = out[e] }
                }
                var agree = true
                for x in 0 ..< nodeCount {
                    for e in edges.followers.edgeRange(of: x) where weightOf[Int(edges.followers.targets[e]) * nodeCount + x] != back[e] {
                        agree = false
                    }
                }
                #expect(agree)
            }
        }
    }
}

extension FollowBuilderTests {
    /// Builds `rows` cut into `cut` chunks, chunk `c` without weights (weight 1)
    /// when `unweighted(c)`, and checks both directions against the reference.
    static func buildAndCheck(_ rows: [(Int, Int, Double)], nodeCount: Int, cut: Int, unweighted: (Int) -> Bool = { _ in false },
                              threads: Int) -> FollowEdges {
        let sources = rows.map { UInt32($0.0) }, targets = rows.map { UInt32($0.1) }, weights = rows.map(\.2)
        let bounds = ParallelFor.evenBoundaries(count: rows.count, parts: cut)
        let built = sources.withUnsafeBufferPointer { s in
            targets.withUnsafeBufferPointer { t in
                weights.withUnsafeBufferPointer { w in
                    let chunks = (0 ..< bounds.count - 1).map { c in
                        let r = bounds[c] ..< bounds[c + 1]
                        return GraphBuilder.RowChunk(sources: UnsafeBufferPointer(rebasing: s[r]), targets: UnsafeBufferPointer(rebasing: t[r]),
                                                     weights: unweighted(c) ? nil : UnsafeBufferPointer(rebasing: w[r]))
                    }
                    return GraphBuilder.buildFollows(chunks, nodeCount: nodeCount, threads: threads)
                }
            }
        }
        var effective = rows
        for c in 0 ..< bounds.count - 1 where unweighted(c) { for i in bounds[c] ..< bounds[c + 1] { effective[i].2 = 1 } }
        let reference = ReferenceFollows(effective)
        let edges = built.edges
        #expect(edges.followees.lists.map { $0.sorted() } == reference.followees(nodeCount))
        var agree = true
        for v in 0 ..< nodeCount {
            for e in edges.followees.edgeRange(of: v) where edges.followeeWeights?[e] != reference.weights[v]?[Int(edges.followees.targets[e])] {
                agree = false
            }
        }
        for x in 0 ..< nodeCount {
            for e in edges.followers.edgeRange(of: x) where edges.followerWeights?[e] != reference.weights[Int(edges.followers.targets[e])]?[x] {
                agree = false
            }
        }
        #expect(agree)
        return edges
    }

    /// Rows holding exactly `maximumTableCount` distinct weights are coded from the
    /// start; a repeated follow whose sum is one value more makes the final weights
    /// too many to code, and the build falls back to plain values, all still exact.
    @Test func codedRowsFallBackToValuesWhenSumsMakeOneTooMany() {
        let limit = EdgeWeights.maximumTableCount
        let nodeCount = 1_000
        var rows: [(Int, Int, Double)] = []
        // Followers below 500, followees from 500: no self-follow drops a value.
        for j in 0 ..< limit { rows.append((j % 500, 500 + j / 500, Double(j) / 8)) }
        rows.append((998, 999, 0.125))                       // 0.125 stays in use once pair 1 is summed
        rows.append((rows[1].0, rows[1].1, Double(limit - 1) / 8))  // pair 1 sums to a new value
        for threads in [1, 2] {
            let edges = Self.buildAndCheck(rows, nodeCount: nodeCount, cut: 5, threads: threads)
            #expect(edges.followeeWeights?.isTableCoded == false && edges.followerWeights?.isTableCoded == false)
        }
        // Without the repeat, the same rows stay coded.
        let edges = Self.buildAndCheck(Array(rows.dropLast()), nodeCount: nodeCount, cut: 5, threads: 2)
        #expect(edges.followeeWeights?.distinctValues?.count == limit)
    }

    /// Chunks without weights weigh 1 beside chunks with weights, coded or not, and
    /// repeated follows across them sum.
    @Test func rowsWithoutWeightsWeighOneBesideWeightedRows() {
        var rng = SplitMix64(seed: 12)
        var rows: [(Int, Int, Double)] = []
        for _ in 0 ..< 20_000 { rows.append((Int(rng.next() % 300), Int(rng.next() % 300), Double(rng.next() % 5) / 4)) }
        for threads in [1, 3] {
            let edges = Self.buildAndCheck(rows, nodeCount: 300, cut: 6, unweighted: { $0 % 2 == 1 }, threads: threads)
            #expect(edges.followeeWeights?.isTableCoded == true)
        }
    }
}

@Suite struct CustomerTableDecimalTests {
    /// The parallel decimal-id table is exactly the serially interned one.
    @Test func decimalIDsMatchSerialInterning() {
        var rng = SplitMix64(seed: 7)
        var seen = Set<UInt64>()
        var ids: [UInt64] = [0, 9, 10, UInt64.max, 4_294_967_296]
        while ids.count < 50_000 {
            let digits = rng.next() % 19
            var power: UInt64 = 1
            for _ in 0..<digits { power *= 10 }
            ids.append(rng.next() % power)
        }
        ids = ids.filter { seen.insert($0).inserted }
        var serial = CustomerTable()
        for id in ids {
            var text = String(id)
            text.withUTF8 { serial.appendUnique(UnsafeRawBufferPointer($0)) }
        }
        serial.rebuildIndex()
        for threads in [1, 2, 5] {
            let table = CustomerTable(decimalIDs: ids, threads: threads)
            #expect(table == serial)
            #expect(table.index(of: String(ids[123])) == 123)
        }
    }
}
