/// Referral cascades: the trees of the primary-parent forest (see `ReferralChains`),
/// with their sizes and depths.
///
/// A cascade is a connected tree of two or more customers joined by primary parents: a
/// root and everyone whose chain ends there (a tree hanging off a ring is one cascade).
///
/// ```swift
/// let report = ReferralCascades().run(on: graph)
/// print(report.cascades.first?.size ?? 0, report.depthDistribution)
/// ```
public struct ReferralCascades: Sendable {
    /// Which row links a referee to its primary parent (default `.first`).
    public var touch: TouchRule
    /// The referral rows considered (default: all).
    public var window: ReferralWindow

    /// A configuration; every parameter has the documented default.
    public init(touch: TouchRule = .first, window: ReferralWindow = .all) {
        self.touch = touch
        self.window = window
    }

    /// Finds every cascade.
    ///
    /// - Complexity: O(V + E + C log C) for C cascades.
    public func run(on graph: CustomerGraph) -> CascadeReport {
        CascadeReport(ReferralForest(CreditParents(graph: graph, touch: touch, window: window)))
    }
}

/// One referral tree.
public struct Cascade: Sendable, Equatable {
    /// The tree's label customer: its root, or the smallest-index member of its ring.
    public var root: Int
    /// Customers in the tree, root included (at least 2).
    public var size: Int
    /// The largest depth of a member.
    public var depth: Int
    /// The conversion values of its members, summed.
    public var value: Double
    /// Whether the tree contains a ring of primary parents.
    public var hasRing: Bool
}

/// How many cascades fall in a range of sizes or at a depth.
public struct CascadeBucket: Sendable, Equatable {
    /// The range of sizes (or the depth, twice) this bucket counts.
    public var lower: Int
    /// The upper end of the range, inclusive.
    public var upper: Int
    /// Cascades in the range, and the customers in them.
    public var cascades: Int
    /// Customers in those cascades.
    public var customers: Int
}

/// Every cascade, with the size and depth distributions.
public struct CascadeReport: Sendable, Equatable {
    /// Cascades by size, descending; ties by depth, descending, then by root.
    public let cascades: [Cascade]
    /// Cascades by size: 2, 3–4, 5–8, 9–16, … (empty buckets left out).
    public let sizeDistribution: [CascadeBucket]
    /// Cascades by depth: 1, 2, 3, … (empty depths left out).
    public let depthDistribution: [CascadeBucket]

    /// Groups the forest's customers by tree.
    ///
    /// - Complexity: O(V + C log C).
    public init(_ forest: ReferralForest) {
        let n = forest.depth.count
        var size = filledArray(UInt32(0), count: n)
        var deepest = filledArray(UInt32(0), count: n)
        var value = filledArray(Double(0), count: n)
        var ring = filledArray(Bool(false), count: n)
        for v in 0..<n {
            let c = Int(forest.component[v])
            size[c] += 1
            deepest[c] = max(deepest[c], forest.depth[v])
            value[c] += forest.credit.value[v]
            if forest.onRing[v] { ring[c] = true }
        }
        var list: [Cascade] = []
        for c in 0..<n where size[c] >= 2 {
            list.append(Cascade(root: c, size: Int(size[c]), depth: Int(deepest[c]), value: value[c], hasRing: ring[c]))
        }
        list.sort { a, b in
            a.size != b.size ? a.size > b.size : a.depth != b.depth ? a.depth > b.depth : a.root < b.root
        }
        cascades = list
        var bySize: [CascadeBucket] = [], byDepth: [CascadeBucket] = []
        for cascade in list {
            var upper = 2
            while upper < cascade.size { upper *= 2 }
            let lower = upper == 2 ? 2 : upper / 2 + 1
            Self.add(cascade, lower: lower, upper: upper, to: &bySize)
            Self.add(cascade, lower: cascade.depth, upper: cascade.depth, to: &byDepth)
        }
        sizeDistribution = bySize.sorted { $0.lower < $1.lower }
        depthDistribution = byDepth.sorted { $0.lower < $1.lower }
    }

    static func add(_ cascade: Cascade, lower: Int, upper: Int, to buckets: inout [CascadeBucket]) {
        if let i = buckets.firstIndex(where: { $0.lower == lower }) {
            buckets[i].cascades += 1
            buckets[i].customers += cascade.size
        } else {
            buckets.append(CascadeBucket(lower: lower, upper: upper, cascades: 1, customers: cascade.size))
        }
    }

    /// Customers that belong to some cascade.
    public var customersInCascades: Int { cascades.reduce(0) { $0 + $1.size } }
}
