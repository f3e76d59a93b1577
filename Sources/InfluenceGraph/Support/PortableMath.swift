/// Natural logarithm and exponential computed from IEEE-754 basic operations only.
///
/// The platform `log`/`exp` may differ in the last bit between C libraries and
/// their versions, and a generator that rounds such a value to two decimals would
/// then print different bytes on different machines. These versions are not
/// correctly rounded (a few ulps at most), but they give the same bits everywhere,
/// because IEEE-754 fixes the result of every operation they use.
@usableFromInline
enum PortableMath {
    @usableFromInline static let ln2Hi: Double = 6.93147180369123816490e-01  // upper bits of ln 2
    @usableFromInline static let ln2Lo: Double = 1.90821492927058770002e-10  // ln 2 − ln2Hi
    @usableFromInline static let log2e: Double = 1.44269504088896338700e+00

    /// `ln x`; `-infinity` for 0, NaN for negative or NaN input.
    ///
    /// - Complexity: O(1).
    @inlinable
    static func log(_ x: Double) -> Double {
        guard x > 0 else { return x == 0 ? -.infinity : .nan }
        guard x.isFinite else { return x }
        // x = m · 2^e with m in [√½, √2), so s = (m − 1)/(m + 1) stays within ±0.172.
        // Normal numbers are split from their bits, which inlines; `significand` and
        // `exponent` are calls into the runtime and cost a cascade simulation 10%.
        var m: Double, e: Double
        let biased = Int(x.bitPattern >> 52)
        if biased != 0 {
            m = Double(bitPattern: x.bitPattern & 0x000F_FFFF_FFFF_FFFF | 0x3FF0_0000_0000_0000)
            e = Double(biased - 1023)
        } else {
            m = x.significand
            e = Double(x.exponent)
        }
        if m > 1.4142135623730951 {
            m *= 0.5
            e += 1
        }
        let s = (m - 1) / (m + 1)
        let s2 = s * s
        // ln m = 2·atanh(s) = 2(s + s³/3 + s⁵/5 + …); s² ≤ 0.0295, so the terms past
        // s²³ are below 2⁻⁵³ of the sum.
        var series = 2.0 / 23
        series = series * s2 + 2.0 / 21
        series = series * s2 + 2.0 / 19
        series = series * s2 + 2.0 / 17
        series = series * s2 + 2.0 / 15
        series = series * s2 + 2.0 / 13
        series = series * s2 + 2.0 / 11
        series = series * s2 + 2.0 / 9
        series = series * s2 + 2.0 / 7
        series = series * s2 + 2.0 / 5
        series = series * s2 + 2.0 / 3
        let lnM = 2 * s + s * s2 * series
        return e * ln2Hi + (e * ln2Lo + lnM)
    }

    /// `e^x`; `+infinity` above about 709.78, 0 below about −745.13.
    ///
    /// - Complexity: O(1).
    @inlinable
    static func exp(_ x: Double) -> Double {
        guard !x.isNaN else { return x }
        if x > 709.782712893384 { return .infinity }
        if x < -745.1332191019412 { return 0 }
        // x = k·ln 2 + r with |r| ≤ ln2/2; ln 2 is split so k·ln2Hi is exact.
        let k = (x * log2e).rounded()
        let r = (x - k * ln2Hi) - k * ln2Lo
        // Taylor series of e^r to r¹⁴: |r|¹⁵/15! < 2⁻⁵⁵ for |r| ≤ 0.347.
        var p = 1.0 / 87_178_291_200  // 1/14!
        p = p * r + 1.0 / 6_227_020_800
        p = p * r + 1.0 / 479_001_600
        p = p * r + 1.0 / 39_916_800
        p = p * r + 1.0 / 3_628_800
        p = p * r + 1.0 / 362_880
        p = p * r + 1.0 / 40_320
        p = p * r + 1.0 / 5_040
        p = p * r + 1.0 / 720
        p = p * r + 1.0 / 120
        p = p * r + 1.0 / 24
        p = p * r + 1.0 / 6
        p = p * r + 0.5
        p = p * r + 1
        p = p * r + 1
        // Scaling by 2^k is exact (or a single rounding into the subnormal range).
        return Double(sign: .plus, exponent: Int(k), significand: p)
    }
}
