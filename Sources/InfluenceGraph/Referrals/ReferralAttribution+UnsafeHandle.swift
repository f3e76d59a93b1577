extension ReferralAttribution {
    /// The memory of the tier passes: the credit parents, which customers are cyclic,
    /// the masses arriving and leaving, the children CSR of the gather, and the credit.
    /// Its methods are the passes' loops; it is valid only inside `withUnsafeHandle`.
    struct UnsafeHandle {
        let rows: ParentRows
        let value: UnsafeBufferPointer<Double>
        let cyclic: UnsafeBufferPointer<Bool>
        /// B_t: the path sums arriving at each customer at the current tier.
        let mass: UnsafeMutableBufferPointer<Double>
        /// What each customer passes up (gather), or B_{t+1} being summed (scatter).
        let outgoing: UnsafeMutableBufferPointer<Double>
        let childOffsets: UnsafeBufferPointer<Int>
        let children: UnsafeBufferPointer<UInt32>
        let result: UnsafeMutableBufferPointer<Double>

        /// B_0: every customer's own value.
        func startMass() {
            _ = mass.update(fromContentsOf: value)
        }

        /// `outgoing = share · B_t`, 0 for cyclic customers, for the customers
        /// `referees`, before a gathered tier.
        @inline(__always)
        func prepareGather(_ referees: Range<Int>) {
            let outgoing = outgoing, cyclic = cyclic, mass = mass, rows = rows
            for v in referees { outgoing[v] = cyclic[v] ? 0 : rows.share(of: v) * mass[v] }
        }

        /// One gathered tier for the customers `parents`: B_{t+1}[u] is the sum of what
        /// u's children pass up, and u's credit grows by `weight` times it unless u is
        /// cyclic.
        @inline(__always)
        func gather(_ parents: Range<Int>, weight wt: Double) {
            let off = childOffsets, children = children, cyclic = cyclic, mass = mass, result = result
            let out = UnsafeBufferPointer(outgoing)
            let last = off[parents.upperBound]
            for u in parents {
                var sum = 0.0
                for e in off[u] ..< off[u + 1] {
                    // Children are scattered: start the read 16 rows ahead.
                    if e + 16 < last { out.prefetch(Int(children[e + 16])) }
                    sum += out[Int(children[e])]
                }
                mass[u] = sum
                if !cyclic[u] { result[u] += wt * sum }
            }
        }

        /// One tier on one thread: each referee adds what it passes up to its parents'
        /// B_{t+1} (in `outgoing`), then every customer's credit grows by `weight` times
        /// that unless it is cyclic.
        func scatter(weight wt: Double) {
            let cyclic = cyclic, mass = mass, result = result, rows = rows
            let n = mass.count
            let next = outgoing
            next.update(repeating: 0)
            let up = rows.targets
            for v in 0..<n {
                let range = rows.range(of: v)
                if range.isEmpty { continue }
                let o = cyclic[v] ? 0 : rows.share(of: v) * mass[v]
                for e in range {
                    // Parents are scattered: start the update 16 rows ahead.
                    if e + 16 < up.count, case let q = up[e + 16], q != CreditParents.none { next.prefetch(Int(q)) }
                    next[Int(up[e])] += o
                }
            }
            for u in 0..<n {
                mass[u] = next[u]
                if !cyclic[u] { result[u] += wt * next[u] }
            }
        }
    }

    /// Calls `body` with a handle on `credit`'s rows and values and the tier arrays.
    static func withUnsafeHandle<R>(credit: CreditParents, cyclic: [Bool], mass: inout [Double], outgoing: inout [Double],
                                    childOffsets: [Int], children: [UInt32], result: inout [Double],
                                    _ body: (UnsafeHandle) -> R) -> R {
        credit.withParentRows { rows in
        credit.value.withUnsafeBufferPointer { value in
        cyclic.withUnsafeBufferPointer { cyclic in
        mass.withUnsafeMutableBufferPointer { mass in
        outgoing.withUnsafeMutableBufferPointer { outgoing in
        childOffsets.withUnsafeBufferPointer { childOffsets in
        children.withUnsafeBufferPointer { children in
        result.withUnsafeMutableBufferPointer { result in
            body(UnsafeHandle(rows: rows, value: value, cyclic: cyclic, mass: mass, outgoing: outgoing,
                              childOffsets: childOffsets, children: children, result: result))
        }}}}}}}}
    }

    /// The children CSR of the gather: each customer's credit children in referee
    /// order (and row order within a referee), grouped in parallel from the rows that
    /// have a parent. The grouping is stable, so the lists do not depend on `threads`.
    ///
    /// - Complexity: O(V + R) for R rows with a parent; 8 bytes of scratch per row.
    static func creditChildren(_ credit: CreditParents, threads: Int) -> (offsets: [Int], children: [UInt32]) {
        let n = credit.customerCount
        let bounds = ParallelFor.evenBoundaries(count: n, parts: ParallelFor.chunkCount(forWork: n))
        return credit.withParentRows { rows in
            let counts = ParallelFor.map(chunks: bounds.count - 1, threads: threads) { c in
                var count = 0
                for v in bounds[c] ..< bounds[c + 1] { count += rows.range(of: v).count }
                return count
            }
            var starts = [0]
            for count in counts { starts.append(starts[starts.count - 1] + count) }
            // (parent, referee) per row with a parent, in referee order.
            var parents = uninitializedArray(UInt32.self, count: starts[starts.count - 1])
            var referees = uninitializedArray(UInt32.self, count: parents.count)
            parents.withUnsafeMutableBufferPointer { parents in
            referees.withUnsafeMutableBufferPointer { referees in
                ParallelFor.run(chunks: bounds.count - 1, threads: threads) { c in
                    var k = starts[c]
                    for v in bounds[c] ..< bounds[c + 1] {
                        for e in rows.range(of: v) {
                            parents[k] = rows.targets[e]
                            referees[k] = UInt32(truncatingIfNeeded: v)
                            k += 1
                        }
                    }
                }
            }}
            let grouped = parents.withUnsafeBufferPointer { parents in
                referees.withUnsafeBufferPointer { referees in
                    CSRGrouping.group(keys: parents, keyCount: n, payload: referees, weights: nil, threads: threads)
                }
            }
            return (grouped.offsets, grouped.payload)
        }
    }

    /// Marks the customers on or above a cycle of credit parents into
    /// `onOrAboveCycles` (all false): counts every customer's credit children in the
    /// memory of `mass` (not yet in use), then peels with a queue in the memory of
    /// `outgoing`.
    static func markOnOrAboveCycles(_ credit: CreditParents, mass: inout [Double], outgoing: inout [Double],
                                    into onOrAboveCycles: inout [Bool]) {
        let n = credit.customerCount
        credit.withParentRows { rows in
        mass.withUnsafeMutableBufferPointer { mass in
        outgoing.withUnsafeMutableBufferPointer { outgoing in
        mass.withMemoryRebound(to: UInt32.self) { countMemory in
        outgoing.withMemoryRebound(to: UInt32.self) { queueMemory in
        onOrAboveCycles.withUnsafeMutableBufferPointer { cyclic in
            let count = UnsafeMutableBufferPointer(rebasing: countMemory[0..<n])
            count.update(repeating: 0)
            // Parents are scattered over the customers: prefetch the counter of the
            // parent a few rows ahead. Empty rows hold `none` (first/last touch only).
            let up = rows.targets
            for e in 0..<up.count {
                if e + 16 < up.count, case let q = up[e + 16], q != CreditParents.none { count.prefetch(Int(q)) }
                let p = up[e]
                if p != CreditParents.none { count[Int(p)] += 1 }
            }
            markOnOrAboveCycles(rows, childCount: count, queue: UnsafeMutableBufferPointer(rebasing: queueMemory[0..<n]),
                                into: cyclic)
        }}}}}}
    }

    /// Marks in `cyclic` the customers that are on a cycle of credit parents or above
    /// one: whatever is left after repeatedly removing customers with no remaining
    /// credit children. `childCount` holds each customer's number of credit children and
    /// is used up; `queue` has room for every customer; `cyclic` starts all false.
    ///
    /// - Complexity: O(V + E).
    static func markOnOrAboveCycles(_ rows: ParentRows, childCount remaining: UnsafeMutableBufferPointer<UInt32>,
                                    queue: UnsafeMutableBufferPointer<UInt32>, into cyclic: UnsafeMutableBufferPointer<Bool>) {
        let n = cyclic.count
        let up = rows.targets
        var head = 0, tail = 0
        for u in 0..<n where remaining[u] == 0 { queue[tail] = UInt32(u); tail += 1 }
        while head < tail {
            // The queue is scattered over the customers: prefetch a few entries ahead
            // (under first/last touch the row is the parent itself).
            if head + 16 < tail { let w = Int(queue[head + 16]); if rows.single { up.prefetch(w) } else { rows.offsets.prefetch(w) } }
            if !rows.single && head + 8 < tail { up.prefetch(rows.offsets[Int(queue[head + 8])]) }
            if head + 4 < tail, case let r = rows.range(of: Int(queue[head + 4])), !r.isEmpty {
                remaining.prefetch(Int(up[r.lowerBound]))
            }
            let v = Int(queue[head]); head += 1
            for e in rows.range(of: v) {
                let p = Int(up[e])
                remaining[p] -= 1
                if remaining[p] == 0 { queue[tail] = UInt32(p); tail += 1 }
            }
        }
        // A peeled customer's count reached 0 and stays there; the rest keep a child.
        if tail < n {
            for u in 0..<n { cyclic[u] = remaining[u] != 0 }
        }
    }
}
