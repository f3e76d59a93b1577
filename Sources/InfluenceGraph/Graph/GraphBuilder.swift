/// Collects customers and edge rows during a load, then freezes them into a
/// `CustomerGraph`: edges are flat arrays until `build`, never per-edge objects.
struct GraphBuilder {
    var customers = CustomerTable()
    var attributes = CustomerAttributes()
    var report = ImportReport()

    var followSources: [UInt32] = []
    var followTargets: [UInt32] = []
    /// Present once any follow row carried a weight; earlier rows are back-filled with 1.
    var followWeights: [Double]?

    var referralSources: [UInt32] = []
    var referralTargets: [UInt32] = []
    var referralTimes: [Int64]?
    var referralRevenues: [Double]?

    /// Adds a follow row (self-follows are counted and dropped at build time).
    mutating func addFollow(_ follower: UInt32, _ followee: UInt32, weight: Double?) {
        if let weight {
            if followWeights == nil { followWeights = [Double](repeating: 1, count: followSources.count) }
            followWeights!.append(weight)
        } else if followWeights != nil {
            followWeights!.append(1)
        }
        followSources.append(follower)
        followTargets.append(followee)
    }

    /// Adds a referral row; a self-referral is counted and dropped here.
    mutating func addReferral(_ referrer: UInt32, _ referee: UInt32, time: Int64?, revenue: Double?, hasTimeColumn: Bool, hasRevenueColumn: Bool) {
        report.referralRows += 1
        if referrer == referee {
            report.selfReferralsDropped += 1
            report.selfReferrers.append(customers.id(Int(referrer)))
            return
        }
        referralSources.append(referrer)
        referralTargets.append(referee)
        if hasTimeColumn {
            if referralTimes == nil { referralTimes = [] }
            referralTimes!.append(time ?? ReferralEdges.noTime)
        }
        if hasRevenueColumn {
            if referralRevenues == nil { referralRevenues = [] }
            referralRevenues!.append(revenue ?? .nan)
        }
    }

    /// Freezes everything into an immutable graph.
    ///
    /// - Complexity: O(V · T + E) time for E edge rows and T threads.
    consuming func build(threads: Int) -> CustomerGraph {
        let nodeCount = customers.count
        attributes.padToCount(nodeCount)
        report.followRows = followSources.count
        let built = Self.buildFollows(sources: followSources, targets: followTargets, weights: followWeights,
                                      nodeCount: nodeCount, threads: threads)
        followSources = []
        followTargets = []
        followWeights = nil
        report.selfLoopsDropped = built.selfLoops
        report.duplicatesMerged = built.duplicates
        let referrals = Self.buildReferrals(sources: referralSources, targets: referralTargets, times: referralTimes,
                                            revenues: referralRevenues, nodeCount: nodeCount, threads: threads)
        report.refereesWithSeveralReferrers = referrals.refereesWithSeveralReferrers
        if attributes.hasCustomerRow != nil { report.customersFromEdges = nodeCount - report.customerRows }
        else { report.customersFromEdges = nodeCount }
        return CustomerGraph(customers: customers, attributes: attributes, follows: built.edges,
                             referrals: referrals.edges, report: report)
    }

    /// Builds both follow directions: drop self-loops, group by followee, regroup by
    /// follower (which sorts every followee list), merge adjacent duplicates, then
    /// regroup by followee again (which sorts every follower list).
    static func buildFollows(sources: [UInt32], targets: [UInt32], weights: [Double]?, nodeCount: Int, threads: Int)
        -> (edges: FollowEdges, selfLoops: Int, duplicates: Int)
    {
        // Pass 1: by followee, in input order.
        let byFollowee = sources.withUnsafeBufferPointer { s in
            targets.withUnsafeBufferPointer { t in
                withOptionalBuffer(weights) { w in
                    StableGrouping.group(keys: t, keyCount: nodeCount, payload: s, weights: w, dropSelfPairs: true, threads: threads)
                }
            }
        }
        // Pass 2: by follower, scanning followees in order, so each list comes out sorted.
        let followeeOwners = StableGrouping.owners(offsets: byFollowee.offsets, threads: threads)
        var byFollower = byFollowee.payload.withUnsafeBufferPointer { keys in
            followeeOwners.withUnsafeBufferPointer { owners in
                withOptionalBuffer(byFollowee.weights) { w in
                    StableGrouping.group(keys: keys, keyCount: nodeCount, payload: owners, weights: w, dropSelfPairs: false, threads: threads)
                }
            }
        }
        let before = byFollower.payload.count
        mergeAdjacentDuplicates(&byFollower, threads: threads)
        let duplicates = before - byFollower.payload.count
        // Pass 3: the follower lists, from the deduplicated followee lists.
        let owners = StableGrouping.owners(offsets: byFollower.offsets, threads: threads)
        let followerSide = byFollower.payload.withUnsafeBufferPointer { keys in
            owners.withUnsafeBufferPointer { owners in
                withOptionalBuffer(byFollower.weights) { w in
                    StableGrouping.group(keys: keys, keyCount: nodeCount, payload: owners, weights: w, dropSelfPairs: false, threads: threads)
                }
            }
        }
        let edges = FollowEdges(
            followees: CSR(offsets: byFollower.offsets, targets: byFollower.payload),
            followers: CSR(offsets: followerSide.offsets, targets: followerSide.payload),
            followeeWeights: byFollower.weights, followerWeights: followerSide.weights)
        return (edges, byFollowee.dropped, duplicates)
    }

    /// Removes repeated neighbours inside each (sorted) list, adding their weights in input order.
    static func mergeAdjacentDuplicates(_ grouped: inout StableGrouping.Grouped, threads: Int) {
        let nodes = grouped.offsets.count - 1
        var unique = [Int](repeating: 0, count: nodes + 1)
        let bounds = ParallelFor.edgeBalancedBoundaries(offsets: grouped.offsets, parts: ParallelFor.chunkCount(forWork: grouped.payload.count + nodes))
        grouped.offsets.withUnsafeBufferPointer { o in
            grouped.payload.withUnsafeBufferPointer { p in
                unique.withUnsafeMutableBufferPointer { u in
                    let shared = UncheckedSendable(u)
                    ParallelFor.run(chunks: bounds.count - 1, threads: threads) { c in
                        for v in bounds[c] ..< bounds[c + 1] {
                            var count = 0
                            var e = o[v]
                            let end = o[v + 1]
                            while e < end {
                                if e == o[v] || p[e] != p[e - 1] { count += 1 }
                                e += 1
                            }
                            shared.value[v + 1] = count
                        }
                    }
                }
            }
        }
        for v in 0..<nodes { unique[v + 1] += unique[v] }
        let total = unique[nodes]
        guard total != grouped.payload.count else { return }
        var newWeights: [Double]? = nil
        let newPayload = [UInt32](unsafeUninitializedCapacity: total) { out, count in
            let weightArray = [Double](unsafeUninitializedCapacity: grouped.weights == nil ? 0 : total) { w, wc in
                grouped.offsets.withUnsafeBufferPointer { o in
                    grouped.payload.withUnsafeBufferPointer { p in
                        withOptionalBuffer(grouped.weights) { oldW in
                            unique.withUnsafeBufferPointer { u in
                                let shared = UncheckedSendable((out, w))
                                ParallelFor.run(chunks: bounds.count - 1, threads: threads) { c in
                                    let (out, w) = shared.value
                                    for v in bounds[c] ..< bounds[c + 1] {
                                        var at = u[v] - 1
                                        for e in o[v] ..< o[v + 1] {
                                            if e == o[v] || p[e] != p[e - 1] {
                                                at += 1
                                                out[at] = p[e]
                                                if let oldW { w[at] = oldW[e] }
                                            } else if let oldW {
                                                w[at] += oldW[e]
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
                wc = grouped.weights == nil ? 0 : total
            }
            if grouped.weights != nil { newWeights = weightArray }
            count = total
        }
        grouped = StableGrouping.Grouped(offsets: unique, payload: newPayload, weights: newWeights, dropped: grouped.dropped)
    }

    /// Builds both referral directions, one edge per kept row, in row order per customer.
    static func buildReferrals(sources: [UInt32], targets: [UInt32], times: [Int64]?, revenues: [Double]?,
                               nodeCount: Int, threads: Int) -> (edges: ReferralEdges, refereesWithSeveralReferrers: Int)
    {
        let rows = [UInt32](unsafeUninitializedCapacity: sources.count) { b, c in
            for i in 0..<sources.count { b[i] = UInt32(truncatingIfNeeded: i) }
            c = sources.count
        }
        let byReferrer = sources.withUnsafeBufferPointer { s in
            rows.withUnsafeBufferPointer { r in
                StableGrouping.group(keys: s, keyCount: nodeCount, payload: r, weights: nil, dropSelfPairs: false, threads: threads)
            }
        }
        let byReferee = targets.withUnsafeBufferPointer { t in
            rows.withUnsafeBufferPointer { r in
                StableGrouping.group(keys: t, keyCount: nodeCount, payload: r, weights: nil, dropSelfPairs: false, threads: threads)
            }
        }
        // The grouped payloads are row numbers; resolve them to the other endpoint and the row's columns.
        let refereeTargets = byReferrer.payload.map { targets[Int($0)] }
        let referrerTargets = byReferee.payload.map { sources[Int($0)] }
        let edges = ReferralEdges(
            referees: CSR(offsets: byReferrer.offsets, targets: refereeTargets),
            referrers: CSR(offsets: byReferee.offsets, targets: referrerTargets),
            refereeTimes: times.map { t in byReferrer.payload.map { t[Int($0)] } },
            referrerTimes: times.map { t in byReferee.payload.map { t[Int($0)] } },
            refereeRevenues: revenues.map { r in byReferrer.payload.map { r[Int($0)] } },
            referrerRevenues: revenues.map { r in byReferee.payload.map { r[Int($0)] } },
            referrerRows: byReferee.payload)
        var several = 0
        for v in 0..<nodeCount {
            let range = edges.referrers.edgeRange(of: v)
            guard range.count > 1 else { continue }
            let first = referrerTargets[range.lowerBound]
            if referrerTargets[range].contains(where: { $0 != first }) { several += 1 }
        }
        return (edges, several)
    }
}

/// Calls `body` with a buffer over `array`, or with `nil` when there is no array.
@inlinable
func withOptionalBuffer<T, R>(_ array: [T]?, _ body: (UnsafeBufferPointer<T>?) -> R) -> R {
    guard let array else { return body(nil) }
    return array.withUnsafeBufferPointer { body($0) }
}

extension CustomerAttributes {
    /// Extends the columns to `count` customers with neutral values for edge-only customers.
    mutating func padToCount(_ count: Int) {
        if nameBytes != nil, nameOffsets != nil {
            let end = nameBytes!.count
            while nameOffsets!.count < count + 1 { nameOffsets!.append(end) }
        }
        if spend != nil { while spend!.count < count { spend!.append(0) } }
        if orders != nil { while orders!.count < count { orders!.append(0) } }
        if segmentCodes != nil { while segmentCodes!.count < count { segmentCodes!.append(0) } }
        if hasCustomerRow != nil { while hasCustomerRow!.count < count { hasCustomerRow!.append(false) } }
    }
}
