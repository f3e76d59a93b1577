/// One step of a referral chain: a customer and the row that links it to its referrer.
public struct ChainLink: Sendable, Equatable {
    /// The customer at this step.
    public var customer: Int
    /// Its primary credit parent (the previous step), or `nil` for the chain's root.
    public var referrer: Int?
    /// The time of the linking row (`ReferralEdges.noTime` for the root or an untimed row).
    public var time: Int64
    /// The customer's conversion value under the touch rule (0 for the root).
    public var value: Double
}

/// The primary-parent forest: every customer's chain upward through primary credit
/// parents (see `CreditParents`), with its depth and root.
///
/// Walking up from a customer stops at a customer with no referrer in the window, or
/// just before the walk would revisit a customer already on it. So on a ring
/// `A → B → C → A` (A referred B, …, C referred A) the walk from A goes A, C, B and
/// stops at B: A has depth 2 and root B.
///
/// ```swift
/// let forest = ReferralChains().run(on: graph)
/// for link in forest.chain(to: graph.customers.index(of: "C-000010")!) { … }
/// ```
public struct ReferralChains: Sendable {
    /// Which row links a referee to its primary parent (default `.first`).
    public var touch: TouchRule
    /// The referral rows considered (default: all).
    public var window: ReferralWindow

    /// A configuration; every parameter has the documented default.
    public init(touch: TouchRule = .first, window: ReferralWindow = .all) {
        self.touch = touch
        self.window = window
    }

    /// Builds the forest.
    ///
    /// - Complexity: O(V + E) time and memory, iterative (no recursion, any depth).
    public func run(on graph: CustomerGraph) -> ReferralForest {
        ReferralForest(CreditParents(graph: graph, touch: touch, window: window))
    }
}

/// Depths, roots and chains of the primary-parent forest; made by `ReferralChains`.
public struct ReferralForest: Sendable, Equatable {
    /// The credit parents the forest follows.
    public let credit: CreditParents
    /// Hops from each customer to its root (0 for a customer with no referrer).
    public let depth: [UInt32]
    /// The customer where each customer's upward walk stops.
    public let root: [UInt32]
    /// A label shared by exactly the customers of one connected tree: its root, or for a
    /// tree hanging off a ring, the ring's member with the smallest index.
    public let component: [UInt32]
    /// Whether each customer lies on a ring of primary parents.
    public let onRing: [Bool]

    /// Computes depths and roots with one upward walk per unfinished customer: each
    /// customer is walked once, then finished from its parent's answer.
    ///
    /// - Complexity: O(V) time and memory.
    public init(_ credit: CreditParents) {
        self.credit = credit
        let n = credit.customerCount
        var depth = filledArray(UInt32(0), count: n)
        var root = filledArray(UInt32(0), count: n)
        var component = filledArray(UInt32(0), count: n)
        var onRing = filledArray(Bool(false), count: n)
        // 0 = not visited, 1 = on the current walk, 2 = finished.
        var state = filledArray(UInt8(0), count: n)
        // The current walk; a walk never holds a customer twice, so n slots suffice.
        // Left uninitialized: walks are short, and untouched pages cost nothing.
        var path = uninitializedArray(UInt32.self, count: n)
        credit.primary.withUnsafeBufferPointer { up in
        depth.withUnsafeMutableBufferPointer { depth in
        root.withUnsafeMutableBufferPointer { root in
        component.withUnsafeMutableBufferPointer { component in
        onRing.withUnsafeMutableBufferPointer { onRing in
        state.withUnsafeMutableBufferPointer { state in
        path.withUnsafeMutableBufferPointer { path in
            for start in 0..<n {
                // Parents are scattered over the customers: prefetch what finishing a
                // customer a few places ahead will read of its parent.
                if start + 16 < n, case let p = Int(up[start + 16]), p != Int(CreditParents.none) {
                    state.prefetch(p); depth.prefetch(p); root.prefetch(p); component.prefetch(p)
                }
                if state[start] != 0 { continue }
                var length = 0
                var x = UInt32(start)
                while x != CreditParents.none && state[Int(x)] == 0 {
                    state[Int(x)] = 1
                    path[length] = x
                    length += 1
                    x = up[Int(x)]
                }
                var tail = length
                if x == CreditParents.none {
                    // The last node walked is a root.
                    let top = Int(path[tail - 1])
                    depth[top] = 0
                    root[top] = UInt32(top)
                    component[top] = UInt32(top)
                    state[top] = 2
                    tail -= 1
                } else if state[Int(x)] == 1 {
                    // The walk closed a ring: path[j...] with up[path.last] == path[j].
                    var j = tail - 1
                    while path[j] != x { j -= 1 }
                    let ringLength = UInt32(tail - j)
                    var label = x
                    for i in j ..< tail { label = min(label, path[i]) }
                    for i in j ..< tail {
                        let c = Int(path[i])
                        depth[c] = ringLength - 1
                        // The walk from c stops at the ring member whose parent is c.
                        root[c] = i == j ? path[tail - 1] : path[i - 1]
                        component[c] = label
                        onRing[c] = true
                        state[c] = 2
                    }
                    tail = j
                }
                // Finish the rest of the walk from the top down; each node's parent is done.
                var i = tail - 1
                while i >= 0 {
                    let c = Int(path[i]), p = Int(up[c])
                    depth[c] = depth[p] + 1
                    root[c] = root[p]
                    component[c] = component[p]
                    state[c] = 2
                    i -= 1
                }
            }
        }}}}}}}
        self.depth = depth
        self.root = root
        self.component = component
        self.onRing = onRing
    }

    /// `ReferralForest(credit).onRing` alone: what attribution reads of the forest,
    /// found without writing depths, roots and components (three 4-byte arrays of
    /// fresh pages per customer, which cost more than the walk).
    ///
    /// First, in parallel, every customer with a parent walks up at most `reach`
    /// steps: back at itself it is on a ring, at a root it is not. Referral chains
    /// are short, so that settles nearly everyone. The rest (members of longer
    /// rings, customers deep in long chains or below a ring) take the serial walk:
    /// each unfinished customer's walk marks the customers it passes until it meets a
    /// root or a finished customer; meeting one of its own marks closes a ring, which
    /// is walked round once. A second walk from the start finishes what the first marked.
    ///
    /// - Complexity: O(V · reach) time, parallel, then O(V) for the unsettled; one
    ///   byte of scratch per customer when any are unsettled.
    static func ringMembers(of credit: CreditParents, threads: Int = 1, minimumPerChunk: Int = 1 << 16) -> [Bool] {
        let n = credit.customerCount
        let none = CreditParents.none
        let reach = 32
        var onRing = filledArray(Bool(false), count: n, threads: threads)
        let bounds = ParallelFor.evenBoundaries(count: n, parts: ParallelFor.chunkCount(forWork: n, minimumPerChunk: minimumPerChunk))
        let unsettled = credit.primary.withUnsafeBufferPointer { up in
        onRing.withUnsafeMutableBufferPointer { onRing in
            ParallelFor.map(chunks: bounds.count - 1, threads: threads) { chunk -> [UInt32] in
                var left: [UInt32] = []
                for start in bounds[chunk] ..< bounds[chunk + 1] {
                    var x = up[start], steps = 1
                    guard x != none else { continue }
                    while x != none && Int(x) != start && steps < reach { x = up[Int(x)]; steps += 1 }
                    if Int(x) == start { onRing[start] = true } else if x != none { left.append(UInt32(start)) }
                }
                return left
            }
        }}
        guard unsettled.contains(where: { !$0.isEmpty }) else { return onRing }
        // 0 = not visited, 1 = on the current walk, 2 = finished.
        var state = filledArray(UInt8(0), count: n)
        credit.primary.withUnsafeBufferPointer { up in
        onRing.withUnsafeMutableBufferPointer { onRing in
        state.withUnsafeMutableBufferPointer { state in
            for start in unsettled.joined().lazy.map(Int.init) where state[start] == 0 {
                var x = UInt32(start)
                while x != none && state[Int(x)] == 0 {
                    state[Int(x)] = 1
                    x = up[Int(x)]
                }
                if x != none && state[Int(x)] == 1 {
                    let entry = x
                    repeat {
                        onRing[Int(x)] = true
                        state[Int(x)] = 2
                        x = up[Int(x)]
                    } while x != entry
                }
                x = UInt32(start)
                while x != none && state[Int(x)] == 1 {
                    state[Int(x)] = 2
                    x = up[Int(x)]
                }
            }
        }}}
        return onRing
    }

    /// The chain from `customer`'s root down to `customer`, root first.
    ///
    /// - Complexity: O(depth of `customer`).
    public func chain(to customer: Int) -> [ChainLink] {
        var links: [ChainLink] = []
        var x = customer
        for _ in 0 ... Int(depth[customer]) {
            let p = credit.primary[x]
            let isTop = links.count == Int(depth[customer])
            links.append(ChainLink(customer: x, referrer: isTop || p == CreditParents.none ? nil : Int(p),
                                   time: isTop ? ReferralEdges.noTime : credit.primaryTime(of: x),
                                   value: isTop ? 0 : credit.value[x]))
            if isTop { break }
            x = Int(p)
        }
        return links.reversed()
    }
}
