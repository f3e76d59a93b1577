/// Downlines of the acyclic part of the referral rows (every customer not on or above
/// a ring), as unions of preorder intervals.
///
/// Every customer gets one tree parent: its first referrer in the window that is in
/// the acyclic part. In a preorder of that forest each subtree is one interval, and
/// everything below `u` is `u`'s own subtree plus, for each row leaving it, what hangs
/// below that row's referee: a union of intervals. Built referees first, the set of
/// `u` is its own interval merged with the sets of its referees, kept as sorted
/// disjoint intervals, so its downline is their total length minus one. A set that is
/// just the customer's own subtree, as most are, is not stored. In a forest
/// every set is one interval; each row that joins two branches adds an interval to
/// the sets on the path above it until an ancestor's subtree covers it.
///
/// - Complexity: O(V + E + Σ over customers of the intervals of their referees, with a
///   log factor for the sort); O(V + total intervals) memory.
enum AcyclicDownlines {
    /// Fills `downline[u]`, `direct[u]` (distinct referees) and `tainted[u]` (see
    /// `ReferralDownline`; `tainted` must start all false) for every customer of `order` (the acyclic part, referees
    /// before referrers; exactly its members are in `acyclic`). `scattered`: `order` is
    /// not an index order, so every pass prefetches a few customers ahead. Intervals are
    /// packed as `start << 32 | end`, end exclusive.
    static func compute(order: UnsafeBufferPointer<UInt32>, scattered: Bool, acyclic: Bitmap, edges: ReferralEdges,
                        window: ReferralWindow,
                        downline: UnsafeMutableBufferPointer<UInt32>, direct: UnsafeMutableBufferPointer<UInt32>,
                        tainted: UnsafeMutableBufferPointer<Bool>) {
        let n = downline.count
        let count = order.count
        guard count > 0 else { return }
        let lower = window.lower, upper = window.upper
        let none = UInt32.max
        var parent = filledArray(UInt32(none), count: n)
        var pre = filledArray(UInt32(0), count: n)
        var size = filledArray(UInt32(0), count: n)
        var listStart = filledArray(Int(0), count: n)
        // Count 0: the set is u's own subtree, not stored (most customers); else its
        // intervals are `arena[listStart[u]...]`.
        var listCount = filledArray(UInt32(0), count: n)
        // Pass 2's free-stretch ends, then pass 3's stamps: one array, because each fresh
        // page costs a fault and a clear.
        var vacant = uninitializedArray(UInt32.self, count: n)
        // Sized for two stored intervals per customer, more than random referral forests
        // with a few two-referrer customers need; untouched capacity costs nothing.
        var arena: [UInt64] = uninitializedArray(count: 2 * count + 1024)
        var arenaCount = 0
        var scratch: [UInt64] = []
        withOptionalBuffer(window.isUnbounded ? nil : edges.refereeTimes) { outTimes in
        withOptionalBuffer(window.isUnbounded ? nil : edges.referrerTimes) { inTimes in
        edges.referees.offsets.withUnsafeBufferPointer { outOff in
        edges.referees.targets.withUnsafeBufferPointer { outTo in
        edges.referrers.offsets.withUnsafeBufferPointer { inOff in
        edges.referrers.targets.withUnsafeBufferPointer { inFrom in
        acyclic.words.withUnsafeBufferPointer { member in
        parent.withUnsafeMutableBufferPointer { parent in
        pre.withUnsafeMutableBufferPointer { pre in
        size.withUnsafeMutableBufferPointer { size in
            // 1. Tree parents and subtree sizes, referees first: v's children came before
            // it, so its size is complete when it hands it to its parent.
            // A customer with two distinct referrers in the window is tainted (see
            // `ReferralDownline`); the same scan of its referrer rows finds out.
            for i in 0..<count {
                if scattered {
                    if i + 16 < count { let w = Int(order[i + 16]); inOff.prefetch(w); size.prefetch(w); parent.prefetch(w) }
                    if i + 8 < count { inFrom.prefetch(inOff[Int(order[i + 8])]) }
                    if i + 4 < count { tainted.prefetch(Int(order[i + 4])) }
                }
                // The referrer is anywhere, whatever the order.
                if i + 4 < count, case let w = Int(order[i + 4]), inOff[w] < inOff[w + 1] {
                    size.prefetch(Int(inFrom[inOff[w]]))
                }
                let v = Int(order[i])
                size[v] += 1
                var firstReferrer = -1
                var found = false
                for e in inOff[v] ..< inOff[v + 1] {
                    let t = inTimes?[e] ?? ReferralEdges.noTime
                    guard t >= lower && t <= upper else { continue }
                    let p = Int(inFrom[e])
                    if firstReferrer < 0 {
                        firstReferrer = p
                    } else if p != firstReferrer {
                        tainted[v] = true
                        if found { break }
                    }
                    if !found && member[p >> 6] & (1 << UInt64(p & 63)) != 0 {
                        parent[v] = UInt32(p)
                        size[p] += size[v]
                        found = true
                        if tainted[v] { break }
                    }
                }
            }
            // 2. Preorder numbers, referrers first, without building child lists: a child
            // takes the last free stretch of its parent's interval, so siblings end up in
            // peel order (the order the proof below needs) and roots in reverse peel order.
            // `vacant[p]` is the end of what p's children have not yet taken.
            var nextRoot: UInt32 = 0
            vacant.withUnsafeMutableBufferPointer { vacant in
            for i in stride(from: count - 1, through: 0, by: -1) {
                if scattered && i >= 16 {
                    let w = Int(order[i - 16]); parent.prefetch(w); size.prefetch(w); pre.prefetch(w); vacant.prefetch(w)
                }
                if i >= 8, case let p = parent[Int(order[i - 8])], p != none { vacant.prefetch(Int(p)) }
                let v = Int(order[i])
                let p = parent[v]
                if p == none {
                    pre[v] = nextRoot
                    nextRoot += size[v]
                } else {
                    vacant[Int(p)] -= size[v]
                    pre[v] = vacant[Int(p)]
                }
                vacant[v] = pre[v] + size[v]
            }
            }
            // 3. Interval sets, referees first.
            listStart.withUnsafeMutableBufferPointer { listStart in
            listCount.withUnsafeMutableBufferPointer { listCount in
            vacant.withUnsafeMutableBufferPointer { stamp in
                stamp.update(repeating: 0)
                for i in 0..<count {
                    // Customers come in peel order, at random places in every array when
                    // customer order does not follow the rows: start the reads of later
                    // customers now, each step one level deeper (offsets, then rows and
                    // per-customer fields, then the referees' fields).
                    if scattered && i + 16 < count { outOff.prefetch(Int(order[i + 16])) }
                    if scattered && i + 8 < count {
                        let w = Int(order[i + 8])
                        outTo.prefetch(outOff[w])
                        pre.prefetch(w); size.prefetch(w); direct.prefetch(w); downline.prefetch(w); tainted.prefetch(w)
                    }
                    // Referees are anywhere, whatever the order.
                    if i + 4 < count {
                        let w = Int(order[i + 4])
                        for e in outOff[w] ..< min(outOff[w + 1], outOff[w] + 8) {
                            let c = Int(outTo[e])
                            tainted.prefetch(c); parent.prefetch(c); listCount.prefetch(c); pre.prefetch(c); size.prefetch(c)
                        }
                    }
                    let u = Int(order[i])
                    // About half the customers of a referral forest refer no one: each set is
                    // the customer's own one-customer subtree.
                    if outOff[u] == outOff[u + 1] { continue }
                    let ownStart = UInt64(pre[u]), ownEnd = UInt64(pre[u] + size[u])
                    let own = ownStart << 32 | ownEnd
                    let token = UInt32(truncatingIfNeeded: i + 1)
                    // Only referees with intervals outside u's subtree change the set. A tree
                    // child whose set is one interval is not one of them: an interval running
                    // past u's subtree would hold the customer just after it in preorder, a
                    // later sibling of an ancestor (peeled after that ancestor, so not below
                    // the child) or a root (below no one), and the child reaches neither.
                    // The same pass counts u's distinct referees and settles whether u is tainted.
                    var foreign = false, taintedReferee = false
                    var distinct: UInt32 = 0
                    let first = outOff[u], last = outOff[u + 1]
                    // Few rows: look for a repeat among them rather than stamp a random slot.
                    let fewRows = last - first <= 8
                    for e in first ..< last {
                        let t = outTimes?[e] ?? ReferralEdges.noTime
                        guard t >= lower && t <= upper else { continue }
                        let c = Int(outTo[e])
                        if fewRows {
                            var repeated = false
                            for k in first ..< e where Int(outTo[k]) == c {
                                let tk = outTimes?[k] ?? ReferralEdges.noTime
                                if tk >= lower && tk <= upper { repeated = true; break }
                            }
                            if repeated { continue }
                        } else {
                            if stamp[c] == token { continue }
                            stamp[c] = token
                        }
                        distinct += 1
                        if tainted[c] { taintedReferee = true }
                        if parent[c] != UInt32(u) || listCount[c] > 1 { foreign = true }
                    }
                    direct[u] = distinct
                    if taintedReferee { tainted[u] = true }
                    if !foreign {
                        downline[u] = size[u] - 1
                        continue
                    }
                    scratch.removeAll(keepingCapacity: true)
                    scratch.append(own)
                    // A referee on two rows adds its intervals twice; the merge below absorbs that.
                    for e in outOff[u] ..< outOff[u + 1] {
                        let t = outTimes?[e] ?? ReferralEdges.noTime
                        guard t >= lower && t <= upper else { continue }
                        let c = Int(outTo[e])
                        // Intervals inside u's own subtree add nothing; near the roots they
                        // are most of what the referees hold.
                        if listCount[c] == 0 {
                            let start = UInt64(pre[c]), end = UInt64(pre[c] + size[c])
                            if start < ownStart || end > ownEnd { scratch.append(start << 32 | end) }
                            continue
                        }
                        let s = listStart[c]
                        for k in s ..< s + Int(listCount[c]) {
                            let interval = arena[k]
                            if interval >> 32 < ownStart || interval & 0xFFFF_FFFF > ownEnd { scratch.append(interval) }
                        }
                    }
                    scratch.sort()
                    // The merge stores at most as many intervals as it reads.
                    if arenaCount + scratch.count > arena.count {
                        Self.grow(&arena, keeping: arenaCount, toHold: arenaCount + scratch.count)
                    }
                    listStart[u] = arenaCount
                    var total: UInt64 = 0
                    var added: UInt32 = 0
                    arena.withUnsafeMutableBufferPointer { arena in
                        var start = scratch[0] >> 32, end = scratch[0] & 0xFFFF_FFFF
                        for k in 1..<scratch.count {
                            let s = scratch[k] >> 32, e = scratch[k] & 0xFFFF_FFFF
                            if s <= end {
                                end = max(end, e)
                            } else {
                                arena[arenaCount] = start << 32 | end
                                arenaCount += 1; added += 1; total += end - start
                                start = s; end = e
                            }
                        }
                        arena[arenaCount] = start << 32 | end
                        arenaCount += 1; added += 1; total += end - start
                    }
                    listCount[u] = added
                    downline[u] = UInt32(truncatingIfNeeded: total - 1)
                }
            }}}
        }}}}}}}}}}
    }

    /// Replaces `arena` by one of at least twice the size holding its first `kept` values.
    static func grow(_ arena: inout [UInt64], keeping kept: Int, toHold needed: Int) {
        var bigger: [UInt64] = uninitializedArray(count: max(2 * arena.count, needed))
        bigger.withUnsafeMutableBufferPointer { to in
        arena.withUnsafeBufferPointer { from in
            for k in 0..<kept { to[k] = from[k] }
        }}
        arena = bigger
    }
}
