/// Unsigned integers in decimal, written straight into bytes two digits at a time.
///
/// Generators and exports write tens of millions of integers; a `String` per number
/// costs an allocation each, and digit-at-a-time division is the bulk of the
/// remaining time, so digits come from a table of the hundred two-digit pairs.
@usableFromInline
enum DecimalDigits {
    /// "00" "01" … "99", as one static byte string (no lazy global, no bounds check).
    static let pairs: StaticString = """
        00010203040506070809101112131415161718192021222324252627282930313233343536373839\
        40414243444546474849505152535455565758596061626364656667686970717273747576777879\
        8081828384858687888990919293949596979899
        """

    /// The number of decimal digits of `value` (1 for 0).
    @inline(__always)
    static func count(_ value: UInt64) -> Int {
        // ⌊log10⌋ from the bit length (1233/4096 ≈ log10 2), corrected by one comparison;
        // `| 1` makes 0 count as one digit and changes no other count (10^k − 1 is odd).
        let v = value | 1
        let guess = ((64 - v.leadingZeroBitCount) &* 1233) >> 12
        return guess &+ (v >= powerOfTen(guess) ? 1 : 0)
    }

    /// 10^`exponent` for 0 ≤ exponent ≤ 19 (a switch the compiler turns into a table).
    @inline(__always)
    static func powerOfTen(_ exponent: Int) -> UInt64 {
        switch exponent {
        case 0: return 1
        case 1: return 10
        case 2: return 100
        case 3: return 1_000
        case 4: return 10_000
        case 5: return 100_000
        case 6: return 1_000_000
        case 7: return 10_000_000
        case 8: return 100_000_000
        case 9: return 1_000_000_000
        case 10: return 10_000_000_000
        case 11: return 100_000_000_000
        case 12: return 1_000_000_000_000
        case 13: return 10_000_000_000_000
        case 14: return 100_000_000_000_000
        case 15: return 1_000_000_000_000_000
        case 16: return 10_000_000_000_000_000
        case 17: return 100_000_000_000_000_000
        case 18: return 1_000_000_000_000_000_000
        default: return 10_000_000_000_000_000_000
        }
    }

    /// Writes `value` in decimal at `out` and returns the number of bytes written (at most 20).
    @inline(__always)
    static func write(_ value: UInt64, to out: UnsafeMutablePointer<UInt8>) -> Int {
        let length = count(value)
        let table = pairs.utf8Start
        var v = value
        var i = length
        while v >= 100 {
            let pair = Int(truncatingIfNeeded: v % 100) &* 2
            v /= 100
            i &-= 2
            out[i] = table[pair]
            out[i &+ 1] = table[pair &+ 1]
        }
        if v >= 10 {
            let pair = Int(truncatingIfNeeded: v) &* 2
            out[0] = table[pair]
            out[1] = table[pair &+ 1]
        } else {
            out[0] = UInt8(truncatingIfNeeded: v) &+ 0x30
        }
        return length
    }
}
