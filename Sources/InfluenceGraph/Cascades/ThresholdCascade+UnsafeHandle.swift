extension ThresholdCascade {
    /// The memory of one run: the follower lists, their weights and normalizers, and
    /// the run's stamps, queue, influence and thresholds. Its method is the run's loop;
    /// it is made, and valid, only inside `cascade(from:scratch:rng:)`.
    struct UnsafeHandle {
        let offsets: UnsafeBufferPointer<Int>
        let targets: UnsafeBufferPointer<UInt32>
        /// Raw weights parallel to `targets`, `nil` for uniform.
        let edgeWeights: EdgeWeights.UnsafeView?
        let normalizer: UnsafeBufferPointer<Double>
        let stamp: UnsafeMutableBufferPointer<UInt32>
        let queue: UnsafeMutableBufferPointer<UInt32>
        let influence: UnsafeMutableBufferPointer<Double>
        let threshold: UnsafeMutableBufferPointer<Double>

        /// One run from `seeds` with the stamps `touched` and `active` of its epoch;
        /// returns the customers reached other than seeds and `excluded`.
        @inline(__always)
        func cascade(from seeds: [Int], touched: UInt32, active: UInt32, excluded: [UInt64]?, rng: inout SplitMix64) -> Int {
            var tail = 0
            for s in seeds {
                stamp[s] = active
                queue[tail] = UInt32(truncatingIfNeeded: s)
                tail += 1
            }
            var head = 0
            while head < tail {
                let u = Int(queue[head])
                head += 1
                for e in offsets[u] ..< offsets[u + 1] {
                    let v = Int(targets[e])
                    let s = stamp[v]
                    if s == active { continue }
                    if s != touched {
                        stamp[v] = touched
                        threshold[v] = rng.nextUnitDouble()
                        influence[v] = 0
                    }
                    influence[v] += (edgeWeights?[e] ?? 1) * normalizer[v]
                    if influence[v] >= threshold[v] {
                        stamp[v] = active
                        queue[tail] = UInt32(truncatingIfNeeded: v)
                        tail += 1
                    }
                }
            }
            return countReached(UnsafeBufferPointer(rebasing: queue[0..<tail]), seeds: seeds.count, excluded: excluded)
        }
    }

    /// One run (see `simulate`) on a handle opened here on the follower lists and
    /// `scratch`, made where the buffers are opened so that its loop is inlined there.
    func cascade(from seeds: [Int], scratch: inout Scratch, rng: inout SplitMix64) -> Int {
        let (touched, active) = scratch.nextEpoch()
        let excluded = excluded
        return followers.offsets.withUnsafeBufferPointer { offsets in
        followers.targets.withUnsafeBufferPointer { targets in
        withOptionalView(edgeWeights) { edgeWeights in
        normalizer.withUnsafeBufferPointer { normalizer in
        scratch.stamp.withUnsafeMutableBufferPointer { stamp in
        scratch.queue.withUnsafeMutableBufferPointer { queue in
        scratch.influence.withUnsafeMutableBufferPointer { influence in
        scratch.threshold.withUnsafeMutableBufferPointer { threshold in
            UnsafeHandle(offsets: offsets, targets: targets, edgeWeights: edgeWeights, normalizer: normalizer,
                         stamp: stamp, queue: queue, influence: influence, threshold: threshold)
                .cascade(from: seeds, touched: touched, active: active, excluded: excluded, rng: &rng)
        }}}}}}}}
    }
}
