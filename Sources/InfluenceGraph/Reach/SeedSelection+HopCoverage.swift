/// Exact k-hop coverage: σ(S) = |(S ∪ audiences) \ excluded| + |S ∩ excluded|.
struct HopCoverage: CoverageOracle {
    let followers: CSR
    let hops: Int
    let excluded: Bitmap?
    var covered: Bitmap
    var search: AudienceSearch
    var lastSearched = -1
    var lastFound = 0

    init(graph: CustomerGraph, hops: Int, excluded: Bitmap?) {
        followers = graph.follows.followers
        self.hops = hops
        self.excluded = excluded
        covered = Bitmap(count: graph.customerCount)
        search = AudienceSearch(count: graph.customerCount)
    }

    /// Upper bounds on the gain of each candidate against no picks: exact for one
    /// hop, the two-hop edge count for two, everyone beyond.
    static func upperBounds(graph: CustomerGraph, candidates: [Int], hops: Int) -> [Double] {
        let f = graph.follows.followers
        let n = Double(graph.customerCount)
        return candidates.map { c in
            if hops == 1 { return Double(1 + f.degree(of: c)) }
            if hops == 2 {
                var total = 1 + f.degree(of: c)
                for e in f.edgeRange(of: c) { total += f.degree(of: Int(f.targets[e])) }
                return min(n, Double(total))
            }
            return n
        }
    }

    mutating func gain(of candidate: Int) -> Double {
        lastFound = search.search(from: candidate, maximumHops: hops, followers: followers)
        lastSearched = candidate
        var g = 0
        let excluded = self.excluded
        search.queue.withUnsafeBufferPointer { q in
            covered.storage.withUnsafeBufferPointer { cov in
                for i in 0..<lastFound {
                    let v = Int(q[i])
                    let bit: UInt64 = 1 << UInt64(v & 63)
                    if cov[v >> 6] & bit == 0 && !(excluded?.contains(v) ?? false) { g += 1 }
                }
            }
        }
        return Double(g + (excluded?.contains(candidate) ?? false ? 1 : 0))
    }

    mutating func commit(_ candidate: Int) -> Double {
        let g = gain(of: candidate)
        let found = lastFound
        search.queue.withUnsafeBufferPointer { q in
            covered.storage.withUnsafeMutableBufferPointer { cov in
                for i in 0..<found {
                    let v = Int(q[i])
                    cov[v >> 6] |= 1 << UInt64(v & 63)
                }
            }
        }
        return g
    }
}
