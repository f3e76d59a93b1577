/// How far a post travels in the k-hop model.
public enum ReachDepth: Sendable, Equatable, Hashable {
    /// Followers of the seeds (hop 1), their followers (hop 2), … up to this many hops
    /// (at least 1; values below 1 mean 1). A limit past the graph's depth costs
    /// nothing: the search ends at the first hop that finds no one.
    case hops(Int)
    /// Every customer connected to a seed by any chain of follows.
    case unlimited

    /// The largest hop limit that can matter: no chain of follows is longer than the
    /// most customers a graph holds (2³² − 2). The CLI's `--hops` accepts 1 up to it.
    public static let maximumHops = CustomerTable.capacityLimit

    /// The hop limit, `Int.max` for `.unlimited`.
    @inlinable
    var limit: Int {
        switch self {
        case .hops(let k): return max(1, k)
        case .unlimited: return Int.max
        }
    }
}

/// Which way a breadth-first level is expanded.
public enum TraversalDirection: Sendable, Equatable, Hashable {
    /// Beamer's direction-optimizing rule: push from the frontier while it is small,
    /// pull into the unreached customers once the frontier's edges outnumber a
    /// fifteenth of the edges still unexplored, and back when it shrinks again.
    case automatic
    /// Always push from the frontier along follower lists (serial).
    case topDown
    /// Always pull: every unreached customer checks whether it follows someone in the
    /// frontier (parallel over fixed customer ranges).
    case bottomUp
}

/// Exact k-hop reach of a seed set: how many distinct customers, other than the
/// seeds, see a post by any seed within `depth` hops of re-sharing, with the count
/// first reached at each hop.
///
/// A post by customer S is seen by S's followers (hop 1), re-shared to their
/// followers (hop 2), and so on, so reach walks `graph.follows.followers`.
/// Excluded customers (for example, existing customers) still see and re-share
/// posts but are not counted.
///
/// ```swift
/// let result = KHopReach(depth: .hops(2)).run(on: graph, seeds: [0, 7])
/// result.hopCounts   // [first reached at hop 1, at hop 2]
/// result.reach       // their sum
/// ```
///
/// The traversal is a multi-source breadth-first search over bitmaps (one bit per
/// customer for "reached", and for the frontier when pulling), so it allocates
/// nothing per customer reached. Results never depend on `threads` or `direction`.
public struct KHopReach: Sendable {
    /// How many hops a post travels. Default: 2.
    public var depth: ReachDepth
    /// The expansion policy. Default: `.automatic`.
    public var direction: TraversalDirection
    /// Worker threads for pulling levels. Default: all cores. Does not change results.
    public var threads: Int

    /// - Parameters:
    ///   - depth: hops a post travels; default 2.
    ///   - direction: level expansion policy; default `.automatic`.
    ///   - threads: 0 (default) for all cores.
    public init(depth: ReachDepth = .hops(2), direction: TraversalDirection = .automatic, threads: Int = Threads.available) {
        self.depth = depth
        self.direction = direction
        self.threads = threads
    }

    /// Counts the customers reached from `seeds`.
    ///
    /// - Parameters:
    ///   - graph: the customer graph.
    ///   - seeds: customer indices; repeats are ignored.
    ///   - excluded: customers never counted as reached (they still relay), or `nil`.
    /// - Returns: per-hop counts, reach and spread.
    /// - Complexity: O(V/64 · L + E_visited) pushing, O(V + E) per pulled level,
    ///   for L levels; O(V/8) extra memory.
    public func run(on graph: CustomerGraph, seeds: [Int], excluding excluded: Bitmap? = nil) -> ReachResult {
        let seeds = SeedList.distinct(seeds, count: graph.customerCount)
        var engine = FrontierTraversal(graph: graph, threads: Threads.resolve(threads))
        let counts = engine.run(seeds: seeds, maximumHops: depth.limit, direction: direction, excluded: excluded)
        return ReachResult(seeds: seeds, hopCounts: counts)
    }
}

/// What `KHopReach` found.
public struct ReachResult: Sendable, Equatable {
    /// The distinct seeds, in the order first given.
    public let seeds: [Int]
    /// `hopCounts[h - 1]` customers were first reached at exactly hop `h`, for every
    /// hop up to the last that counted anyone (within the limit): a hop limit beyond
    /// the graph's depth adds no trailing zeros, so its length is at most the number
    /// of customers.
    public let hopCounts: [Int]

    public init(seeds: [Int], hopCounts: [Int]) {
        self.seeds = seeds
        self.hopCounts = hopCounts
    }

    /// Distinct customers reached, other than the seeds and the excluded.
    public var reach: Int { hopCounts.reduce(0, +) }
    /// `reach + seeds.count`: the spread σ(S) of the influence-maximization literature.
    public var spread: Int { reach + seeds.count }
}

/// Normalizing seed lists.
enum SeedList {
    /// The in-range members of `seeds` without repeats, in first-seen order.
    ///
    /// - Complexity: O(seeds) expected.
    static func distinct(_ seeds: [Int], count: Int) -> [Int] {
        var seen = Set<Int>()
        return seeds.filter { $0 >= 0 && $0 < count && seen.insert($0).inserted }
    }
}

/// The direction-optimizing multi-source BFS behind `KHopReach`: a visited bitmap,
/// a frontier kept either as a list (pushing) or as a bitmap (pulling).
struct FrontierTraversal {
    let graph: CustomerGraph
    let threads: Int
    /// Customer boundaries for pulling, multiples of 64 so chunks own whole bitmap words.
    let pullBounds: [Int]

    init(graph: CustomerGraph, threads: Int) {
        self.graph = graph
        self.threads = threads
        let n = graph.customerCount
        let parts = max(1, min(64, (n + graph.follows.count) / 32_768))
        var bounds = ParallelFor.edgeBalancedBoundaries(offsets: graph.follows.followees.offsets, parts: parts)
        for i in bounds.indices { bounds[i] = min(n, (bounds[i] + 63) & ~63) }
        bounds[bounds.count - 1] = n
        pullBounds = bounds
    }

    /// Returns the per-hop counts of newly reached, non-excluded customers.
    mutating func run(seeds: [Int], maximumHops: Int, direction: TraversalDirection, excluded: Bitmap?) -> [Int] {
        let n = graph.customerCount
        let words = (n + 63) >> 6
        var visited = [UInt64](repeating: 0, count: words)
        var frontierBits = [UInt64](repeating: 0, count: words)
        var nextBits = [UInt64](repeating: 0, count: words)
        var frontier = uninitializedArray(UInt32.self, count: max(n, 1))
        var next = uninitializedArray(UInt32.self, count: max(n, 1))
        var counts: [Int] = []
        let noExclusions = [UInt64](repeating: 0, count: words)
        let excludedWords = excluded?.words ?? noExclusions
        let followers = graph.follows.followers, followees = graph.follows.followees

        for s in seeds { visited[s >> 6] |= 1 << UInt64(s & 63) }
        for (i, s) in seeds.enumerated() { frontier[i] = UInt32(s) }
        var frontierCount = seeds.count
        var frontierIsList = true
        var edgesToCheck = followers.edgeCount
        var scout = 0
        for s in seeds { scout += followers.degree(of: s) }
        var hop = 0

        followers.offsets.withUnsafeBufferPointer { fo in
        followers.targets.withUnsafeBufferPointer { ft in
        followees.offsets.withUnsafeBufferPointer { eo in
        followees.targets.withUnsafeBufferPointer { et in
        excludedWords.withUnsafeBufferPointer { ex in
        visited.withUnsafeMutableBufferPointer { vis in
        frontierBits.withUnsafeMutableBufferPointer { fb in
        nextBits.withUnsafeMutableBufferPointer { nb in
        frontier.withUnsafeMutableBufferPointer { fl in
        next.withUnsafeMutableBufferPointer { nl in
            var fb = fb, nb = nb, fl = fl, nl = nl
            while frontierCount > 0 && hop < maximumHops {
                hop += 1
                let last = hop == maximumHops
                let pull: Bool
                switch direction {
                case .topDown: pull = false
                case .bottomUp: pull = true
                case .automatic:
                    if frontierIsList {
                        // A last level builds no next frontier, so pulling pays only
                        // when the frontier's edges are a good share of those left.
                        pull = scout > edgesToCheck / (last ? 4 : 15)
                    } else {
                        pull = frontierCount >= n / 18
                    }
                }
                if pull {
                    if frontierIsList {
                        Self.clear(fb)
                        for i in 0..<frontierCount { let v = Int(fl[i]); fb[v >> 6] |= 1 << UInt64(v & 63) }
                        frontierIsList = false
                    }
                    let (found, counted) = pullLevel(eo: eo, et: et, ex: ex, vis: vis, fb: UnsafeBufferPointer(fb), nb: nb, last: last)
                    counts.append(counted)
                    frontierCount = found
                    swap(&fb, &nb)
                    scout = 0
                } else {
                    if !frontierIsList {
                        frontierCount = Self.listMembers(UnsafeBufferPointer(fb), into: fl)
                        frontierIsList = true
                    }
                    var found = 0, counted = 0
                    scout = 0
                    for i in 0..<frontierCount {
                        let u = Int(fl[i])
                        for e in fo[u] ..< fo[u + 1] {
                            let v = Int(ft[e])
                            let bit: UInt64 = 1 << UInt64(v & 63)
                            if vis[v >> 6] & bit == 0 {
                                vis[v >> 6] |= bit
                                if ex[v >> 6] & bit == 0 { counted += 1 }
                                nl[found] = UInt32(truncatingIfNeeded: v)
                                found += 1
                                scout += fo[v + 1] - fo[v]
                            }
                        }
                    }
                    edgesToCheck -= scout
                    counts.append(counted)
                    frontierCount = found
                    swap(&fl, &nl)
                }
            }
        }}}}}}}}}}
        while counts.last == 0 { counts.removeLast() }
        return counts
    }

    /// One pulled level: every unvisited customer that follows a frontier member is
    /// reached. Returns how many were reached and how many of those count.
    func pullLevel(eo: UnsafeBufferPointer<Int>, et: UnsafeBufferPointer<UInt32>, ex: UnsafeBufferPointer<UInt64>,
                   vis: UnsafeMutableBufferPointer<UInt64>, fb: UnsafeBufferPointer<UInt64>,
                   nb: UnsafeMutableBufferPointer<UInt64>, last: Bool) -> (Int, Int)
    {
        let bounds = pullBounds
        let chunks = bounds.count - 1
        var found = [Int](repeating: 0, count: chunks)
        var counted = [Int](repeating: 0, count: chunks)
        found.withUnsafeMutableBufferPointer { fd in
        counted.withUnsafeMutableBufferPointer { ct in
            let shared = UncheckedSendable((vis, nb, fd, ct))
            ParallelFor.run(chunks: chunks, threads: threads) { c in
                let (vis, nb, fd, ct) = shared.value
                let lo = bounds[c], hi = bounds[c + 1]
                var f = 0, k = 0
                var w = lo >> 6
                let wEnd = (hi + 63) >> 6
                while w < wEnd {
                    var unvisited = ~vis[w]
                    let base = w << 6
                    if base + 64 > hi { unvisited &= (hi - base) >= 64 ? ~0 : (1 << UInt64(hi - base)) &- 1 }
                    var reached: UInt64 = 0
                    while unvisited != 0 {
                        let bitIndex = unvisited.trailingZeroBitCount
                        unvisited &= unvisited &- 1
                        let v = base + bitIndex
                        for e in eo[v] ..< eo[v + 1] {
                            let u = Int(et[e])
                            if fb[u >> 6] & (1 << UInt64(u & 63)) != 0 {
                                reached |= 1 << UInt64(bitIndex)
                                break
                            }
                        }
                    }
                    vis[w] |= reached
                    if !last { nb[w] = reached }
                    f += reached.nonzeroBitCount
                    k += (reached & ~ex[w]).nonzeroBitCount
                    w += 1
                }
                fd[c] = f
                ct[c] = k
            }
        }}
        return (found.reduce(0, +), counted.reduce(0, +))
    }

    static func clear(_ words: UnsafeMutableBufferPointer<UInt64>) {
        guard let base = words.baseAddress else { return }
        base.update(repeating: 0, count: words.count)
    }

    /// Writes the members of `bits` ascending into `list`; returns how many.
    static func listMembers(_ bits: UnsafeBufferPointer<UInt64>, into list: UnsafeMutableBufferPointer<UInt32>) -> Int {
        var count = 0
        for w in 0..<bits.count {
            var word = bits[w]
            while word != 0 {
                list[count] = UInt32(truncatingIfNeeded: w << 6 | word.trailingZeroBitCount)
                count += 1
                word &= word &- 1
            }
        }
        return count
    }
}
