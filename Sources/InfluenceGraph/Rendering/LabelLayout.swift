/// Places labels in one column so none overlaps another: each label goes as close
/// to its point's coordinate as the others allow.
///
/// ```swift
/// LabelLayout.spread([100, 101, 102], gap: 12, lower: 0, upper: 500)   // [89, 101, 113]
/// ```
///
/// Labels keep their order along the column (sorted by wanted position, ties by
/// index); the result is deterministic.
enum LabelLayout {
    /// Positions, one per wanted position, at least `gap` apart and within
    /// `lower…upper` when they fit (when `gap` times the count exceeds the span they
    /// are spaced evenly over it instead).
    ///
    /// Adjacent labels that crowd are merged into a block centred on the mean of
    /// their wanted positions (the least total displacement for equal spacing);
    /// blocks merge until none overlaps, then are clamped to the span.
    ///
    /// - Complexity: O(n²) in the worst case, for n labels (n is small).
    static func spread(_ wanted: [Double], gap: Double, lower: Double, upper: Double) -> [Double] {
        let n = wanted.count
        guard n > 0 else { return [] }
        let order = wanted.indices.sorted { wanted[$0] != wanted[$1] ? wanted[$0] < wanted[$1] : $0 < $1 }
        let span = upper - lower
        var result = [Double](repeating: 0, count: n)
        if gap * Double(n - 1) > span {
            let step = n > 1 ? span / Double(n - 1) : 0
            for (k, i) in order.enumerated() { result[i] = lower + step * Double(k) }
            return result
        }
        // Blocks of consecutive labels: first label index in `order`, count, top position.
        var blocks: [(first: Int, count: Int, start: Double)] = []
        for (k, i) in order.enumerated() {
            blocks.append((k, 1, wanted[i]))
            while blocks.count > 1 {
                let b = blocks[blocks.count - 1], a = blocks[blocks.count - 2]
                guard a.start + gap * Double(a.count) > b.start else { break }
                let count = a.count + b.count
                var sum = 0.0
                for j in a.first ..< a.first + count { sum += wanted[order[j]] }
                let start = sum / Double(count) - gap * Double(count - 1) / 2
                blocks.removeLast(2)
                blocks.append((a.first, count, start))
            }
        }
        // Clamp from the end upward, then from the start downward.
        var limit = upper
        for b in blocks.indices.reversed() {
            let end = blocks[b].start + gap * Double(blocks[b].count - 1)
            if end > limit { blocks[b].start -= end - limit }
            limit = blocks[b].start - gap
        }
        var floor = lower
        for b in blocks.indices {
            if blocks[b].start < floor { blocks[b].start = floor }
            floor = blocks[b].start + gap * Double(blocks[b].count)
        }
        for b in blocks {
            for j in 0..<b.count { result[order[b.first + j]] = b.start + gap * Double(j) }
        }
        return result
    }
}
