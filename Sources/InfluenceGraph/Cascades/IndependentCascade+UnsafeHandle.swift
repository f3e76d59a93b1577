extension IndependentCascade {
    /// The memory of one run: the follower lists, the exponential tables, the active
    /// set and the two rings. Its method is the run's loop; it is made, and valid, only
    /// inside `cascade(from:scratch:seed:)`.
    struct UnsafeHandle {
        let offsets: UnsafeBufferPointer<Int>
        let targets: UnsafeBufferPointer<UInt32>
        let exponential: ExponentialZiggurat.Tables
        let active: ActiveSet.UnsafeHandle
        /// Customers with a firing edge whose edges are not walked yet.
        let pending: UnsafeMutableBufferPointer<Pending>
        /// Firing edges whose follower is not read yet.
        let fired: UnsafeMutableBufferPointer<Int>

        /// One cascade from `seeds` with hazard `h` on every edge, drawing from `seed`'s
        /// stream (see `IndependentCascade.simulate`); returns the customers reached
        /// other than seeds and `excluded`, and leaves the active set clear.
        @inline(__always)
        func cascade(from seeds: [Int], hazard h: Double, excluded: [UInt64]?, seed: UInt64) -> Int {
            let fo = offsets, ft = targets, queue = active.queue
            var draws = WyRand(seed: seed)
            var tail = 0
            for s in seeds { active.insert(s, tail: &tail) }
            var head = 0
            var pendingHead = 0, pendingTail = 0
            let mask = IndependentCascade.pendingDepth - 1
            var firedHead = 0, firedTail = 0
            let firedMask = IndependentCascade.firedDepth - 1
            while true {
                if head < tail && pendingTail - pendingHead < IndependentCascade.pendingDepth {
                    if head + IndependentCascade.lookahead < tail {
                        let w = Int(queue[head + IndependentCascade.lookahead])
                        fo.prefetch(w)
                        fo.prefetch(w + 1)
                    }
                    let u = Int(queue[head])
                    head += 1
                    // The first firing edge is the first past an exponential; none past the total.
                    let x = exponential.next(&draws)
                    let start = fo[u], end = fo[u + 1]
                    if x >= h * Double(end - start) { continue }
                    pending[pendingTail & mask] = Pending(start: start, end: end, hazard: x)
                    pendingTail += 1
                    ft.prefetch(start)
                    continue
                }
                if pendingHead == pendingTail {
                    if firedHead == firedTail { break }
                    active.insert(Int(ft[fired[firedHead & firedMask]]), tail: &tail)
                    firedHead += 1
                    continue
                }
                let next = pending[pendingHead & mask]
                pendingHead += 1
                let start = next.start, end = next.end
                var x = next.hazard
                var e = start
                while true {
                    // The first edge at or after e past x: edge start + k is the first with h·(k + 1) > x.
                    let k = (x / h).rounded(.down)
                    e = k < Double(end - start) ? max(e, start + Int(k)) : end
                    if e >= end { break }
                    if firedTail - firedHead == IndependentCascade.firedDepth {
                        active.insert(Int(ft[fired[firedHead & firedMask]]), tail: &tail)
                        firedHead += 1
                    }
                    fired[firedTail & firedMask] = e
                    firedTail += 1
                    ft.prefetch(e)
                    // From edge e on, the next firing edge is the first past cumulative hazard Hₑ + X'.
                    x = h * Double(e - start + 1) + exponential.next(&draws)
                    e += 1
                }
            }
            let reached = countReached(UnsafeBufferPointer(rebasing: queue[0..<tail]), seeds: seeds.count, excluded: excluded)
            active.clear(front: tail, back: active.emptyBack)
            return reached
        }
    }

    /// One cascade (see `simulate`) on a handle opened here on the follower lists and
    /// `scratch`. The handle is made where the buffers are opened and its loop inlined
    /// there, so the loop keeps its pointers in registers instead of reading them
    /// through a handle passed to a closure.
    func cascade(from seeds: [Int], scratch: inout Scratch, seed: UInt64) -> Int {
        let hazard = uniformHazard, excluded = excluded
        return followers.offsets.withUnsafeBufferPointer { offsets in
        followers.targets.withUnsafeBufferPointer { targets in
        ExponentialZiggurat.shared.withTables { exponential in
        scratch.active.withUnsafeHandle { active in
        scratch.pending.withUnsafeMutableBufferPointer { pending in
        scratch.fired.withUnsafeMutableBufferPointer { fired in
            UnsafeHandle(offsets: offsets, targets: targets, exponential: exponential, active: active,
                         pending: pending, fired: fired)
                .cascade(from: seeds, hazard: hazard, excluded: excluded, seed: seed)
        }}}}}}
    }
}
