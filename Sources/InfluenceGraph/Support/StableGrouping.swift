/// A parallel stable counting sort: groups items by a `UInt32` key, keeping input
/// order within each group, which is how every CSR in the library is built.
///
/// Chunk `t` of `T` counts its items per key, a prefix sum over (key, chunk) gives
/// each chunk its own write position per key, and each chunk scatters its items
/// independently. The output is the unique stable order, so it does not depend on
/// the thread count.
@usableFromInline
enum StableGrouping {
    /// The grouped items: `offsets` has `keyCount + 1` entries.
    struct Grouped {
        var offsets: [Int]
        var payload: [UInt32]
        var weights: [Double]?
        /// Items skipped because their key equalled their payload.
        var dropped: Int
    }

    /// Groups `payload` (and `weights`, when given) by `keys`.
    ///
    /// - Parameter dropSelfPairs: skip items whose key equals their payload (self-loops).
    /// - Complexity: O(n + keyCount · T) time, O(keyCount · T) extra memory.
    static func group(
        keys: UnsafeBufferPointer<UInt32>, keyCount: Int,
        payload: UnsafeBufferPointer<UInt32>, weights: UnsafeBufferPointer<Double>?,
        dropSelfPairs: Bool, threads: Int
    ) -> Grouped {
        let n = keys.count
        let chunks = max(1, min(threads, n / 65_536))
        let bounds = ParallelFor.evenBoundaries(count: n, parts: chunks)
        let chunkCount = bounds.count - 1
        var positions = [Int](repeating: 0, count: chunkCount * keyCount)
        var droppedPerChunk = [Int](repeating: 0, count: chunkCount)
        positions.withUnsafeMutableBufferPointer { counts in
            droppedPerChunk.withUnsafeMutableBufferPointer { dropped in
                let shared = UncheckedSendable((counts, dropped))
                ParallelFor.run(chunks: chunkCount, threads: threads) { t in
                    let counts = shared.value.0.baseAddress! + t * keyCount
                    var skipped = 0
                    for i in bounds[t] ..< bounds[t + 1] {
                        let k = keys[i]
                        if dropSelfPairs && k == payload[i] { skipped += 1; continue }
                        counts[Int(k)] += 1
                    }
                    shared.value.1[t] = skipped
                }
            }
        }
        // Turn counts into write positions: key-major, chunk-minor.
        var offsets = [Int](repeating: 0, count: keyCount + 1)
        var total = 0
        positions.withUnsafeMutableBufferPointer { p in
            offsets.withUnsafeMutableBufferPointer { o in
                for k in 0..<keyCount {
                    o[k] = total
                    var t = 0
                    while t < chunkCount {
                        let c = p[t * keyCount + k]
                        p[t * keyCount + k] = total
                        total += c
                        t += 1
                    }
                }
                o[keyCount] = total
            }
        }
        var outWeights: [Double]? = nil
        let outPayload = [UInt32](unsafeUninitializedCapacity: total) { out, count in
            var weightStore = [Double](unsafeUninitializedCapacity: weights == nil ? 0 : total) { w, wc in
                positions.withUnsafeMutableBufferPointer { p in
                    let shared = UncheckedSendable((p, out, w))
                    ParallelFor.run(chunks: chunkCount, threads: threads) { t in
                        let next = shared.value.0.baseAddress! + t * keyCount
                        let out = shared.value.1, w = shared.value.2
                        for i in bounds[t] ..< bounds[t + 1] {
                            let k = Int(keys[i])
                            let v = payload[i]
                            if dropSelfPairs && k == Int(v) { continue }
                            let at = next[k]
                            next[k] = at + 1
                            out[at] = v
                            if let weights { w[at] = weights[i] }
                        }
                    }
                }
                wc = weights == nil ? 0 : total
            }
            if weights != nil { outWeights = weightStore } else { weightStore = [] }
            count = total
        }
        return Grouped(offsets: offsets, payload: outPayload, weights: outWeights,
                       dropped: droppedPerChunk.reduce(0, +))
    }

    /// For every edge of a CSR, the node that owns it: `owners[e] = v` for `e` in `offsets[v] ..< offsets[v + 1]`.
    ///
    /// - Complexity: O(V + E).
    static func owners(offsets: [Int], threads: Int) -> [UInt32] {
        let nodes = offsets.count - 1
        let edges = offsets[nodes]
        let bounds = ParallelFor.edgeBalancedBoundaries(offsets: offsets, parts: ParallelFor.chunkCount(forWork: edges + nodes))
        return [UInt32](unsafeUninitializedCapacity: edges) { out, count in
            offsets.withUnsafeBufferPointer { o in
                let shared = UncheckedSendable(out)
                ParallelFor.run(chunks: bounds.count - 1, threads: threads) { c in
                    let out = shared.value
                    for v in bounds[c] ..< bounds[c + 1] {
                        var e = o[v]
                        let end = o[v + 1]
                        while e < end { out[e] = UInt32(truncatingIfNeeded: v); e += 1 }
                    }
                }
            }
            count = edges
        }
    }
}
