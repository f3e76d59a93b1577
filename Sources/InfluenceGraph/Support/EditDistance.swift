/// Levenshtein distance and the "did you mean …?" suggestions built on it.
@_spi(Tooling) public enum EditDistance {
    /// The fewest single-character insertions, deletions and substitutions that turn `a` into `b`.
    ///
    /// - Complexity: O(`a.count` · `b.count`) time, O(`b.count`) memory.
    public static func between(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            swap(&previous, &current)
        }
        return previous[b.count]
    }

    /// The closest of `candidates` to `word`, if one is within a third of its length
    /// (at least 2 edits); the first of equally close ones.
    public static func suggestion(for word: String, among candidates: [String]) -> String? {
        let scored = candidates.map { ($0, between(word, $0)) }.filter { $0.1 <= max(2, word.count / 3) }
        return scored.min { $0.1 < $1.1 }?.0
    }
}
