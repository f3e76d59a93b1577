/// The followers CSR of a graph under an `IterationOrder`: position `k` holds the
/// customer `order[k]`, and follower lists name positions, not customers.
struct FollowerLayout {
    /// `order[k]` is the customer at position `k`; `nil` for the identity.
    let order: [UInt32]?
    /// `position[c]` is customer `c`'s position; `nil` for the identity.
    let position: [UInt32]?
    /// The followers CSR over positions.
    let followers: CSR
    /// Follow weights parallel to `followers.targets`, when asked for.
    let weights: EdgeWeights?

    /// Lays out `graph`'s followers; `weighted` carries the follow weights along.
    ///
    /// Follower lists keep the graph's order inside each list: sorting them by
    /// position would cost preparation time and gain the iterations nothing.
    ///
    /// - Complexity: O(V + E) plus the degree sorts' (see `stableSortDescending`);
    ///   the edge pass runs in parallel over edge-balanced chunks, and the layout is
    ///   identical at any thread count.
    init(graph: CustomerGraph, order kind: IterationOrder, weighted: Bool, threads: Int) {
        let source = graph.follows.followers
        let sourceWeights = weighted ? graph.follows.followerWeights : nil
        let n = graph.customerCount
        guard kind == .byFolloweeCount, n > 1 else {
            order = nil
            position = nil
            followers = source
            weights = sourceWeights
            return
        }
        let followeeOffsets = graph.follows.followees.offsets
        let followerOffsets = source.offsets
        // Radix order: least significant key first, each pass a stable counting sort.
        // The passes share their scratch (fresh pages cost more than the sorting): the
        // keys go where the positions will, and the second pass sorts the first's
        // order in place.
        var order = uninitializedArray(UInt32.self, count: n)
        var position = uninitializedArray(UInt32.self, count: n)
        var payload = uninitializedArray(UInt32.self, count: n)
        order.withUnsafeMutableBufferPointer { order in
        position.withUnsafeMutableBufferPointer { keys in
        payload.withUnsafeMutableBufferPointer { payload in
            Self.stableSortDescending(count: n, order: UnsafeBufferPointer(start: nil, count: 0), keys: keys, payload: payload, into: order, threads: threads) {
                followerOffsets[$0 + 1] - followerOffsets[$0]
            }
            Self.stableSortDescending(count: n, order: UnsafeBufferPointer(order), keys: keys, payload: payload, into: order, threads: threads) {
                followeeOffsets[$0 + 1] - followeeOffsets[$0]
            }
        }}}
        payload = []
        // Both passes read or write at random through `order`: parallel chunks, each
        // writing its own positions (`order` is a permutation).
        var offsets = uninitializedArray(Int.self, count: n + 1)
        let even = ParallelFor.evenBoundaries(count: n, parts: ParallelFor.chunkCount(forWork: n))
        order.withUnsafeBufferPointer { order in
        followerOffsets.withUnsafeBufferPointer { sourceOffsets in
        position.withUnsafeMutableBufferPointer { position in
        offsets.withUnsafeMutableBufferPointer { offsets in
            ParallelFor.run(chunks: even.count - 1, threads: threads) { chunk in
                for k in even[chunk] ..< even[chunk + 1] {
                    let c = Int(order[k])
                    position[c] = UInt32(truncatingIfNeeded: k)
                    offsets[k + 1] = sourceOffsets[c + 1] - sourceOffsets[c]
                }
            }
            offsets[0] = 0
            for k in 0..<n { offsets[k + 1] += offsets[k] }
        }}}}

        var targets = uninitializedArray(UInt32.self, count: source.edgeCount)
        let bounds = ParallelFor.edgeBalancedBoundaries(offsets: followerOffsets, parts: ParallelFor.chunkCount(forWork: source.edgeCount + n))
        func copyLists(sourceUnits: UnsafeRawPointer?, units: UnsafeMutableRawPointer?, unitStride: Int) {
            Self.withUnsafeHandle(position: position, offsets: offsets, source: source, targets: &targets,
                                  sourceUnits: sourceUnits, units: units, unitStride: unitStride) { handle in
                ParallelFor.run(chunks: bounds.count - 1, threads: threads) { chunk in
                    handle.copyLists(of: bounds[chunk] ..< bounds[chunk + 1])
                }
            }
        }
        if let sourceWeights {
            weights = sourceWeights.withStoredUnits { sourceUnits, stride in
                sourceWeights.rearranged(count: source.edgeCount) { units, _ in copyLists(sourceUnits: sourceUnits, units: units, unitStride: stride) }
            }
        } else {
            copyLists(sourceUnits: nil, units: nil, unitStride: 0)
            weights = nil
        }
        self.order = order
        self.position = position
        followers = CSR(offsets: offsets, targets: targets)
    }

    /// `values` by customer index, rearranged by position.
    func toPositions(_ values: [Double], threads: Int) -> [Double] {
        guard let order else { return values }
        return gathered(values, at: order, threads: threads)
    }

    /// `values` by position, rearranged by customer index.
    func toCustomers(_ values: [Double], threads: Int) -> [Double] {
        guard let position else { return values }
        return gathered(values, at: position, threads: threads)
    }

    /// `values` by position, rearranged by customer index into `spare` (a buffer of
    /// the same count that the caller no longer needs), so no fresh array is made;
    /// `values` itself for the identity layout.
    func toCustomers(_ values: [Double], into spare: inout [Double], threads: Int) -> [Double] {
        guard let position else { return values }
        precondition(spare.count == values.count, "one value per customer")
        values.withUnsafeBufferPointer { values in
            position.withUnsafeBufferPointer { position in
                spare.withUnsafeMutableBufferPointer { gather(values, at: position, into: $0, threads: threads) }
            }
        }
        return spare
    }

    /// The position of customer `c`.
    func position(of c: Int) -> Int { position.map { Int($0[c]) } ?? c }

    /// Writes `order` (`0..<count` when empty) stably sorted by `key`, largest first, into
    /// `sorted`, with `keys` and `payload` as scratch (each of `count`): a counting
    /// sort, in parallel and identical at any thread count.
    ///
    /// Degrees are small for nearly every customer and large for a few, so keys are
    /// counted up to `directKeyLimit` (larger ones counted as the limit) per chunk,
    /// each chunk then writing its own places; the few customers at the limit are
    /// put in exact order afterwards by a comparison sort. (`CSRGrouping`'s high-bit
    /// buckets would put nearly every customer in one bucket, sorted by one thread.)
    ///
    /// - Complexity: O(count + limit · chunks + L · log L) for L keys at or above
    ///   the limit (a few hubs in practice; all of them, O(count · log count), at worst).
    static func stableSortDescending(count: Int, order: UnsafeBufferPointer<UInt32>, keys: UnsafeMutableBufferPointer<UInt32>,
                                     payload: UnsafeMutableBufferPointer<UInt32>, into sorted: UnsafeMutableBufferPointer<UInt32>,
                                     threads: Int, key: (Int) -> Int) {
        let even = ParallelFor.evenBoundaries(count: count, parts: ParallelFor.chunkCount(forWork: count))
        let chunks = even.count - 1
        // `order` may be `sorted`: it is read in full before anything is sorted into it.
        ParallelFor.run(chunks: chunks, threads: threads) { chunk in
            for k in even[chunk] ..< even[chunk + 1] {
                let c = order.isEmpty ? k : Int(order[k])
                keys[k] = UInt32(truncatingIfNeeded: key(c))
                payload[k] = UInt32(truncatingIfNeeded: c)
            }
        }
        let top = min(Int(keys.max() ?? 0), directKeyLimit)
        // Per chunk, how many items each key has; then each chunk's first place per
        // key, keys largest first and chunks in order within a key.
        let keyCount = top + 1
        var places = [Int](repeating: 0, count: chunks * keyCount)
        var leaders = 0
        places.withUnsafeMutableBufferPointer { places in
            ParallelFor.run(chunks: chunks, threads: threads) { chunk in
                let counts = places.baseAddress! + chunk * keyCount
                for k in even[chunk] ..< even[chunk + 1] { counts[min(Int(keys[k]), top)] += 1 }
            }
            var next = 0
            for key in stride(from: top, through: 0, by: -1) {
                for chunk in 0 ..< chunks {
                    let count = places[chunk * keyCount + key]
                    places[chunk * keyCount + key] = next
                    next += count
                }
                if key == top { leaders = next }
            }
            ParallelFor.run(chunks: chunks, threads: threads) { chunk in
                let place = places.baseAddress! + chunk * keyCount
                for k in even[chunk] ..< even[chunk + 1] {
                    let key = min(Int(keys[k]), top)
                    sorted[place[key]] = payload[k]
                    place[key] += 1
                }
            }
        }
        // The items counted at the limit lead, in input order; sort them exactly.
        guard top == directKeyLimit else { return }
        struct Leader { var key: Int, place: Int, customer: UInt32 }
        var exact: [Leader] = (0 ..< leaders).map { place in
            Leader(key: key(Int(sorted[place])), place: place, customer: sorted[place])
        }
        exact.sort { $0.key != $1.key ? $0.key > $1.key : $0.place < $1.place }
        for (place, leader) in exact.enumerated() { sorted[place] = leader.customer }
    }

    /// The largest key `stableSortDescending` counts exactly.
    static let directKeyLimit = 1 << 14
}
