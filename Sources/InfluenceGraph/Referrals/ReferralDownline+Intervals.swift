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
    /// Fills `downline[u]` and `tainted[u]` (see `ReferralDownline`; `tainted` must
    /// start all false) for the first `count` customers of the handle's peel order (the
    /// acyclic part, referees before referrers; exactly its members are marked acyclic).
    /// `downline` must hold 0 for those with no referee row, which are not written. Every
    /// pass prefetches, a few customers ahead, what it will read of referrers and
    /// referees; with `scattered` (the order is not an index order) also of the customers
    /// themselves. `nodes` starts as `Node.unset` for every customer, unless `treeBuilt`:
    /// then pass 1 below has been done (by the peel) and `tainted` is set for
    /// two-referrer customers. Intervals are packed as `start << 32 | end`, end exclusive.
    static func compute(_ handle: ReferralDownline.UnsafeHandle, count: Int, scattered: Bool, treeBuilt: Bool) {
        let order = handle.peelOrder(count)
        let nodes = handle.nodes, downline = handle.downline, tainted = handle.tainted
        guard count > 0 else { return }
        let lower = handle.lower, upper = handle.upper
        let none = UInt32.max
        let taintedBit = Node.taintedBit
        // Where each stored set begins in `arena`, in the order the sets were stored; a
        // customer with a stored set keeps its index here in its `size` field. A list
        // per stored set, not an array per customer: only about one customer in ten
        // stores one, and every fresh page costs.
        var listStarts: [Int] = []
        // Reserved, not touched: room for a stored set per eighth customer, so the list
        // rarely grows by copying (random referral forests store about one in nine).
        listStarts.reserveCapacity(count / 8 + 16)
        // Sized for two stored intervals per customer, more than random referral forests
        // with a few two-referrer customers need; untouched capacity costs nothing.
        var arena: [UInt64] = uninitializedArray(count: 2 * count + 1024)
        var arenaCount = 0
        var scratch: [UInt64] = []
        let rows = handle.rows, member = handle.acyclic
        let outOff = rows.refereeOffsets, outTo = rows.referees, outTimes = rows.refereeTimes
        let inOff = rows.referrerOffsets, inFrom = rows.referrers, inTimes = rows.referrerTimes
        // 1. Tree parents and subtree sizes, referees first: v's children came before
        // it, so its size is complete when it hands it to its parent.
        // A customer with two distinct referrers in the window is tainted (see
        // `ReferralDownline`); the same scan of its referrer rows finds out. Skipped
        // when the peel has done it.
        for i in 0..<(treeBuilt ? 0 : count) {
            // When `order` is scattered, start the reads of later customers now, each
            // step one level deeper; the referrer is anywhere, whatever the order.
            if scattered {
                if i + 16 < count { let w = Int(order[i + 16]); inOff.prefetch(w); nodes.prefetch(w) }
                if i + 8 < count { inFrom.prefetch(inOff[Int(order[i + 8])]) }
                if i + 4 < count { tainted.prefetch(Int(order[i + 4])) }
            }
            // In index order the rows are read in sequence, so the referrer's fields can
            // be asked for further ahead than when the rows themselves must wait.
            let ahead = scattered ? 4 : 16
            if i + ahead < count, case let w = Int(order[i + ahead]), inOff[w] < inOff[w + 1] {
                nodes.prefetch(Int(inFrom[inOff[w]]))
            }
            let v = Int(order[i])
            nodes[v].size += 1
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
                    nodes[v].parent = UInt32(p)
                    nodes[p].size += nodes[v].size
                    found = true
                    if tainted[v] { break }
                }
            }
        }
        // 2. Preorder numbers, referrers first, without building child lists: a child
        // takes the last free stretch of its parent's interval, so siblings end up in
        // peel order (the order the proof below needs) and roots in reverse peel order.
        // `state` holds the end of what the customer's children have not yet taken.
        var nextRoot: UInt32 = 0
        for i in stride(from: count - 1, through: 0, by: -1) {
            if scattered && i >= 32 { nodes.prefetch(Int(order[i - 32])) }
            if i >= 16, case let p = nodes[Int(order[i - 16])].parent, p != none { nodes.prefetch(Int(p)) }
            let v = Int(order[i])
            let p = nodes[v].parent, size = nodes[v].size
            let pre: UInt32
            if p == none {
                pre = nextRoot
                nextRoot += size
            } else {
                nodes[Int(p)].state -= size
                pre = nodes[Int(p)].state
            }
            nodes[v].pre = pre
            nodes[v].state = pre + size
        }
        // 3. Interval sets, referees first. At its turn a customer's `state` becomes
        // its stored interval count, with the tainted bit.
        for i in 0..<count {
            // Start the reads of later customers now, each step one level deeper
            // (offsets, then rows and the customer's fields, then the referees').
            if scattered && i + 24 < count { outOff.prefetch(Int(order[i + 24])) }
            if scattered && i + 12 < count {
                let w = Int(order[i + 12])
                outTo.prefetch(outOff[w])
                nodes.prefetch(w); downline.prefetch(w); tainted.prefetch(w)
            }
            // Referees are anywhere, whatever the order.
            if i + 6 < count {
                let w = Int(order[i + 6])
                for e in outOff[w] ..< min(outOff[w + 1], outOff[w] + 8) {
                    let c = Int(outTo[e])
                    nodes.prefetch(c)
                }
            }
            // A referee's stored set lies anywhere in the arena: two customers ahead,
            // start reading its first intervals. A referee whose turn has not come yet
            // shows a `state` that is no count; the bound keeps the guess in range,
            // and a wrong guess only fetches a line for nothing.
            if i + 2 < count {
                let w = Int(order[i + 2])
                for e in outOff[w] ..< min(outOff[w + 1], outOff[w] + 8) {
                    let referee = nodes[Int(outTo[e])]
                    if referee.state & ~taintedBit != 0, case let k = Int(referee.size), k < listStarts.count {
                        arena.withUnsafeBufferPointer { $0.prefetch(listStarts[k]) }
                    }
                }
            }
            let u = Int(order[i])
            // About half the customers of a referral forest refer no one: each set is
            // the customer's own one-customer subtree.
            if outOff[u] == outOff[u + 1] {
                nodes[u].state = tainted[u] ? taintedBit : 0
                continue
            }
            let me = nodes[u]
            let ownStart = UInt64(me.pre), ownEnd = UInt64(me.pre + me.size)
            let own = ownStart << 32 | ownEnd
            // Only referees with intervals outside u's subtree change the set. A tree
            // child whose set is one interval is not one of them: an interval running
            // past u's subtree would hold the customer just after it in preorder, a
            // later sibling of an ancestor (peeled after that ancestor, so not below
            // the child) or a root (below no one), and the child reaches neither.
            // The same pass settles whether u is tainted; a referee on two rows
            // only sets the same flags twice.
            var foreign = false, taintedReferee = false
            for e in outOff[u] ..< outOff[u + 1] {
                let t = outTimes?[e] ?? ReferralEdges.noTime
                guard t >= lower && t <= upper else { continue }
                let referee = nodes[Int(outTo[e])]
                if referee.state & taintedBit != 0 { taintedReferee = true }
                if referee.parent != UInt32(u) || referee.state & ~taintedBit > 1 { foreign = true }
            }
            if taintedReferee { tainted[u] = true }
            let flag = tainted[u] ? taintedBit : 0
            if !foreign {
                downline[u] = me.size - 1
                nodes[u].state = flag
                continue
            }
            scratch.removeAll(keepingCapacity: true)
            scratch.append(own)
            // A referee on two rows adds its intervals twice; the merge below absorbs that.
            for e in outOff[u] ..< outOff[u + 1] {
                let t = outTimes?[e] ?? ReferralEdges.noTime
                guard t >= lower && t <= upper else { continue }
                let c = Int(outTo[e])
                let referee = nodes[c]
                let stored = Int(referee.state & ~taintedBit)
                // Intervals inside u's own subtree add nothing; near the roots they
                // are most of what the referees hold.
                if stored == 0 {
                    let start = UInt64(referee.pre), end = UInt64(referee.pre + referee.size)
                    if start < ownStart || end > ownEnd { scratch.append(start << 32 | end) }
                    continue
                }
                let s = listStarts[Int(referee.size)]
                for k in s ..< s + stored {
                    let interval = arena[k]
                    if interval >> 32 < ownStart || interval & 0xFFFF_FFFF > ownEnd { scratch.append(interval) }
                }
            }
            scratch.sort()
            // The merge stores at most as many intervals as it reads.
            if arenaCount + scratch.count > arena.count {
                Self.grow(&arena, keeping: arenaCount, toHold: arenaCount + scratch.count)
            }
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
            // Stored intervals are disjoint and never adjacent, so there are at most
            // (n + 1) / 2 ≤ 2³¹ of them and the count leaves the tainted bit free.
            nodes[u].state = added | flag
            // u's size is read from now on only while its stored count is 0.
            nodes[u].size = UInt32(truncatingIfNeeded: listStarts.count)
            listStarts.append(arenaCount - Int(added))
            downline[u] = UInt32(truncatingIfNeeded: total - 1)
        }
    }

    /// What the passes keep per customer, in one 16-byte record, so that a customer
    /// met at random costs one cache line rather than one per field.
    struct Node: BitwiseCopyable {
        /// Tree parent, or `UInt32.max` for a root.
        var parent: UInt32
        /// Preorder number.
        var pre: UInt32
        /// Subtree size; in pass 3, once the customer has stored its set, the index of
        /// that set in `listStarts` (fewer stored sets than customers, so it fits).
        var size: UInt32
        /// Pass 2: the end of what the customer's children have not yet taken. Pass 3,
        /// from the customer's turn on: its number of stored intervals (0 when its set is
        /// its own subtree), plus `taintedBit` when it is tainted.
        var state: UInt32

        static let taintedBit: UInt32 = 1 << 31
        /// Before pass 1: no parent, nothing counted.
        static let unset = Node(parent: UInt32.max, pre: 0, size: 0, state: 0)
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
