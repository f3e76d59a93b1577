/// How much the k-hop audiences of a list of seeds overlap: each seed's own
/// reach, its marginal reach given the others, and, for every pair, the shared
/// audience and its Jaccard index, so planners can drop advocates whose audiences
/// duplicate each other.
///
/// The audience `A(s)` of a seed is the set of customers within `depth` hops of
/// `s`, other than `s` and the excluded. With `S` the seed list and
/// `R(S) = ⋃ A(s) \ S` its reach:
/// - own reach of `s` is `|A(s)|`;
/// - marginal reach of `s` is `|R(S)| − |R(S \ {s})|` (it is −1 when `s` only
///   brings itself, because a seed is not counted as reached);
/// - shared audience of `a, b` is `|A(a) ∩ A(b)|`, Jaccard is that over `|A(a) ∪ A(b)|` (0 when both are empty).
///
/// ```swift
/// let overlap = AudienceOverlap(depth: .hops(1)).run(on: graph, seeds: [3, 9, 12])
/// overlap.shared(0, 1)   // customers who follow both 3 and 9
/// ```
public struct AudienceOverlap: Sendable {
    /// How many hops a post travels. Default: 1.
    public var depth: ReachDepth
    /// Worker threads. Default: all cores. Does not change results.
    public var threads: Int

    public init(depth: ReachDepth = .hops(1), threads: Int = Threads.available) {
        self.depth = depth
        self.threads = threads
    }

    /// Computes every seed's audience and the overlaps.
    ///
    /// - Parameters:
    ///   - graph: the customer graph.
    ///   - seeds: customer indices; repeats are ignored.
    ///   - excluded: customers never counted as reached, or `nil`.
    /// - Complexity: O(Σ|A(s)| + their edges) for the audiences, O(k² · V/64) for the
    ///   pairs; O(k · V/8) memory for k seeds.
    public func run(on graph: CustomerGraph, seeds: [Int], excluding excluded: Bitmap? = nil) -> OverlapResult {
        let seeds = SeedList.distinct(seeds, count: graph.customerCount)
        let n = graph.customerCount
        let k = seeds.count
        let words = (n + 63) >> 6
        let threads = Threads.resolve(self.threads)
        let hops = depth.limit
        var audiences = [UInt64](repeating: 0, count: k * words)
        let followers = graph.follows.followers
        let workers = ParallelFor.workerCount(chunks: k, threads: threads)
        var searches = (0..<workers).map { _ in AudienceSearch(count: n) }
        let noExclusions = [UInt64](repeating: 0, count: words)
        let ex = excluded?.words ?? noExclusions
        Self.withUnsafeHandle(audiences: &audiences, words: words, excluded: ex) { handle in
            ParallelFor.run(chunks: k, threads: threads, scratch: &searches) { i, search in
                let found = search.search(from: seeds[i], maximumHops: hops, followers: followers)
                handle.store(search.queue[1 ..< max(1, found)], inRow: i)
            }
        }
        // Customers in at least one audience, and in at least two.
        var once = [UInt64](repeating: 0, count: words)
        var twice = [UInt64](repeating: 0, count: words)
        for i in 0..<k {
            for w in 0..<words {
                let a = audiences[i * words + w]
                twice[w] |= once[w] & a
                once[w] |= a
            }
        }
        let seedBits = Bitmap(count: n, members: seeds)
        var own = [Int](repeating: 0, count: k)
        var marginal = [Int](repeating: 0, count: k)
        var total = 0
        for w in 0..<words { total += (once[w] & ~seedBits.words[w]).nonzeroBitCount }
        for i in 0..<k {
            var mine = 0, only = 0
            for w in 0..<words {
                let a = audiences[i * words + w]
                mine += a.nonzeroBitCount
                only += (a & ~twice[w] & ~seedBits.words[w]).nonzeroBitCount
            }
            let s = seeds[i]
            let seedReachedByOthers = once[s >> 6] & (1 << UInt64(s & 63)) != 0 && ex[s >> 6] & (1 << UInt64(s & 63)) == 0
            own[i] = mine
            marginal[i] = only - (seedReachedByOthers ? 1 : 0)
        }
        var sharedCounts = [Int](repeating: 0, count: k * k)
        let rows = Self.withUnsafeHandle(audiences: &audiences, words: words, excluded: ex) { handle in
            ParallelFor.map(chunks: k, threads: threads) { i in (i..<k).map { j in handle.shared(i, j) } }
        }
        for i in 0..<k { for j in i..<k { sharedCounts[i * k + j] = rows[i][j - i] } }
        for i in 0..<k { for j in 0..<i { sharedCounts[i * k + j] = sharedCounts[j * k + i] } }
        return OverlapResult(seeds: seeds, ownReach: own, marginalReach: marginal, totalReach: total, sharedCounts: sharedCounts)
    }
}

/// What `AudienceOverlap` found; seed positions index `seeds`.
public struct OverlapResult: Sendable, Equatable {
    /// The distinct seeds, in the order first given.
    public let seeds: [Int]
    /// `|A(s)|` per seed.
    public let ownReach: [Int]
    /// `|R(S)| − |R(S \ {s})|` per seed.
    public let marginalReach: [Int]
    /// `|R(S)|`: the reach of all seeds together.
    public let totalReach: Int
    /// `k × k` row-major shared audience sizes; the diagonal is `ownReach`.
    public let sharedCounts: [Int]

    /// The customers in the audiences of both seed `i` and seed `j`. - Complexity: O(1).
    public func shared(_ i: Int, _ j: Int) -> Int { sharedCounts[i * seeds.count + j] }

    /// `|A(i) ∩ A(j)| / |A(i) ∪ A(j)|`, or 0 when both audiences are empty. - Complexity: O(1).
    public func jaccard(_ i: Int, _ j: Int) -> Double {
        let both = shared(i, j)
        let union = ownReach[i] + ownReach[j] - both
        return union == 0 ? 0 : Double(both) / Double(union)
    }
}
