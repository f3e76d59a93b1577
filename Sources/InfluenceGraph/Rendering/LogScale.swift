/// A base-10 logarithmic map from values to pixels that also places zero.
///
/// Follower counts and spend are heavy-tailed, so they want log axes, and many
/// customers have none of either, which a log axis cannot show. Zero therefore
/// gets a band of its own before the first decade, drawn apart from it: values of 0
/// or less sit in the middle of that band, positive values on the log axis from
/// `10^lowerExponent` to `10^upperExponent`.
///
/// ```swift
/// let x = LogScale(covering: [0, 3, 450], start: 60, end: 460)  // decades 1…1000, zero band
/// x.position(0)     // inside the zero band, left of the first decade
/// x.position(10)    // one third of the way along the log part
/// x.ticks().map(\.label)   // 0 1 10 100 1k
/// ```
///
/// Numeric policy: logarithms come from `PortableMath`, so positions are the same
/// bits on every machine.
struct LogScale: Equatable {
    /// The decades covered: `10^lowerExponent` to `10^upperExponent`, at least one.
    var lowerExponent: Int, upperExponent: Int
    /// Whether zero has its band before the first decade.
    var hasZero: Bool
    /// The pixels the axis spans; `start` may be larger than `end` (a y axis).
    var start: Double, end: Double

    /// The pixels of the zero band, and of the gap between it and the first decade.
    static let zeroBand = 16.0, zeroGap = 8.0

    init(lowerExponent: Int, upperExponent: Int, hasZero: Bool, start: Double, end: Double) {
        self.lowerExponent = lowerExponent
        self.upperExponent = max(upperExponent, lowerExponent + 1)
        self.hasZero = hasZero
        self.start = start
        self.end = end
    }

    /// The decades from the one holding the smallest positive value to the one
    /// closing above the largest, with a zero band when some value is 0 or less
    /// (NaN is ignored; no positive value gives the decade 1…10).
    ///
    /// - Complexity: O(count of `values`).
    init(covering values: some Sequence<Double>, start: Double, end: Double) {
        var smallest = Double.infinity, largest = 0.0, zero = false
        for v in values where !v.isNaN {
            if v > 0 {
                smallest = min(smallest, v)
                largest = max(largest, v)
            } else {
                zero = true
            }
        }
        let lower = smallest.isFinite ? Self.floorExponent(smallest) : 0
        let upper = largest > 0 ? Self.ceilingExponent(largest) : lower + 1
        self.init(lowerExponent: lower, upperExponent: upper, hasZero: zero, start: start, end: end)
    }

    /// +1 when pixels grow with values, −1 when they shrink (a y axis).
    var direction: Double { end >= start ? 1 : -1 }

    /// The pixel where the first decade begins.
    var logStart: Double { hasZero ? start + direction * (Self.zeroBand + Self.zeroGap) : start }

    /// The pixel of `value`: on the log part for positive values, the middle of the
    /// zero band for the rest (the axis start when there is no zero band).
    func position(_ value: Double) -> Double {
        guard value > 0 else { return hasZero ? start + direction * Self.zeroBand / 2 : start }
        let t = (Self.log10(value) - Double(lowerExponent)) / Double(upperExponent - lowerExponent)
        return logStart + t * (end - logStart)
    }

    /// The pixels a bin of values from `lower` to `upper` covers: the zero band for
    /// a bin starting at 0 or below, else the log positions of its edges.
    func span(from lower: Double, to upper: Double) -> (Double, Double) {
        if lower <= 0 && hasZero { return (start, start + direction * Self.zeroBand) }
        return (position(max(lower, Self.power(Double(lowerExponent)))), position(upper))
    }

    /// A `0` tick in the zero band, then one tick per decade (every second decade
    /// past eight of them, so labels do not collide).
    func ticks() -> [AxisTick] {
        var ticks: [AxisTick] = []
        if hasZero { ticks.append(AxisTick(value: 0, position: position(0), label: "0")) }
        let every = upperExponent - lowerExponent > 8 ? 2 : 1
        var k = lowerExponent
        while k <= upperExponent {
            let value = Self.power(Double(k))
            ticks.append(AxisTick(value: value, position: position(value), label: NumberText.compact(value)))
            k += every
        }
        return ticks
    }

    /// Bin edges for a density grid along this axis: `0` first when there is a zero
    /// band (so the first bin holds exactly the values below the first decade, which
    /// are the zeros), then `perDecade` bins per decade.
    func binEdges(perDecade: Int) -> [Double] {
        let steps = (upperExponent - lowerExponent) * max(1, perDecade)
        var edges: [Double] = hasZero ? [0] : []
        for j in 0...steps {
            edges.append(Self.power(Double(lowerExponent) + Double(j) / Double(max(1, perDecade))))
        }
        return edges
    }

    static let ln10 = 2.302585092994046

    /// log₁₀ of a positive value.
    static func log10(_ value: Double) -> Double { PortableMath.log(value) / ln10 }

    /// 10^exponent: exact for whole exponents (as exact as a Double holds them).
    static func power(_ exponent: Double) -> Double {
        if exponent == exponent.rounded(), abs(exponent) < 300 {
            var result = 1.0
            for _ in 0..<Int(abs(exponent)) { result *= 10 }
            return exponent < 0 ? 1 / result : result
        }
        return PortableMath.exp(exponent * ln10)
    }

    /// The largest k with 10^k ≤ value, for value > 0.
    static func floorExponent(_ value: Double) -> Int {
        var k = Int((log10(value) + 1e-9).rounded(.down))
        while power(Double(k)) > value { k -= 1 }
        while power(Double(k + 1)) <= value { k += 1 }
        return k
    }

    /// The smallest k with 10^k ≥ value, for value > 0.
    static func ceilingExponent(_ value: Double) -> Int {
        var k = Int((log10(value) - 1e-9).rounded(.up))
        while power(Double(k)) < value { k += 1 }
        while power(Double(k - 1)) >= value { k -= 1 }
        return k
    }
}
