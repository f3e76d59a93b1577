extension RRSampler {
    /// The memory of drawing one RR set: a search along followee lists and the
    /// per-customer edge probabilities. Its method is the draw's loop; it is valid only
    /// inside `withUnsafeHandle`.
    struct UnsafeHandle {
        let search: AudienceSearch.UnsafeHandle
        let probability: UnsafeBufferPointer<Double>
        let logMiss: UnsafeBufferPointer<Double>

        /// Finds everyone who reaches `root` along live edges into `search.queue`;
        /// returns how many, the root included.
        func sample(root: Int, rng: inout SplitMix64) -> Int {
            // Locals, not fields: the loop keeps them in registers.
            let search = search, probability = probability, logMiss = logMiss
            let eo = search.offsets, et = search.targets
            search.stamp[root] = search.mark
            search.queue[0] = UInt32(truncatingIfNeeded: root)
            var head = 0, tail = 1
            while head < tail {
                let x = Int(search.queue[head])
                head += 1
                let lo = eo[x], hi = eo[x + 1]
                let p = probability[x]
                if p <= 0 { continue }
                if hi - lo > RRSampler.skipThreshold && p < 0.5 {
                    // The gap before the next live edge is geometric: ⌊ln U / ln(1 − p)⌋.
                    let lm = logMiss[x]
                    var e = lo
                    while true {
                        let u = 1 - rng.nextUnitDouble()
                        let gap = PortableMath.log(u) / lm
                        if gap >= Double(hi - e) { break }
                        e += Int(gap)
                        search.find(Int(et[e]), tail: &tail)
                        e += 1
                        if e >= hi { break }
                    }
                } else {
                    let threshold = UInt64((p * 0x1p53).rounded())
                    for e in lo ..< hi {
                        let v = Int(et[e])
                        if rng.next() &>> 11 < threshold { search.find(v, tail: &tail) }
                    }
                }
            }
            return tail
        }
    }

    /// Starts a new search in `search` and calls `body` with a handle on it and the
    /// sampler's tables.
    func withUnsafeHandle<R>(search: inout AudienceSearch, _ body: (UnsafeHandle) -> R) -> R {
        search.withUnsafeHandle(along: followees) { search in
        probability.withUnsafeBufferPointer { probability in
        logMiss.withUnsafeBufferPointer { logMiss in
            body(UnsafeHandle(search: search, probability: probability, logMiss: logMiss))
        }}}
    }
}
