#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Parsers for the numbers of data files, written as bytes; every one returns `nil`
/// on malformed input instead of guessing. Times are `Timestamp.parse`, signed
/// counts `Int64(decimal:)`.
@usableFromInline
enum NumberParsing {
    /// A canonical decimal `UInt64`: `0` or a non-zero digit followed by digits,
    /// below 10^19. Leading zeros, signs and spaces make it non-canonical (`nil`),
    /// so that `007` and `7` stay distinct ids.
    @inlinable
    static func canonicalUInt64(_ p: UnsafePointer<UInt8>, _ count: Int) -> UInt64? {
        guard count > 0, count <= 19 else { return nil }
        if p[0] == UInt8(ascii: "0") { return count == 1 ? 0 : nil }
        var value: UInt64 = 0
        for i in 0..<count {
            let d = p[i] &- UInt8(ascii: "0")
            guard d < 10 else { return nil }
            value = value &* 10 &+ UInt64(d)
        }
        return value
    }

    /// A decimal floating-point number: optional sign, digits with an optional
    /// fraction, optional exponent. `nan`, `inf`, hex and empty text give `nil`;
    /// an overflowing value gives ±infinity for the caller to reject.
    ///
    /// Values with at most 19 significant digits and a small exponent are computed
    /// exactly (Clinger's fast path); anything else goes through `strtod`.
    @inlinable
    static func double(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        var i = 0
        var negative = false
        if i < count, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
            negative = p[i] == UInt8(ascii: "-")
            i += 1
        }
        var mantissa: UInt64 = 0
        var digits = 0
        var scale = 0
        var sawDigit = false
        while i < count, p[i] &- UInt8(ascii: "0") < 10 {
            sawDigit = true
            if digits < 19 { mantissa = mantissa * 10 + UInt64(p[i] &- UInt8(ascii: "0")); if mantissa > 0 { digits += 1 } }
            else { scale += 1 }
            i += 1
        }
        if i < count, p[i] == UInt8(ascii: ".") {
            i += 1
            while i < count, p[i] &- UInt8(ascii: "0") < 10 {
                sawDigit = true
                if digits < 19 { mantissa = mantissa * 10 + UInt64(p[i] &- UInt8(ascii: "0")); if mantissa > 0 { digits += 1 }; scale -= 1 }
                i += 1
            }
        }
        guard sawDigit else { return nil }
        var exponent = 0
        if i < count, p[i] == UInt8(ascii: "e") || p[i] == UInt8(ascii: "E") {
            i += 1
            var expNegative = false
            if i < count, p[i] == UInt8(ascii: "-") || p[i] == UInt8(ascii: "+") {
                expNegative = p[i] == UInt8(ascii: "-")
                i += 1
            }
            var sawExpDigit = false
            while i < count, p[i] &- UInt8(ascii: "0") < 10 {
                sawExpDigit = true
                if exponent < 100_000 { exponent = exponent * 10 + Int(p[i] &- UInt8(ascii: "0")) }
                i += 1
            }
            guard sawExpDigit else { return nil }
            if expNegative { exponent = -exponent }
        }
        guard i == count else { return nil }
        let power = scale + exponent
        if mantissa < (1 << 53), power >= -22, power <= 22, digits < 19 {
            var value = Double(mantissa)
            if power < 0 { value /= exactPowersOfTen[-power] } else { value *= exactPowersOfTen[power] }
            return negative ? -value : value
        }
        return slowDouble(p, count)
    }

    /// 10⁰ through 10²², every one exact in a `Double`. Written out, the array is
    /// initialized statically: a computed one was checked for initialization on every
    /// read, about a tenth of a number's parse.
    @usableFromInline
    static let exactPowersOfTen: [Double] = [1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22]

    /// `strtod` on a NUL-terminated copy, for the rare inputs outside the fast path.
    @usableFromInline
    static func slowDouble(_ p: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        var copy = [CChar](repeating: 0, count: count + 1)
        for i in 0..<count { copy[i] = CChar(bitPattern: p[i]) }
        return copy.withUnsafeBufferPointer { b -> Double? in
            var end: UnsafeMutablePointer<CChar>? = nil
            let value = strtod(b.baseAddress!, &end)
            guard let end, end - UnsafeMutablePointer(mutating: b.baseAddress!) == count else { return nil }
            return value
        }
    }
}
