/// A tick on a chart axis: where it sits in pixels, the value it marks and its label.
struct AxisTick: Equatable {
    var value: Double
    var position: Double
    var label: String
}

/// A linear map from a domain of values to a span of pixels, with "nice" ticks
/// (1, 2, 2.5 or 5 times a power of ten).
///
/// ```swift
/// let (upper, step) = LinearScale.niceDomain(maximum: 7)   // 8, 2
/// let y = LinearScale(lower: 0, upper: upper, start: 400, end: 40)   // bottom to top
/// y.position(4)   // 220
/// y.ticks(step: step).map(\.label)   // 0 2 4 6 8
/// ```
///
/// `start` may be larger than `end` (a y axis grows upward on screen).
struct LinearScale: Equatable {
    /// The domain.
    var lower: Double, upper: Double
    /// The pixels `lower` and `upper` map to.
    var start: Double, end: Double

    /// The pixel of `value`; values outside the domain extrapolate. A domain of one
    /// point maps everything to the middle of the span.
    func position(_ value: Double) -> Double {
        guard upper > lower else { return (start + end) / 2 }
        return start + (value - lower) / (upper - lower) * (end - start)
    }

    /// The ticks from `lower` to `upper` every `step`, labelled by `label`.
    ///
    /// - Complexity: O((upper − lower) / step).
    func ticks(step: Double, label: (Double) -> String = NumberText.compact) -> [AxisTick] {
        guard step > 0, upper >= lower else { return [] }
        let count = Int(((upper - lower) / step + 1e-9).rounded(.down))
        return (0...count).map { i in
            let value = lower + Double(i) * step
            return AxisTick(value: value, position: position(value), label: label(value))
        }
    }

    /// A domain `0...upper` covering `maximum` in about `ticks` steps: `step` is 1, 2,
    /// 2.5 or 5 times a power of ten (at least 1 when `integer`), `upper` the first
    /// multiple of `step` at or above `maximum`. A maximum of 0 or less (or not
    /// finite) gives `0...1`.
    ///
    /// - Complexity: O(log |maximum|).
    static func niceDomain(maximum: Double, ticks: Int = 5, integer: Bool = false) -> (upper: Double, step: Double) {
        guard maximum > 0, maximum.isFinite else { return (1, integer ? 1 : 0.2) }
        let raw = maximum / Double(max(1, ticks))
        var unit = 1.0
        while unit * 10 <= raw { unit *= 10 }
        while unit > raw { unit /= 10 }
        var step = 10 * unit
        // 2.5 × unit is a whole number only from unit 10 on.
        for m in integer && unit < 10 ? [1.0, 2, 5] : [1.0, 2, 2.5, 5] where m * unit >= raw {
            step = m * unit
            break
        }
        if integer { step = max(1, step) }
        let upper = (maximum / step - 1e-9).rounded(.up) * step
        return (max(upper, step), step)
    }
}
