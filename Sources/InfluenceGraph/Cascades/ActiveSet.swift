/// The active customers of one cascade run, as the independent-cascade kernels keep
/// them: a bit per customer (80 KB for 646,000 customers, so it stays in cache, which
/// matters because every firing edge reads it at random) and a queue of the customers
/// set. Customers are queued from the front, in the order they activated; a kernel that
/// settles some customers as they activate (they open no edge) lists those from the
/// back, so that their bits can be cleared too. Reused across runs; a run clears what
/// it set.
struct ActiveSet {
    var bits: [UInt64]
    /// Room for every customer and one spare (see `UnsafeHandle.insert(_:tail:)`).
    var queue: [UInt32]

    init(count: Int) {
        bits = [UInt64](repeating: 0, count: (count + 63) / 64)
        queue = uninitializedArray(UInt32.self, count: count + 1)
    }
}
