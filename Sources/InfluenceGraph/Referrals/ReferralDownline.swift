/// Direct referrals and downlines over the referral rows in a window.
///
/// - `directReferrals[u]`: distinct referees on `u`'s rows in the window.
/// - `downline[u]`: distinct customers reachable downward from `u` through rows in the
///   window, `u` itself excluded (so a ring member's downline counts the rest of the ring).
///
/// Counting reachable sets is not linear-time in general, so the work is split, referees
/// before referrers. Customers with no ring below them (found by peeling) are counted
/// as unions of preorder intervals of a spanning forest (`AcyclicDownlines`): linear
/// for forests, and a row joining two branches costs an interval on the path above it.
/// Customers on or above rings are settled in Tarjan's order: a customer is **tainted**
/// when it, or someone below it, has several referrers or lies on a ring; otherwise what
/// hangs below it is a tree that can be entered only through it. A customer with at most
/// one tainted referee has disjoint referee subtrees, so its downline is the sum over its
/// referees of `1 + downline`. A customer with two or more tainted referees, or a ring
/// (counted once for all its members), is counted by a breadth-first walk, which adds
/// untainted subtrees whole instead of entering them.
struct ReferralDownline: Sendable, Equatable {
    /// Distinct referees per customer.
    let directReferrals: [UInt32]
    /// Distinct customers below each customer.
    let downline: [UInt32]
    /// Walks needed: customers on or above rings with two or more tainted referees, plus rings.
    let walks: Int

    /// Counts both figures for every customer of `graph`.
    ///
    /// - Complexity: O(V + E) plus the intervals of `AcyclicDownlines`, plus for each walk
    ///   the rows among tainted customers below its start. Iterative at any depth.
    init(graph: CustomerGraph, window: ReferralWindow) {
        let (downline, walks) = Self.downlines(graph: graph, window: window)
        self.init(directReferrals: Self.directReferrals(graph.referrals, window: window), downline: downline, walks: walks)
    }

    init(directReferrals: [UInt32], downline: [UInt32], walks: Int) {
        self.directReferrals = directReferrals
        self.downline = downline
        self.walks = walks
    }

    /// Downlines of every customer of `graph`, and the number of walks they took.
    static func downlines(graph: CustomerGraph, window: ReferralWindow) -> (downline: [UInt32], walks: Int) {
        let n = graph.customerCount
        let edges = graph.referrals
        // Every fresh page costs a fault and a clear, a large share of this pass: arrays
        // are allocated only where they are used (the walk's arrays only when there are
        // rings), and the peel counts in `downline`: each count ends at 0 for a peeled
        // customer, the value the interval pass leaves to one without referees, and the
        // ring pass sets every customer not peeled.
        let forward = Self.runsForward(edges, window: window)
        var downline = forward ? filledArray(UInt32(0), count: n) : uninitializedArray(UInt32.self, count: n)
        var tainted = filledArray(Bool(false), count: n)
        var order = uninitializedArray(UInt32.self, count: n)
        var nodes = filledArray(AcyclicDownlines.Node.unset, count: n)
        // One bit per peeled customer: the forest pass asks it once per row, and 1.2 MB
        // per 10M customers stays in cache where a 4-byte count does not.
        var acyclic = [UInt64](repeating: 0, count: (n + 63) >> 6)
        var walks = 0
        Self.withUnsafeHandle(edges: edges, window: window, downline: &downline, tainted: &tainted,
                              order: &order, nodes: &nodes, acyclic: &acyclic) { handle in
            let peeled = forward ? handle.peelForward() : handle.peel()
            // Whether the peel also set tree parents and sizes.
            let treeBuilt = !forward && peeled == n
            handle.markAcyclic(peeled)
            AcyclicDownlines.compute(handle, count: peeled, scattered: !forward, treeBuilt: treeBuilt)
            guard peeled < n else { return }
            // The rest lie on or above rings.
            walks = Self.settleRings(handle, edges: edges, window: window)
        }
        return (downline, walks)
    }

    /// Whether every row in the window runs from a lower customer index to a higher one
    /// (customers listed in signup order, as exports usually are). Then index order is
    /// already referees-last: everyone is peeled, in descending index order, and the
    /// passes read each customer's own data in order instead of at random.
    ///
    /// - Complexity: O(E).
    static func runsForward(_ edges: ReferralEdges, window: ReferralWindow) -> Bool {
        let lower = window.lower, upper = window.upper
        return edges.withUnsafeHandle(timesFor: window) { rows in
            let outOff = rows.refereeOffsets, outTo = rows.referees, outTimes = rows.refereeTimes
            for u in 0 ..< outOff.count - 1 {
                for e in outOff[u] ..< outOff[u + 1] where Int(outTo[e]) <= u {
                    let t = outTimes?[e] ?? ReferralEdges.noTime
                    if t >= lower && t <= upper { return false }
                }
            }
            return true
        }
    }

    /// Settles the customers on or above rings (those not in the acyclic part), component
    /// by component, referees first; returns the number of walks.
    static func settleRings(_ handle: UnsafeHandle, edges: ReferralEdges, window: ReferralWindow) -> Int {
        let downline = handle.downline, tainted = handle.tainted
        let n = downline.count
        let lower = window.lower, upper = window.upper
        let rows = handle.rows
        var walks = 0
        RingScratch.withRingScratch(count: n) { scratch in
            let childStamp = scratch.childStamp, visitStamp = scratch.visitStamp, queue = scratch.queue
            let outOff = rows.refereeOffsets, outTo = rows.referees, outTimes = rows.refereeTimes
            let inOff = rows.referrerOffsets, inFrom = rows.referrers, inTimes = rows.referrerTimes
            var walkToken: UInt32 = 0
            /// Distinct customers below `u` (excluding `u`), adding untainted subtrees whole.
            func walk(from u: Int) -> UInt32 {
                walks += 1
                walkToken += 1
                visitStamp[u] = walkToken
                var count: UInt32 = 0
                var head = 0, tail = 0
                queue[tail] = UInt32(u); tail += 1
                while head < tail {
                    let x = Int(queue[head]); head += 1
                    for e in outOff[x] ..< outOff[x + 1] {
                        let t = outTimes?[e] ?? ReferralEdges.noTime
                        guard t >= lower && t <= upper else { continue }
                        let y = Int(outTo[e])
                        if visitStamp[y] == walkToken { continue }
                        visitStamp[y] = walkToken
                        count &+= 1
                        if tainted[y] { queue[tail] = UInt32(y); tail += 1 } else { count &+= downline[y] }
                    }
                }
                return count
            }
            /// The number of distinct tainted referees, and the sum over distinct referees of 1 + downline.
            func scanReferees(_ u: Int) -> (taintedReferees: Int, sum: UInt32) {
                let token = UInt32(truncatingIfNeeded: u &+ 1)
                var sum: UInt32 = 0, taintedReferees = 0
                for e in outOff[u] ..< outOff[u + 1] {
                    let t = outTimes?[e] ?? ReferralEdges.noTime
                    guard t >= lower && t <= upper else { continue }
                    let c = Int(outTo[e])
                    if childStamp[c] == token { continue }
                    childStamp[c] = token
                    sum &+= 1 &+ downline[c]
                    if tainted[c] { taintedReferees += 1 }
                }
                return (taintedReferees, sum)
            }
            /// Whether `u` has two distinct referrers in the window.
            func severalReferrers(_ u: Int) -> Bool {
                var first = -1
                for e in inOff[u] ..< inOff[u + 1] {
                    let t = inTimes?[e] ?? ReferralEdges.noTime
                    guard t >= lower && t <= upper else { continue }
                    let p = Int(inFrom[e])
                    if first < 0 { first = p } else if p != first { return true }
                }
                return false
            }
            /// Settles a customer off rings whose referees are all settled.
            func settle(_ u: Int) {
                let (taintedReferees, sum) = scanReferees(u)
                tainted[u] = severalReferrers(u) || taintedReferees > 0
                downline[u] = taintedReferees >= 2 ? walk(from: u) : sum
            }

            let include = scratch.onOrAboveRing
            for u in 0..<n { include[u] = !handle.isAcyclic(u) }
            let components = ReferralComponents(edges: edges, window: window, include: UnsafeBufferPointer(include))
            for k in 0..<components.count {
                let range = components.starts[k] ..< components.starts[k + 1]
                if range.count == 1 { settle(Int(components.members[range.lowerBound])); continue }
                for i in range { tainted[Int(components.members[i])] = true }
                let size = walk(from: Int(components.members[range.lowerBound]))
                for i in range { downline[Int(components.members[i])] = size }
            }
        }
        return walks
    }
}
