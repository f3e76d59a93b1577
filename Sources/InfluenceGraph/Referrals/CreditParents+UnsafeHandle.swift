extension CreditParents {
    /// The memory of choosing credit parents: the referrer rows with their times and
    /// revenues, the customers' spend, and the parents, values and stamps being written.
    /// Its method is the choice's loop; it is valid only inside `withUnsafeHandle`.
    struct UnsafeHandle {
        let rowOffsets: UnsafeBufferPointer<Int>
        let referrers: UnsafeBufferPointer<UInt32>
        let times: UnsafeBufferPointer<Int64>?
        let revenues: UnsafeBufferPointer<Double>?
        let spend: UnsafeBufferPointer<Double>?
        /// Linear touch: each referee's credit parents, as CSR.
        let parentOffsets: UnsafeMutableBufferPointer<Int>
        let parents: UnsafeMutableBufferPointer<UInt32>
        let value: UnsafeMutableBufferPointer<Double>
        let primary: UnsafeMutableBufferPointer<UInt32>
        /// Linear touch: `seen[p] == v + 1` while scanning referee v.
        let seen: UnsafeMutableBufferPointer<UInt32>

        /// Chooses the credit parents and values of every referee under `touch` in
        /// `window` (see `CreditParents`); returns the number of parents listed under
        /// linear touch.
        func choose(touch: TouchRule, window: ReferralWindow) -> Int {
            let off = rowOffsets, from = referrers, times = times, revenues = revenues, spend = spend
            let offsets = parentOffsets, targets = parents, value = value, primary = primary, seen = seen
            let n = primary.count
            let linear = touch == .linear
            let lower = window.lower, upper = window.upper
            var used = 0
            for v in 0..<n {
                let best = CreditParents.primaryRow(of: v, offsets: off, times: times, touch: touch, window: window)
                guard best >= 0 else {
                    if linear { offsets[v + 1] = used }
                    continue
                }
                primary[v] = from[best]
                let fallback = spend?[v] ?? 0
                guard linear else {
                    if let r = revenues?[best], !r.isNaN { value[v] = r } else { value[v] = fallback }
                    continue
                }
                // Linear touch: every distinct referrer in order of first row, and the
                // mean revenue of the rows that have one.
                let stamp = UInt32(truncatingIfNeeded: v &+ 1)
                var revenueSum = 0.0, revenueCount = 0
                for e in off[v] ..< off[v + 1] {
                    let t = times?[e] ?? ReferralEdges.noTime
                    guard t >= lower && t <= upper else { continue }
                    let p = Int(from[e])
                    if seen[p] != stamp {
                        seen[p] = stamp
                        targets[used] = from[e]
                        used += 1
                    }
                    if let r = revenues?[e], !r.isNaN { revenueSum += r; revenueCount += 1 }
                }
                value[v] = revenueCount > 0 ? revenueSum / Double(revenueCount) : fallback
                offsets[v + 1] = used
            }
            return used
        }
    }

    /// Calls `body` with a handle on `graph`'s referrer rows and spend and the arrays
    /// being written.
    static func withUnsafeHandle<R>(graph: CustomerGraph, parentOffsets: inout [Int], parents: inout [UInt32],
                                    value: inout [Double], primary: inout [UInt32], seen: inout [UInt32],
                                    _ body: (UnsafeHandle) -> R) -> R {
        let edges = graph.referrals
        return withOptionalBuffer(edges.referrerTimes) { times in
        withOptionalBuffer(edges.referrerRevenues) { revenues in
        withOptionalBuffer(graph.attributes.spend) { spend in
        edges.referrers.offsets.withUnsafeBufferPointer { rowOffsets in
        edges.referrers.targets.withUnsafeBufferPointer { referrers in
        parentOffsets.withUnsafeMutableBufferPointer { parentOffsets in
        parents.withUnsafeMutableBufferPointer { parents in
        value.withUnsafeMutableBufferPointer { value in
        primary.withUnsafeMutableBufferPointer { primary in
        seen.withUnsafeMutableBufferPointer { seen in
            body(UnsafeHandle(rowOffsets: rowOffsets, referrers: referrers, times: times, revenues: revenues, spend: spend,
                              parentOffsets: parentOffsets, parents: parents, value: value, primary: primary, seen: seen))
        }}}}}}}}}}
    }

    /// The time of the row linking `v` to its primary parent, or `ReferralEdges.noTime`
    /// when `v` has none in the window or the row has no time.
    ///
    /// - Complexity: O(k) for `v`'s k referral rows.
    public func primaryTime(of v: Int) -> Int64 {
        withOptionalBuffer(edges.referrerTimes) { times in
            edges.referrers.offsets.withUnsafeBufferPointer { offsets in
                let row = Self.primaryRow(of: v, offsets: offsets, times: times, touch: touch, window: window)
                return row < 0 ? ReferralEdges.noTime : times?[row] ?? ReferralEdges.noTime
            }
        }
    }

    /// The row of `v` (an index into the referrer rows) that names its primary parent,
    /// or −1 if none is in the window: the earliest row, the latest under last touch;
    /// ties go to the earlier row in the file, and rows without a time count as earliest.
    @inline(__always)
    static func primaryRow(of v: Int, offsets: UnsafeBufferPointer<Int>, times: UnsafeBufferPointer<Int64>?,
                           touch: TouchRule, window: ReferralWindow) -> Int {
        var best = -1
        var bestTime = Int64.min
        for e in offsets[v] ..< offsets[v + 1] {
            let t = times?[e] ?? ReferralEdges.noTime
            guard t >= window.lower && t <= window.upper else { continue }
            if best < 0 || (touch == .last ? t > bestTime : t < bestTime) {
                best = e
                bestTime = t
            }
        }
        return best
    }

    /// Calls `body` with every customer's credit parents as rows over buffers.
    func withParentRows<R>(_ body: (ParentRows) -> R) -> R {
        guard let csr = linearParents else {
            return primary.withUnsafeBufferPointer { body(ParentRows(offsets: UnsafeBufferPointer(start: nil, count: 0), targets: $0, single: true)) }
        }
        return csr.offsets.withUnsafeBufferPointer { offsets in
            csr.targets.withUnsafeBufferPointer { body(ParentRows(offsets: offsets, targets: $0, single: false)) }
        }
    }
}

/// Credit parents per customer as rows of a CSR over buffers, for the attribution loops;
/// valid only inside `CreditParents.withParentRows`.
///
/// Under first or last touch (`single`) there are no offsets: `targets` is `primary`, and
/// row `v` is position `v` alone, or empty when `primary[v]` is `CreditParents.none`.
/// So in both forms the parents of `v` are `targets[range(of: v)]`, and `targets` holds
/// `none` only where a row is empty.
struct ParentRows {
    let offsets: UnsafeBufferPointer<Int>
    let targets: UnsafeBufferPointer<UInt32>
    let single: Bool

    /// The positions in `targets` of `v`'s credit parents.
    @inline(__always)
    func range(of v: Int) -> Range<Int> {
        if single { return targets[v] == CreditParents.none ? v ..< v : v ..< v + 1 }
        return offsets[v] ..< offsets[v + 1]
    }

    /// The share of each of `v`'s k credit parents: 1/k, or 0 without one.
    @inline(__always)
    func share(of v: Int) -> Double {
        let k = range(of: v).count
        return k == 0 ? 0 : 1 / Double(k)
    }
}
