/// The linear threshold model, one run at a time, with each customer's weight
/// normalizer precomputed.
struct ThresholdCascade: Sendable {
    let followers: CSR
    /// Per-edge raw weights parallel to `followers.targets` (`nil` for uniform).
    let edgeWeights: EdgeWeights?
    /// Per customer: 1 / (the sum of its followees' weights).
    let normalizer: [Double]
    let excluded: [UInt64]?

    /// Per-thread state, reused across runs and never cleared wholesale.
    struct Scratch {
        /// `stamp[v] == 2·epoch − 1`: touched this run (threshold drawn); `2·epoch`:
        /// active. Every run stamps what it touches with its own number.
        var stamp: [UInt32]
        var queue: [UInt32]
        /// Accumulated influence and drawn thresholds.
        var influence: [Double]
        var threshold: [Double]
        var epoch: UInt32 = 0

        init(count: Int) {
            queue = uninitializedArray(UInt32.self, count: max(count, 1))
            stamp = [UInt32](repeating: 0, count: count)
            influence = uninitializedArray(Double.self, count: count)
            threshold = uninitializedArray(Double.self, count: count)
        }

        /// Starts a run; returns the stamps meaning "touched" and "active".
        mutating func nextEpoch() -> (touched: UInt32, active: UInt32) {
            if epoch >= UInt32.max / 2 - 1 {
                for i in stamp.indices { stamp[i] = 0 }
                epoch = 0
            }
            epoch += 1
            return (2 * epoch - 1, 2 * epoch)
        }
    }

    init(graph: CustomerGraph, weights: LinearThresholdWeights, excluded: Bitmap?) {
        followers = graph.follows.followers
        self.excluded = excluded?.words
        let n = graph.customerCount
        let followees = graph.follows.followees
        let useWeights = weights != .uniform && graph.follows.isWeighted
        if useWeights, let ew = graph.follows.followeeWeights {
            edgeWeights = graph.follows.followerWeights
            normalizer = (0..<n).map { v in
                var total = 0.0
                for e in followees.edgeRange(of: v) { total += ew[e] }
                return total > 0 ? 1 / total : 0
            }
        } else {
            edgeWeights = nil
            normalizer = (0..<n).map { v in
                let d = followees.degree(of: v)
                return d == 0 ? 0 : 1 / Double(d)
            }
        }
    }
    /// Linear threshold: a customer draws its threshold when first touched.
    func simulate(seeds: [Int], scratch: inout Scratch, rng: inout SplitMix64) -> Int {
        cascade(from: seeds, scratch: &scratch, rng: &rng)
    }
}
