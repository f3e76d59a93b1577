extension ReferralDownline {
    /// The memory of counting downlines: the referral rows, and per customer its count,
    /// its taint, its place in the peel order, its node of the interval pass, and its
    /// bit in the acyclic part. Its methods are the peel's loops; it is valid only inside
    /// `withUnsafeHandle`.
    struct UnsafeHandle {
        let rows: ReferralEdges.UnsafeHandle
        /// The window's bounds.
        let lower: Int64
        let upper: Int64
        /// Downlines; during the peel, each customer's referee rows not yet peeled.
        let downline: UnsafeMutableBufferPointer<UInt32>
        let tainted: UnsafeMutableBufferPointer<Bool>
        /// The peel order, referees before referrers.
        let order: UnsafeMutableBufferPointer<UInt32>
        let nodes: UnsafeMutableBufferPointer<AcyclicDownlines.Node>
        /// A bit per customer of the acyclic part (those peeled).
        let acyclic: UnsafeMutableBufferPointer<UInt64>

        /// The first `count` customers of the peel order.
        func peelOrder(_ count: Int) -> UnsafeBufferPointer<UInt32> {
            UnsafeBufferPointer(rebasing: order[0..<count])
        }

        /// Whether `v` is in the acyclic part.
        @inline(__always)
        func isAcyclic(_ v: Int) -> Bool { acyclic[v >> 6] & (1 << UInt64(v & 63)) != 0 }

        /// Marks the first `count` customers of the peel order acyclic.
        func markAcyclic(_ count: Int) {
            for i in 0..<count { let v = Int(order[i]); acyclic[v >> 6] |= 1 << UInt64(v & 63) }
        }

        /// The peel order when every row runs forward (see `ReferralDownline.runsForward`):
        /// descending index order, everyone peeled. Returns the customer count.
        func peelForward() -> Int {
            let n = order.count
            for i in 0..<n { order[i] = UInt32(n - 1 - i) }
            return n
        }

        /// Peels customers whose referees are all peeled, referees before referrers, into
        /// `order`; returns how many peeled. When all do, the same reads have also built
        /// the spanning forest of the interval pass (its pass 1): tree parents and sizes
        /// in `nodes`, and `tainted` for customers with two referrers. Otherwise `nodes`
        /// and `tainted` are left as they started.
        func peel() -> Int {
            let n = order.count
            // Locals, not fields: the loops keep them in registers.
            let remaining = downline, order = order, nodes = nodes, tainted = tainted
            let lower = lower, upper = upper
            let outOff = rows.refereeOffsets, outTimes = rows.refereeTimes
            let inOff = rows.referrerOffsets, inFrom = rows.referrers, inTimes = rows.referrerTimes
            var peeled = 0
            for u in 0..<n {
                var inWindow: UInt32 = 0
                for e in outOff[u] ..< outOff[u + 1] {
                    let t = outTimes?[e] ?? ReferralEdges.noTime
                    if t >= lower && t <= upper { inWindow += 1 }
                }
                remaining[u] = inWindow
                if inWindow == 0 { order[peeled] = UInt32(u); peeled += 1 }
            }
            var head = 0
            while head < peeled {
                // The peel order is scattered over the customers: start the reads of
                // later customers now, each step one level deeper.
                if head + 16 < peeled { let w = Int(order[head + 16]); inOff.prefetch(w); nodes.prefetch(w); tainted.prefetch(w) }
                if head + 8 < peeled { inFrom.prefetch(inOff[Int(order[head + 8])]) }
                if head + 4 < peeled, case let w = Int(order[head + 4]), inOff[w] < inOff[w + 1] {
                    let p = Int(inFrom[inOff[w]])
                    remaining.prefetch(p); nodes.prefetch(p)
                }
                // The same reads also build the spanning forest of the interval pass (its
                // pass 1) on the guess that every customer peels, which holds unless there
                // are rings: v's referees came before it, so its size is complete, and its
                // tree parent is its first referrer in the window.
                let v = Int(order[head]); head += 1
                nodes[v].size += 1
                var firstReferrer = -1
                for e in inOff[v] ..< inOff[v + 1] {
                    let t = inTimes?[e] ?? ReferralEdges.noTime
                    guard t >= lower && t <= upper else { continue }
                    let p = Int(inFrom[e])
                    remaining[p] -= 1
                    if remaining[p] == 0 { order[peeled] = UInt32(p); peeled += 1 }
                    if firstReferrer < 0 {
                        firstReferrer = p
                        nodes[v].parent = UInt32(p)
                        nodes[p].size += nodes[v].size
                    } else if p != firstReferrer {
                        tainted[v] = true
                    }
                }
            }
            if peeled < n {
                // Rings: a tree parent must itself peel, so the interval pass starts over.
                nodes.update(repeating: AcyclicDownlines.Node.unset)
                tainted.update(repeating: false)
            }
            return peeled
        }
    }

    /// Calls `body` with a handle on `edges`' rows in `window` and the given arrays.
    static func withUnsafeHandle<R>(edges: ReferralEdges, window: ReferralWindow, downline: inout [UInt32], tainted: inout [Bool],
                                    order: inout [UInt32], nodes: inout [AcyclicDownlines.Node], acyclic: inout [UInt64],
                                    _ body: (UnsafeHandle) -> R) -> R {
        edges.withUnsafeHandle(timesFor: window) { rows in
        downline.withUnsafeMutableBufferPointer { downline in
        tainted.withUnsafeMutableBufferPointer { tainted in
        order.withUnsafeMutableBufferPointer { order in
        nodes.withUnsafeMutableBufferPointer { nodes in
        acyclic.withUnsafeMutableBufferPointer { acyclic in
            body(UnsafeHandle(rows: rows, lower: window.lower, upper: window.upper, downline: downline, tainted: tainted,
                              order: order, nodes: nodes, acyclic: acyclic))
        }}}}}}
    }

    /// Distinct referees on each customer's rows in `window`: a pass of its own, so that
    /// attribution can run it on another core than the downlines.
    ///
    /// - Complexity: O(V + E). Rows of up to eight are checked for repeats pairwise;
    ///   longer ones stamp their referees, in an array made on first need.
    static func directReferrals(_ edges: ReferralEdges, window: ReferralWindow) -> [UInt32] {
        let lower = window.lower, upper = window.upper
        let n = edges.referees.nodeCount
        var direct = uninitializedArray(UInt32.self, count: n)
        var stamp: [UInt32] = []
        edges.withUnsafeHandle(timesFor: window) { rows in
        direct.withUnsafeMutableBufferPointer { direct in
            let outOff = rows.refereeOffsets, outTo = rows.referees, outTimes = rows.refereeTimes
            func inWindow(_ e: Int) -> Bool {
                let t = outTimes?[e] ?? ReferralEdges.noTime
                return t >= lower && t <= upper
            }
            for u in 0..<n {
                let first = outOff[u], last = outOff[u + 1]
                var distinct: UInt32 = 0
                if last - first <= 8 {
                    for e in first ..< last where inWindow(e) {
                        let c = outTo[e]
                        var repeated = false
                        for k in first ..< e where outTo[k] == c && inWindow(k) { repeated = true; break }
                        if !repeated { distinct += 1 }
                    }
                } else {
                    if stamp.isEmpty { stamp = filledArray(UInt32(0), count: n) }
                    let token = UInt32(truncatingIfNeeded: u &+ 1)
                    stamp.withUnsafeMutableBufferPointer { stamp in
                        for e in first ..< last where inWindow(e) {
                            let c = Int(outTo[e])
                            if stamp[c] != token { stamp[c] = token; distinct += 1 }
                        }
                    }
                }
                direct[u] = distinct
            }
        }}
        return direct
    }

    /// Scratch of the walks that settle rings: stamps per customer, a queue, and which
    /// customers lie on or above rings; valid only inside `withRingScratch`.
    struct RingScratch {
        let childStamp: UnsafeMutableBufferPointer<UInt32>
        let visitStamp: UnsafeMutableBufferPointer<UInt32>
        let queue: UnsafeMutableBufferPointer<UInt32>
        let onOrAboveRing: UnsafeMutableBufferPointer<Bool>

        /// Calls `body` with scratch for `count` customers, stamps cleared.
        static func withRingScratch<R>(count: Int, _ body: (RingScratch) -> R) -> R {
            var childStamp = filledArray(UInt32(0), count: count)
            var visitStamp = filledArray(UInt32(0), count: count)
            var queue = uninitializedArray(UInt32.self, count: count)
            var onOrAboveRing = uninitializedArray(Bool.self, count: count)
            return childStamp.withUnsafeMutableBufferPointer { childStamp in
            visitStamp.withUnsafeMutableBufferPointer { visitStamp in
            queue.withUnsafeMutableBufferPointer { queue in
            onOrAboveRing.withUnsafeMutableBufferPointer { onOrAboveRing in
                body(RingScratch(childStamp: childStamp, visitStamp: visitStamp, queue: queue, onOrAboveRing: onOrAboveRing))
            }}}}
        }
    }
}
