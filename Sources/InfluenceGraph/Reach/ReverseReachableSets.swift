/// A collection of reverse-reachable (RR) sets under an independent cascade, stored
/// flat: the members of set `r` are `members[offsets[r] ..< offsets[r + 1]]`.
///
/// An RR set is everyone who would have reached a uniformly random root in one
/// random live-edge world: a reverse breadth-first search from the root along
/// followee lists in which each edge is live with its cascade probability. For a
/// seed set `S`, `counted · P(S meets a random RR set) = σ(S)` (Borgs et al. 2014).
///
/// Set `r` of a collection with salt `salt` draws from
/// `SplitMix64(seed: seed ^ salt, stream: r)`, so a collection depends only on the
/// seed, the salt and its size, never on threads or batching.
struct ReverseReachableSets {
    var offsets: [Int] = [0]
    var members: [UInt32] = []

    /// The most sets a collection holds: `RRCoverage` numbers them with 32-bit ids.
    static let maximumCount = Int(UInt32.max)

    var count: Int { offsets.count - 1 }

    /// The bytes the collection holds: an offset per set and a member per entry.
    var byteCount: Int { offsets.count * MemoryLayout<Int>.stride + members.count * MemoryLayout<UInt32>.stride }

    /// Samples sets until there are `target` of them, or until the collection holds
    /// `byteLimit` bytes (checked between batches of 32,768 sets, so it may end one
    /// batch over), or `countLimit` sets (never more than `maximumCount`). Returns
    /// whether the target was reached.
    ///
    /// - Complexity: O(Σ (set size + its followee edges)), less with skipping over
    ///   long lists of low-probability edges.
    @discardableResult
    mutating func grow(to target: Int, sampler: RRSampler, seed: UInt64, threads: Int, byteLimit: Int = .max,
                       countLimit: Int = maximumCount) -> Bool {
        let chunkSize = 512
        let reachable = min(target, countLimit, Self.maximumCount)
        while count < reachable {
            if byteCount >= byteLimit { return false }
            let start = count
            let batch = min(reachable - start, chunkSize * 64)
            let chunks = (batch + chunkSize - 1) / chunkSize
            let workers = ParallelFor.workerCount(chunks: chunks, threads: threads)
            var scratch = (0..<workers).map { _ in AudienceSearch(count: sampler.nodeCount) }
            var outputs = [[UInt32]](repeating: [], count: chunks)
            var sizes = [Int](repeating: 0, count: batch)
            outputs.withUnsafeMutableBufferPointer { out in
                sizes.withUnsafeMutableBufferPointer { sizes in
                    scratch.withUnsafeMutableBufferPointer { scratch in
                        let shared = UncheckedSendable((out, sizes, scratch))
                        ParallelFor.runWithWorker(chunks: chunks, threads: threads) { c, worker in
                            let (out, sizes, scratch) = shared.value
                            var buffer: [UInt32] = []
                            for i in c * chunkSize ..< min(batch, (c + 1) * chunkSize) {
                                var rng = SplitMix64(seed: seed, stream: UInt64(start + i))
                                let found = sampler.sample(&scratch[worker], rng: &rng)
                                scratch[worker].queue.withUnsafeBufferPointer { q in
                                    buffer.append(contentsOf: q[0..<found])
                                }
                                sizes[i] = found
                            }
                            out[c] = buffer
                        }
                    }
                }
            }
            for s in sizes { offsets.append(offsets[offsets.count - 1] + s) }
            for c in 0..<chunks {
                members.append(contentsOf: outputs[c])
                outputs[c] = []
            }
        }
        return count >= target
    }
}

/// Draws one RR set under an independent cascade whose edge into follower `x` is live
/// with probability `probability(x)` (a constant, or 1 / followee count of `x`).
struct RRSampler: Sendable {
    let followees: CSR
    /// Per customer: the probability that each of its followee edges is live.
    let probability: [Double]
    /// Per customer: `ln(1 − probability)`, for geometric skipping over long lists.
    let logMiss: [Double]
    /// The customers a root may be (all when `nil`).
    let roots: [UInt32]?
    let nodeCount: Int

    /// Lists longer than this, with a probability below one half, are walked by
    /// geometric jumps between live edges instead of one draw per edge.
    static let skipThreshold = 8

    init(graph: CustomerGraph, probability p: Double?, excluded: Bitmap?) {
        followees = graph.follows.followees
        nodeCount = graph.customerCount
        let followees = self.followees
        let probability: [Double] = (0..<nodeCount).map { v in
            if let p { return min(1, max(0, p)) }
            let d = followees.degree(of: v)
            return d == 0 ? 0 : 1 / Double(d)
        }
        self.probability = probability
        logMiss = probability.map { $0 < 1 ? PortableMath.log(1 - $0) : -.infinity }
        if let excluded {
            roots = (0..<nodeCount).filter { !excluded.contains($0) }.map { UInt32($0) }
        } else {
            roots = nil
        }
    }

    /// The number of customers a root is drawn from.
    var rootCount: Int { roots?.count ?? nodeCount }

    /// Samples one set into `search.queue[0..<result]`.
    func sample(_ search: inout AudienceSearch, rng: inout SplitMix64) -> Int {
        guard rootCount > 0 else { return 0 }
        let r = rng.nextIndex(below: rootCount)
        let root = roots.map { Int($0[r]) } ?? r
        if search.epoch == UInt32.max {
            for i in search.stamp.indices { search.stamp[i] = 0 }
            search.epoch = 0
        }
        search.epoch += 1
        let mark = search.epoch
        return followees.offsets.withUnsafeBufferPointer { eo in
        followees.targets.withUnsafeBufferPointer { et in
        probability.withUnsafeBufferPointer { prob in
        logMiss.withUnsafeBufferPointer { logMiss in
        search.stamp.withUnsafeMutableBufferPointer { stamp in
        search.queue.withUnsafeMutableBufferPointer { queue in
            stamp[root] = mark
            queue[0] = UInt32(truncatingIfNeeded: root)
            var head = 0, tail = 1
            while head < tail {
                let x = Int(queue[head])
                head += 1
                let lo = eo[x], hi = eo[x + 1]
                let p = prob[x]
                if p <= 0 { continue }
                if hi - lo > Self.skipThreshold && p < 0.5 {
                    // The gap before the next live edge is geometric: ⌊ln U / ln(1 − p)⌋.
                    let lm = logMiss[x]
                    var e = lo
                    while true {
                        let u = 1 - rng.nextUnitDouble()
                        let gap = PortableMath.log(u) / lm
                        if gap >= Double(hi - e) { break }
                        e += Int(gap)
                        let v = Int(et[e])
                        if stamp[v] != mark {
                            stamp[v] = mark
                            queue[tail] = UInt32(truncatingIfNeeded: v)
                            tail += 1
                        }
                        e += 1
                        if e >= hi { break }
                    }
                } else {
                    let threshold = UInt64((p * 0x1p53).rounded())
                    for e in lo ..< hi {
                        let v = Int(et[e])
                        if rng.next() &>> 11 < threshold && stamp[v] != mark {
                            stamp[v] = mark
                            queue[tail] = UInt32(truncatingIfNeeded: v)
                            tail += 1
                        }
                    }
                }
            }
            return tail
        }}}}}}
    }
}
