@_spi(Tooling) import InfluenceGraph

/// The closest candidate within a small distance, if any (see `EditDistance`).
func suggestion(for word: String, among candidates: [String]) -> String? {
    EditDistance.suggestion(for: word, among: candidates)
}
