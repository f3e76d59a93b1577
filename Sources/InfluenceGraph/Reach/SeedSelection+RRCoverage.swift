/// Coverage of a fixed RR-set collection: σ̂(S) = counted · (sets met by S) / θ,
/// plus one per excluded seed. Gains are exact and O(1): `uncovered[v]` counts the
/// uncovered sets holding `v`.
struct RRCoverage: CoverageOracle {
    /// Sets per customer, flat: sets holding `v` are `setIDs[setOffsets[v] ..< setOffsets[v + 1]]`.
    let setOffsets: [Int]
    let setIDs: [UInt32]
    let sets: ReverseReachableSets
    /// Per customer, the uncovered sets holding it; at most `ReverseReachableSets.maximumCount`.
    var uncovered: [UInt32]
    var coveredSet: [Bool]
    let scale: Double
    let excluded: Bitmap?

    init(sets: ReverseReachableSets, nodeCount: Int, scale: Double, excluded: Bitmap?) {
        self.sets = sets
        self.scale = scale
        self.excluded = excluded
        let (counts, ids) = CSRGrouping.group(keyCount: nodeCount) { emit in
            for r in 0..<sets.count {
                for i in sets.offsets[r] ..< sets.offsets[r + 1] { emit(Int(sets.members[i]), UInt32(truncatingIfNeeded: r)) }
            }
        }
        setOffsets = counts
        setIDs = ids
        // A customer is in each set at most once, so its count fits the 32-bit set ids.
        uncovered = (0..<nodeCount).map { UInt32(counts[$0 + 1] - counts[$0]) }
        coveredSet = [Bool](repeating: false, count: sets.count)
    }

    /// The number of sets `candidate` would newly cover.
    func coverCount(_ candidate: Int) -> Int { Int(uncovered[candidate]) }

    mutating func gain(of candidate: Int) -> Double {
        Double(uncovered[candidate]) * scale + (excluded?.contains(candidate) ?? false ? 1 : 0)
    }

    mutating func commit(_ candidate: Int) -> Double {
        let g = gain(of: candidate)
        for i in setOffsets[candidate] ..< setOffsets[candidate + 1] {
            let r = Int(setIDs[i])
            if coveredSet[r] { continue }
            coveredSet[r] = true
            for j in sets.offsets[r] ..< sets.offsets[r + 1] { uncovered[Int(sets.members[j])] -= 1 }
        }
        return g
    }
}
