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
    /// Follow rows left in the buffers a reader parsed them into; they come after
    /// any rows in the flat arrays above.
    var chunkedFollows: ChunkedFollowRows?

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

    /// Adds referral rows in bulk, as `addReferral` would one at a time: the runs
    /// between self-referrals are copied whole. `times` holds `ReferralEdges.noTime`
    /// and `revenues` NaN where a row has none.
    ///
    /// - Complexity: O(rows), a copy of each column.
    mutating func appendReferrals(sources: UnsafeBufferPointer<UInt32>, targets: UnsafeBufferPointer<UInt32>,
                                  times: UnsafeBufferPointer<Int64>, revenues: UnsafeBufferPointer<Double>,
                                  hasTimeColumn: Bool, hasRevenueColumn: Bool) {
        if hasTimeColumn && referralTimes == nil { referralTimes = [] }
        if hasRevenueColumn && referralRevenues == nil { referralRevenues = [] }
        report.referralRows += sources.count
        var start = 0
        for row in 0 ... sources.count {
            guard row == sources.count || sources[row] == targets[row] else { continue }
            if row > start {
                referralSources.append(contentsOf: sources[start ..< row])
                referralTargets.append(contentsOf: targets[start ..< row])
                if hasTimeColumn { referralTimes!.append(contentsOf: times[start ..< row]) }
                if hasRevenueColumn { referralRevenues!.append(contentsOf: revenues[start ..< row]) }
            }
            if row < sources.count {
                report.selfReferralsDropped += 1
                report.selfReferrers.append(customers.id(Int(sources[row])))
            }
            start = row + 1
        }
    }

    /// Makes room for `count` more referral rows, so that a load's appends do not
    /// copy the columns again each time they double.
    mutating func reserveReferrals(adding count: Int, hasTimeColumn: Bool, hasRevenueColumn: Bool, threads: Int = 1) {
        // No row, no column: a file without rows leaves the columns as they were.
        guard count > 0 else { return }
        reserveAhead(&referralSources, referralSources.count + count, threads: threads)
        reserveAhead(&referralTargets, referralTargets.count + count, threads: threads)
        if hasTimeColumn {
            if referralTimes == nil { referralTimes = [] }
            reserveAhead(&referralTimes!, referralTimes!.count + count, threads: threads)
        }
        if hasRevenueColumn {
            if referralRevenues == nil { referralRevenues = [] }
            reserveAhead(&referralRevenues!, referralRevenues!.count + count, threads: threads)
        }
    }

    /// Freezes everything into an immutable graph.
    ///
    /// - Complexity: O(V · T + E) time for E edge rows and T threads.
    consuming func build(threads: Int, progress: (@Sendable (String) -> Void)? = nil) -> CustomerGraph {
        customers.endLoading(threads: threads)
        let nodeCount = customers.count
        attributes.padToCount(nodeCount)
        let built = followSources.withUnsafeBufferPointer { s in
            followTargets.withUnsafeBufferPointer { t in
                withOptionalBuffer(followWeights) { w in
                    let rows = Self.followRowChunks(sources: s, targets: t, weights: w) + (chunkedFollows?.chunks ?? [])
                    report.followRows = rows.reduce(0) { $0 + $1.sources.count }
                    return Self.buildFollows(rows, nodeCount: nodeCount, threads: threads, progress: progress,
                                             rowsRead: { [chunkedFollows] in chunkedFollows?.release() })
                }
            }
        }
        followSources = []
        followTargets = []
        followWeights = nil
        chunkedFollows = nil
        report.selfLoopsDropped = built.selfLoops
        report.duplicatesMerged = built.duplicates
        progress?("building referrals")
        let referrals = Self.buildReferrals(sources: referralSources, targets: referralTargets, times: referralTimes,
                                            revenues: referralRevenues, nodeCount: nodeCount, threads: threads)
        report.refereesWithSeveralReferrers = referrals.refereesWithSeveralReferrers
        if attributes.hasCustomerRow != nil { report.customersFromEdges = nodeCount - report.customerRows }
        else { report.customersFromEdges = nodeCount }
        return CustomerGraph(customers: customers, attributes: attributes, follows: built.edges,
                             referrals: referrals.edges, report: report)
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
                CSRGrouping.group(keys: s, keyCount: nodeCount, payload: r, weights: nil, threads: threads)
            }
        }
        let byReferee = targets.withUnsafeBufferPointer { t in
            rows.withUnsafeBufferPointer { r in
                CSRGrouping.group(keys: t, keyCount: nodeCount, payload: r, weights: nil, threads: threads)
            }
        }
        // The grouped payloads are row numbers; resolve them to the other endpoint and
        // the row's columns (random reads, so in parallel).
        let edges = ReferralEdges(
            referees: CSR(offsets: byReferrer.offsets, targets: gathered(targets, at: byReferrer.payload, threads: threads)),
            referrers: CSR(offsets: byReferee.offsets, targets: gathered(sources, at: byReferee.payload, threads: threads)),
            refereeTimes: times.map { gathered($0, at: byReferrer.payload, threads: threads) },
            referrerTimes: times.map { gathered($0, at: byReferee.payload, threads: threads) },
            refereeRevenues: revenues.map { gathered($0, at: byReferrer.payload, threads: threads) },
            referrerRevenues: revenues.map { gathered($0, at: byReferee.payload, threads: threads) },
            referrerRows: byReferee.payload)
        let several = edges.referrers.offsets.withUnsafeBufferPointer { offsets in
            edges.referrers.targets.withUnsafeBufferPointer { referrers in
                let bounds = ParallelFor.evenBoundaries(count: nodeCount, parts: ParallelFor.chunkCount(forWork: nodeCount))
                return ParallelFor.map(chunks: bounds.count - 1, threads: threads) { chunk in
                    var several = 0
                    for v in bounds[chunk] ..< bounds[chunk + 1] where offsets[v + 1] - offsets[v] > 1 {
                        let first = referrers[offsets[v]]
                        for e in offsets[v] + 1 ..< offsets[v + 1] where referrers[e] != first { several += 1; break }
                    }
                    return several
                }.reduce(0, +)
            }
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
