/// The order in which PageRank lays customers out in memory while it iterates.
/// Results are always reported by customer index; only rounding differs.
public enum IterationOrder: String, Sendable, Equatable, CaseIterable {
    /// Customer index order: the graph's own followers CSR, no preparation.
    case customerIndex = "customer-index"
    /// Customers renumbered by followee count, most first; among equal followee
    /// counts by follower count, most first; then by index.
    ///
    /// A pull iteration reads a customer's vote once per account it follows, so the
    /// first key packs the most-read values into few cache lines; the second puts
    /// follower lists of similar length side by side, which keeps the inner loop's
    /// branch predictable. Costs one O(V + E) pass and one extra copy of the
    /// followers CSR per run (shared by every seed set of a batch).
    case byFolloweeCount = "by-followee-count"
}
