extension PageRankKernel {
    /// The memory of one iteration, by layout position: the scores and votes it reads,
    /// the ones it writes, and the follower layout. Its methods are the iteration's
    /// loops (`pull`, and `pullChange` when refining, whose votes are those of the
    /// last change); it is valid only inside `withUnsafeHandle`.
    struct UnsafeHandle<Vote: PageRankVote> {
        /// Scores `x` and votes `x[u] / W(u)` of the previous iteration (when
        /// refining: no scores, and the votes of the last change).
        let scores: UnsafeBufferPointer<Vote>
        let votes: UnsafeBufferPointer<Vote>
        /// Scores and votes of this iteration.
        let nextScores: UnsafeMutableBufferPointer<Vote>
        let nextVotes: UnsafeMutableBufferPointer<Vote>
        let inverseOut: UnsafeBufferPointer<Vote>
        let teleport: UnsafeBufferPointer<Double>
        let offsets: UnsafeBufferPointer<Int>
        let targets: UnsafeBufferPointer<UInt32>
        let weights: EdgeWeights.UnsafeView?

        /// The sum of the votes of `v`'s followers, weighted when `weighted` (the
        /// layout has weights).
        @inline(__always)
        private func followerVotes(of v: Int, weighted: Bool) -> Double {
            let start = offsets[v], end = offsets[v + 1]
            // Only the graph's last lists lack an edge `prefetchDistance` ahead of each
            // of theirs: they clamp the index, and the others, nearly all, spare the two
            // instructions an edge that costs. Both sum in the same order.
            return end <= targets.count &- Self.prefetchDistance
                ? followerVotes(start ..< end, weighted: weighted, clamped: false)
                : followerVotes(start ..< end, weighted: weighted, clamped: true)
        }

        /// Votes are read at random. Asking for the vote this many edges ahead keeps
        /// many reads in flight where the loop alone would wait on each miss.
        static var prefetchDistance: Int { 96 }

        /// The sum of the votes of the followers in `edges`; `clamped` keeps the
        /// prefetched edge inside the graph.
        @inline(__always)
        private func followerVotes(_ edges: Range<Int>, weighted: Bool, clamped: Bool) -> Double {
            let c = votes, tgt = targets
            let lastEdge = tgt.count &- 1
            @inline(__always) func prefetchVote(_ e: Int) {
                let ahead = e &+ Self.prefetchDistance
                c.prefetch(Int(tgt[clamped ? min(ahead, lastEdge) : ahead]))
            }
            var e = edges.lowerBound
            let end = edges.upperBound
            if weighted {
                let w = weights.unsafelyUnwrapped
                var sum = 0.0
                while e < end {
                    prefetchVote(e)
                    sum += c[Int(tgt[e])].widened * w[e]
                    e &+= 1
                }
                return sum
            }
            // Four accumulators break the chain of dependent adds, which otherwise
            // bounds the loop at one add latency per edge.
            var s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0
            while e &+ 4 <= end {
                prefetchVote(e)
                prefetchVote(e &+ 1)
                prefetchVote(e &+ 2)
                prefetchVote(e &+ 3)
                s0 += c[Int(tgt[e])].widened
                s1 += c[Int(tgt[e &+ 1])].widened
                s2 += c[Int(tgt[e &+ 2])].widened
                s3 += c[Int(tgt[e &+ 3])].widened
                e &+= 4
            }
            while e < end { prefetchVote(e); s0 += c[Int(tgt[e])].widened; e &+= 1 }
            return (s0 + s1) + (s2 + s3)
        }

        /// Calls `body` with whether the layout has weights and whether the teleport is
        /// `uniform` (not −1), each as a constant: the loops are written out once per
        /// case, so no customer pays the two tests.
        @inline(__always)
        private func unswitched<R>(uniform: Double, _ body: (_ weighted: Bool, _ uniformTeleport: Bool) -> R) -> R {
            switch (weights != nil, uniform >= 0) {
            case (false, true): return body(false, true)
            case (false, false): return body(false, false)
            case (true, true): return body(true, true)
            case (true, false): return body(true, false)
            }
        }

        /// Pulls the votes of every follower into the positions `nodes`, writing their
        /// scores and next votes; returns the L1 change of those scores and the score
        /// of the dangling customers among them. `uniform` is the teleport probability
        /// of every position, or −1 to read it from `teleport`.
        @inline(__always)
        func pull(_ nodes: Range<Int>, damping d: Double, base: Double, uniform: Double) -> (change: Double, dangling: Double) {
            unswitched(uniform: uniform) { weighted, uniformTeleport in
                var change = 0.0, danglingMass = 0.0
                for v in nodes {
                    let value = d * followerVotes(of: v, weighted: weighted) + base * (uniformTeleport ? uniform : teleport[v])
                    change += abs(value - scores[v].widened)
                    nextScores[v] = Vote(rounding: value)
                    let i = inverseOut[v].widened
                    if i == 0 { danglingMass += value }
                    nextVotes[v] = Vote(rounding: value * i)
                }
                return (change, danglingMass)
            }
        }

        /// One step of refinement: the votes are those of the last change of the
        /// scores, which the iteration maps linearly to the next change (the
        /// teleport's constant cancels, so `base` is the damped dangling change
        /// alone). Adds the next change to the scores `x` of the positions `nodes` and
        /// writes its votes; returns its L1 norm and its part on dangling customers.
        /// `scores` and `nextScores` are not read.
        @inline(__always)
        func pullChange(_ nodes: Range<Int>, into x: UnsafeMutableBufferPointer<Double>, damping d: Double, base: Double,
                        uniform: Double) -> (change: Double, dangling: Double) {
            unswitched(uniform: uniform) { weighted, uniformTeleport in
                var change = 0.0, danglingChange = 0.0
                for v in nodes {
                    let value = d * followerVotes(of: v, weighted: weighted) + base * (uniformTeleport ? uniform : teleport[v])
                    change += abs(value)
                    x[v] += value
                    let i = inverseOut[v].widened
                    if i == 0 { danglingChange += value }
                    nextVotes[v] = Vote(rounding: value * i)
                }
                return (change, danglingChange)
            }
        }
    }

    /// Calls `body` with a handle on one iteration's memory: `pull` reads `scores`
    /// and `votes` and writes `nextScores` and `nextVotes`; `pullChange` reads
    /// `votes` and writes `nextVotes` and the scores it is given.
    func withUnsafeHandle<Vote: PageRankVote, R>(scores: UnsafeBufferPointer<Vote>, votes: UnsafeBufferPointer<Vote>,
                                                nextScores: UnsafeMutableBufferPointer<Vote>, nextVotes: UnsafeMutableBufferPointer<Vote>,
                                                inverse inverseOut: UnsafeBufferPointer<Vote>, teleport: [Double],
                                                _ body: (UnsafeHandle<Vote>) -> R) -> R {
        let followers = layout.followers
        return teleport.withUnsafeBufferPointer { teleport in
        followers.offsets.withUnsafeBufferPointer { offsets in
        followers.targets.withUnsafeBufferPointer { targets in
        withOptionalView(layout.weights) { weights in
            body(UnsafeHandle(scores: scores, votes: votes, nextScores: nextScores, nextVotes: nextVotes,
                              inverseOut: inverseOut, teleport: teleport, offsets: offsets, targets: targets,
                              weights: weights))
        }}}}
    }
}
