/// The shortest decimal that reads back as the same `Double`, written as bytes.
///
/// Exports write millions of numbers, and a `String` per number costs an allocation
/// each, so this formats into caller memory. The digits are those of Ryū (Ulf Adams,
/// PLDI 2018): the fewest significant digits that round-trip, and of those the one
/// closest to the exact binary value (ties to even), which is also what
/// `Double.description` prints. The layout is JavaScript's: plain notation for
/// 1e-7 < |x| < 1e21 (`1234.5`, `0.000012`, `100`), otherwise `1.5e-7`, `2e+21`
/// without the `+` (`2e21`). Every reader that follows IEEE 754 round-to-nearest
/// (Java's `Double.parseDouble`, Python's `float`, `strtod`) returns the same bits.
@usableFromInline
enum ShortestDecimal {
    /// Bytes `write` may produce: a sign, 17 digits, a point, `e-324`, or 21 integer
    /// digits, or `0.000000` and 17 digits.
    @usableFromInline static let maximumLength = 26

    /// Writes `value` at `out` and returns the number of bytes written (at most
    /// `maximumLength`). NaN is `NaN`, infinities are `Infinity` and `-Infinity`
    /// (the spellings Java reads); negative zero is `-0`.
    ///
    /// - Complexity: O(1).
    @usableFromInline
    static func write(_ value: Double, to out: UnsafeMutablePointer<UInt8>) -> Int {
        var p = out
        if value.isNaN { return copy("NaN", to: out) }
        if value.sign == .minus { p.pointee = UInt8(ascii: "-"); p += 1 }
        if value.isInfinite { return p - out + copy("Infinity", to: p) }
        if value == 0 { p.pointee = UInt8(ascii: "0"); return p - out + 1 }
        let (digits, exponent) = decimal(of: value.magnitude)
        return p - out + layout(digits: digits, exponent: exponent, to: p)
    }

    /// Places `digits × 10^exponent` (digits without trailing zeros) in plain or
    /// scientific notation.
    @inline(__always)
    static func layout(digits: UInt64, exponent: Int, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let length = DecimalDigits.count(digits)
        // Digits before the decimal point in plain notation.
        let point = length + exponent
        if point > 0 && point <= 21 {
            if exponent >= 0 {
                _ = DecimalDigits.write(digits, to: out)
                for i in 0..<exponent { out[length + i] = UInt8(ascii: "0") }
                return point
            }
            // Write the digits one place to the right, then pull the integer part left over the point.
            _ = DecimalDigits.write(digits, to: out + 1)
            for i in 0..<point { out[i] = out[i + 1] }
            out[point] = UInt8(ascii: ".")
            return length + 1
        }
        if point <= 0 && point > -6 {
            out[0] = UInt8(ascii: "0")
            out[1] = UInt8(ascii: ".")
            for i in 0 ..< -point { out[2 + i] = UInt8(ascii: "0") }
            return 2 - point + DecimalDigits.write(digits, to: out + 2 - point)
        }
        // d.ddde±x: the first digit, a point when more follow, then the exponent.
        _ = DecimalDigits.write(digits, to: out + 1)
        out[0] = out[1]
        var n = 1
        if length > 1 { out[1] = UInt8(ascii: "."); n = length + 1 }
        out[n] = UInt8(ascii: "e")
        n += 1
        var scientific = point - 1
        if scientific < 0 { out[n] = UInt8(ascii: "-"); n += 1; scientific = -scientific }
        return n + DecimalDigits.write(UInt64(scientific), to: out + n)
    }

    static func copy(_ text: StaticString, to out: UnsafeMutablePointer<UInt8>) -> Int {
        for i in 0..<text.utf8CodeUnitCount { out[i] = text.utf8Start[i] }
        return text.utf8CodeUnitCount
    }

    /// The shortest `digits × 10^exponent` that rounds to `value` (positive and
    /// finite), with the fewest digits and, among those, the closest.
    ///
    /// Ryū's `d2d`: the interval of decimals that round to `value` is scaled by a
    /// power of 10 through 128-bit fixed-point multipliers, then digits are removed
    /// while the interval still holds a shorter decimal.
    @usableFromInline
    static func decimal(of value: Double) -> (digits: UInt64, exponent: Int) {
        let bits = value.bitPattern
        let ieeeMantissa = bits & ((1 << 52) - 1)
        let ieeeExponent = Int((bits >> 52) & 0x7FF)
        let e2: Int
        let m2: UInt64
        // Two extra bits so the interval bounds are integers.
        if ieeeExponent == 0 {
            e2 = 1 - 1023 - 52 - 2
            m2 = ieeeMantissa
        } else {
            e2 = ieeeExponent - 1023 - 52 - 2
            m2 = (1 << 52) | ieeeMantissa
        }
        let acceptBounds = m2 & 1 == 0
        let mv = 4 * m2
        // The lower gap is half as wide just above a power of two.
        let mmShift: UInt64 = ieeeMantissa != 0 || ieeeExponent <= 1 ? 1 : 0

        var vr: UInt64, vp: UInt64, vm: UInt64
        let e10: Int
        var vmIsTrailingZeros = false
        var vrIsTrailingZeros = false
        let tables = ShortestDecimalTables.shared
        if e2 >= 0 {
            let q = log10Pow2(e2) - (e2 > 3 ? 1 : 0)
            e10 = q
            let k = ShortestDecimalTables.inverseBitCount + pow5Bits(q) - 1
            let i = -e2 + q + k
            let multiplier = tables.inverse(q)
            vr = mulShift(4 * m2, multiplier, i)
            vp = mulShift(4 * m2 + 2, multiplier, i)
            vm = mulShift(4 * m2 - 1 - mmShift, multiplier, i)
            if q <= 21 {
                // At most one of mp, mv and mm is a multiple of 5.
                if mv % 5 == 0 {
                    vrIsTrailingZeros = isMultipleOfPowerOf5(mv, q)
                } else if acceptBounds {
                    vmIsTrailingZeros = isMultipleOfPowerOf5(mv - 1 - mmShift, q)
                } else {
                    vp -= isMultipleOfPowerOf5(mv + 2, q) ? 1 : 0
                }
            }
        } else {
            let q = log10Pow5(-e2) - (-e2 > 1 ? 1 : 0)
            e10 = q + e2
            let i = -e2 - q
            let k = pow5Bits(i) - ShortestDecimalTables.powerBitCount
            let j = q - k
            let multiplier = tables.power(i)
            vr = mulShift(4 * m2, multiplier, j)
            vp = mulShift(4 * m2 + 2, multiplier, j)
            vm = mulShift(4 * m2 - 1 - mmShift, multiplier, j)
            if q <= 1 {
                // mv = 4·m2 has at least two trailing zero bits.
                vrIsTrailingZeros = true
                if acceptBounds {
                    vmIsTrailingZeros = mmShift == 1
                } else {
                    vp -= 1
                }
            } else if q < 63 {
                vrIsTrailingZeros = mv & ((1 << UInt64(q)) - 1) == 0
            }
        }

        var removed = 0
        var lastRemovedDigit: UInt64 = 0
        let output: UInt64
        if vmIsTrailingZeros || vrIsTrailingZeros {
            // The general case: exact ties and bounds matter.
            while vp / 10 > vm / 10 {
                vmIsTrailingZeros = vmIsTrailingZeros && vm % 10 == 0
                vrIsTrailingZeros = vrIsTrailingZeros && lastRemovedDigit == 0
                lastRemovedDigit = vr % 10
                vr /= 10; vp /= 10; vm /= 10
                removed += 1
            }
            if vmIsTrailingZeros {
                while vm % 10 == 0 {
                    vrIsTrailingZeros = vrIsTrailingZeros && lastRemovedDigit == 0
                    lastRemovedDigit = vr % 10
                    vr /= 10; vp /= 10; vm /= 10
                    removed += 1
                }
            }
            if vrIsTrailingZeros && lastRemovedDigit == 5 && vr % 2 == 0 {
                // Exactly halfway: round to even.
                lastRemovedDigit = 4
            }
            let roundUp = (vr == vm && (!acceptBounds || !vmIsTrailingZeros)) || lastRemovedDigit >= 5
            output = vr + (roundUp ? 1 : 0)
        } else {
            // The common case: no exact ties to watch for.
            var roundUp = false
            if vp / 100 > vm / 100 {
                roundUp = vr % 100 >= 50
                vr /= 100; vp /= 100; vm /= 100
                removed += 2
            }
            while vp / 10 > vm / 10 {
                roundUp = vr % 10 >= 5
                vr /= 10; vp /= 10; vm /= 10
                removed += 1
            }
            output = vr + (vr == vm || roundUp ? 1 : 0)
        }
        var digits = output
        var exponent = e10 + removed
        // Ryū may keep trailing zeros of an integer-valued decimal; the layout wants none.
        while digits % 10 == 0 { digits /= 10; exponent += 1 }
        return (digits, exponent)
    }

    /// `ceil(log2(5^e))` for e ≥ 1, 1 for e = 0 (valid for 0 ≤ e ≤ 3528).
    @inline(__always) static func pow5Bits(_ e: Int) -> Int { Int((UInt32(e) &* 1_217_359) >> 19) + 1 }
    /// `floor(log10(2^e))` (valid for 0 ≤ e ≤ 1650).
    @inline(__always) static func log10Pow2(_ e: Int) -> Int { Int((UInt32(e) &* 78_913) >> 18) }
    /// `floor(log10(5^e))` (valid for 0 ≤ e ≤ 2620).
    @inline(__always) static func log10Pow5(_ e: Int) -> Int { Int((UInt32(e) &* 732_923) >> 20) }

    @inline(__always)
    static func isMultipleOfPowerOf5(_ value: UInt64, _ p: Int) -> Bool {
        var v = value, count = 0
        while v % 5 == 0 && count < p { v /= 5; count += 1 }
        return count >= p
    }

    /// `(m × multiplier) >> shift` for a 128-bit multiplier, where the result fits in 64 bits.
    @inline(__always)
    static func mulShift(_ m: UInt64, _ multiplier: (low: UInt64, high: UInt64), _ shift: Int) -> UInt64 {
        let low = m.multipliedFullWidth(by: multiplier.low)
        let high = m.multipliedFullWidth(by: multiplier.high)
        // The 192-bit product is high·2^64 + low; bits below 64 only matter through the carry.
        let (middle, carry) = high.low.addingReportingOverflow(low.high)
        let top = high.high &+ (carry ? 1 : 0)
        let s = shift - 64
        if s == 0 { return middle }
        if s < 64 { return (middle >> UInt64(s)) | (top << UInt64(64 - s)) }
        return top >> UInt64(s - 64)
    }
}
