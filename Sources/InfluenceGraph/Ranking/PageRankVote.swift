/// How PageRank stores a vote `x[u] / W(u)`, the value each iteration reads once per
/// follow edge at random, and with it the scores and inverse out-degrees it streams:
/// `Float` while the iteration is far from converged (half the bytes, so more of the
/// votes stay in cache and each pass moves less), `Double` for the rest.
protocol PageRankVote: BitwiseCopyable {
    /// `value` rounded to this type.
    init(rounding value: Double)
    /// The vote as a `Double`, exactly.
    var widened: Double { get }
}

extension Double: PageRankVote {
    @inline(__always) init(rounding value: Double) { self = value }
    @inline(__always) var widened: Double { self }
}

extension Float: PageRankVote {
    @inline(__always) init(rounding value: Double) { self = Float(value) }
    @inline(__always) var widened: Double { Double(self) }
}
