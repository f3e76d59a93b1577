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
    consuming func build(threads: Int, progress: (@Sendable (String) -> Void)? = nil) -> CustomerGraph {
        let nodeCount = customers.count
        attributes.padToCount(nodeCount)
        report.followRows = followSources.count
        let built = Self.buildFollows(sources: followSources, targets: followTargets, weights: followWeights,
                                      nodeCount: nodeCount, threads: threads, progress: progress)
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

    /// Builds both follow directions in two stable grouping passes: group rows by
    /// follower (dropping self-loops), merge repeated followees inside each list,
    /// then regroup by followee, which lists every customer's followers ascending.
    static func buildFollows(sources: [UInt32], targets: [UInt32], weights: [Double]?, nodeCount: Int, threads: Int,
                             progress: (@Sendable (String) -> Void)? = nil)
        -> (edges: FollowEdges, selfLoops: Int, duplicates: Int)
    {
        progress?("grouping follows by follower")
        var byFollower = sources.withUnsafeBufferPointer { s in
            targets.withUnsafeBufferPointer { t in
                withOptionalBuffer(weights) { w in
                    StableGrouping.group(keys: s, keyCount: nodeCount, payload: t, weights: w, dropSelfPairs: true, threads: threads)
                }
            }
        }
        let before = byFollower.payload.count
        progress?("merging duplicate follows")
        mergeDuplicates(&byFollower, nodeCount: nodeCount, threads: threads)
        let duplicates = before - byFollower.payload.count
        progress?("grouping follows by followee")
        let owners = StableGrouping.owners(offsets: byFollower.offsets, threads: threads)
        let byFollowee = byFollower.payload.withUnsafeBufferPointer { keys in
            owners.withUnsafeBufferPointer { owners in
                withOptionalBuffer(byFollower.weights) { w in
                    StableGrouping.group(keys: keys, keyCount: nodeCount, payload: owners, weights: w, dropSelfPairs: false, threads: threads)
                }
            }
        }
        let edges = FollowEdges(
            followees: CSR(offsets: byFollower.offsets, targets: byFollower.payload),
            followers: CSR(offsets: byFollowee.offsets, targets: byFollowee.payload),
            followeeWeights: byFollower.weights, followerWeights: byFollowee.weights)
        return (edges, byFollower.dropped, duplicates)
    }

    /// Keeps the first occurrence of each neighbour in every list (adding the
    /// weights of later repeats to it, in input order), using a per-worker
    /// "last seen at" table instead of sorting.
    ///
    /// - Complexity: O(V · T + E).
    static func mergeDuplicates(_ grouped: inout StableGrouping.Grouped, nodeCount: Int, threads: Int) {
        let nodes = grouped.offsets.count - 1
        guard nodes > 0, !grouped.payload.isEmpty else { return }
        let parts = max(1, min(threads, grouped.payload.count / 65_536 + 1))
        let bounds = ParallelFor.edgeBalancedBoundaries(offsets: grouped.offsets, parts: parts)
        var unique = [Int](repeating: 0, count: nodes + 1)
        var kept = [Bool](repeating: true, count: grouped.payload.count)
        var mergedWeights = grouped.weights
        grouped.weights = nil
        grouped.offsets.withUnsafeBufferPointer { o in
            grouped.payload.withUnsafeBufferPointer { p in
                withOptionalMutableBuffer(&mergedWeights) { w in
                    unique.withUnsafeMutableBufferPointer { u in
                        kept.withUnsafeMutableBufferPointer { k in
                            let shared = UncheckedSendable((u, k, w))
                            ParallelFor.run(chunks: bounds.count - 1, threads: threads) { c in
                                let (u, k, weights) = shared.value
                                // seenBy[x] = 1 + the list owner that last saw x; seenAt[x] = where.
                                var seenBy = [UInt32](repeating: 0, count: nodeCount)
                                var seenAt = [Int](repeating: 0, count: weights == nil ? 0 : nodeCount)
                                seenBy.withUnsafeMutableBufferPointer { seenBy in
                                    seenAt.withUnsafeMutableBufferPointer { seenAt in
                                        for v in bounds[c] ..< bounds[c + 1] {
                                            let stamp = UInt32(truncatingIfNeeded: v + 1)
                                            var count = 0
                                            for e in o[v] ..< o[v + 1] {
                                                let x = Int(p[e])
                                                if seenBy[x] == stamp {
                                                    k[e] = false
                                                    if let weights { weights[seenAt[x]] += weights[e] }
                                                } else {
                                                    seenBy[x] = stamp
                                                    if weights != nil { seenAt[x] = e }
                                                    count += 1
                                                }
                                            }
                                            u[v + 1] = count
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        grouped.weights = mergedWeights
        for v in 0..<nodes { unique[v + 1] += unique[v] }
        let total = unique[nodes]
        guard total != grouped.payload.count else { return }
        var payload: [UInt32] = []
        payload.reserveCapacity(total)
        var weights: [Double]? = grouped.weights == nil ? nil : []
        weights?.reserveCapacity(total)
        for e in 0..<kept.count where kept[e] {
            payload.append(grouped.payload[e])
            if let w = grouped.weights { weights!.append(w[e]) }
        }
        grouped = StableGrouping.Grouped(offsets: unique, payload: payload, weights: weights, dropped: grouped.dropped)
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

/// Calls `body` with a mutable buffer over `array`, or with `nil` when there is no array.
@inlinable
func withOptionalMutableBuffer<T, R>(_ array: inout [T]?, _ body: (UnsafeMutableBufferPointer<T>?) -> R) -> R {
    guard array != nil else { return body(nil) }
    return array!.withUnsafeMutableBufferPointer { body($0) }
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
