extension CustomerGraph {
    /// A graph of customers with ids "0", "1", … "count − 1" (index `i` has id "i")
    /// and follow edges given as `(follower, followee)` indices, for tests and
    /// examples that think in indices. Import rules are those of a file load.
    ///
    /// - Complexity: O(count + edges).
    init(customerCount: Int, follows pairs: [(Int, Int)], weights: [Double]? = nil, threads: Int = 1) {
        var builder = GraphBuilder()
        for i in 0..<customerCount {
            var id = String(i)
            _ = id.withUTF8 { try? builder.customers.intern(UnsafeRawBufferPointer($0)) }
        }
        for (i, (a, b)) in pairs.enumerated() {
            builder.addFollow(UInt32(a), UInt32(b), weight: weights?[i])
        }
        self = builder.build(threads: threads)
    }
}
