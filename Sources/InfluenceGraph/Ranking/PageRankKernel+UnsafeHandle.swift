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

        /// The sum of the votes of `v`'s followers (weighted when the layout has weights).
        @inline(__always)
        func followerVotes(of v: Int) -> Double {
            let c = votes, tgt = targets
            // Votes are read at random. Asking for the vote 96 edges ahead keeps many
            // reads in flight where the loop alone would wait on each miss.
            let lastEdge = tgt.count &- 1
            @inline(__always) func prefetchVote(_ e: Int) { c.prefetch(Int(tgt[min(e &+ 96, lastEdge)])) }
            var e = offsets[v]
            let end = offsets[v + 1]
            if let w = weights {
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

        /// Pulls the votes of every follower into the positions `nodes`, writing their
        /// scores and next votes; returns the L1 change of those scores and the score
        /// of the dangling customers among them. `uniform` is the teleport probability
        /// of every position, or −1 to read it from `teleport`.
        @inline(__always)
        func pull(_ nodes: Range<Int>, damping d: Double, base: Double, uniform: Double) -> (change: Double, dangling: Double) {
            var change = 0.0, danglingMass = 0.0
            for v in nodes {
                let value = d * followerVotes(of: v) + base * (uniform >= 0 ? uniform : teleport[v])
                change += abs(value - scores[v].widened)
                nextScores[v] = Vote(rounding: value)
                let i = inverseOut[v].widened
                if i == 0 { danglingMass += value }
                nextVotes[v] = Vote(rounding: value * i)
            }
            return (change, danglingMass)
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
            var change = 0.0, danglingChange = 0.0
            for v in nodes {
                let value = d * followerVotes(of: v) + base * (uniform >= 0 ? uniform : teleport[v])
                change += abs(value)
                x[v] += value
                let i = inverseOut[v].widened
                if i == 0 { danglingChange += value }
                nextVotes[v] = Vote(rounding: value * i)
            }
            return (change, danglingChange)
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
