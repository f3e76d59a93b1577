/// Ryū's 128-bit fixed-point powers of five, computed once on first use from exact
/// big-integer arithmetic (about a millisecond) rather than shipped as 1,336 literals.
///
/// - `power(i)`: the top 125 bits of 5^i, for 0 ≤ i < 326 (negative binary exponents).
/// - `inverse(q)`: ⌊2^k / 5^q⌋ + 1 with k = bitlength(5^q) − 1 + 125, for 0 ≤ q < 342
///   (non-negative binary exponents).
///
/// The tables live in memory allocated once and never freed, reached through a plain
/// pointer, so a lookup costs no reference counting.
struct ShortestDecimalTables: Sendable {
    static let powerBitCount = 125
    static let inverseBitCount = 125
    static let shared = ShortestDecimalTables()

    /// `power(i)` at 2i, 2i + 1 (low, high), then `inverse(q)` at 652 + 2q, 653 + 2q.
    /// Read-only after `init`, so sharing it between threads is safe.
    let words: UncheckedSendable<UnsafePointer<UInt64>>

    @inline(__always) func power(_ i: Int) -> (low: UInt64, high: UInt64) { (words.value[2 * i], words.value[2 * i + 1]) }
    @inline(__always) func inverse(_ q: Int) -> (low: UInt64, high: UInt64) { (words.value[652 + 2 * q], words.value[653 + 2 * q]) }

    init() {
        var powers: [UInt64] = []
        var inverses: [UInt64] = []
        powers.reserveCapacity(2 * 326)
        inverses.reserveCapacity(2 * 342)
        var five = BigNatural(1)
        for i in 0..<342 {
            let length = five.bitLength
            if i < 326 {
                let top = five.shifted(by: Self.powerBitCount - length)
                powers += [top.word(0), top.word(1)]
            }
            let quotient = BigNatural.powerOfTwo(length - 1 + Self.inverseBitCount).dividedWithSmallQuotient(by: five)
            inverses += [quotient.low &+ 1, quotient.high &+ (quotient.low == .max ? 1 : 0)]
            five.multiply(by: 5)
        }
        let all = powers + inverses
        let memory = UnsafeMutablePointer<UInt64>.allocate(capacity: all.count)
        memory.initialize(from: all, count: all.count)
        words = UncheckedSendable(UnsafePointer(memory))
    }
}

/// A non-negative integer as little-endian 32-bit words: just enough arithmetic to
/// build the tables above.
struct BigNatural {
    var words: [UInt32]

    init(_ value: UInt32) { words = [value] }

    static func powerOfTwo(_ e: Int) -> BigNatural {
        var n = BigNatural(0)
        n.words = [UInt32](repeating: 0, count: e / 32 + 1)
        n.words[e / 32] = 1 << UInt32(e % 32)
        return n
    }

    var bitLength: Int {
        guard let top = words.lastIndex(where: { $0 != 0 }) else { return 0 }
        return top * 32 + (32 - words[top].leadingZeroBitCount)
    }

    /// Word `i` of 64 bits (0 past the end).
    func word(_ i: Int) -> UInt64 {
        let lo = 2 * i < words.count ? UInt64(words[2 * i]) : 0
        let hi = 2 * i + 1 < words.count ? UInt64(words[2 * i + 1]) : 0
        return lo | hi << 32
    }

    mutating func multiply(by factor: UInt32) {
        var carry: UInt64 = 0
        for i in words.indices {
            let product = UInt64(words[i]) * UInt64(factor) + carry
            words[i] = UInt32(truncatingIfNeeded: product)
            carry = product >> 32
        }
        if carry > 0 { words.append(UInt32(carry)) }
    }

    /// `self × 2^shift` for positive `shift`, `⌊self / 2^−shift⌋` for negative.
    func shifted(by shift: Int) -> BigNatural {
        var result = BigNatural(0)
        let total = max(0, bitLength + shift)
        result.words = [UInt32](repeating: 0, count: total / 32 + 1)
        for bit in 0..<total where isSet(bit - shift) {
            result.words[bit / 32] |= 1 << UInt32(bit % 32)
        }
        return result
    }

    func isSet(_ bit: Int) -> Bool {
        bit >= 0 && bit / 32 < words.count && words[bit / 32] >> UInt32(bit % 32) & 1 == 1
    }

    static func >= (a: BigNatural, b: BigNatural) -> Bool {
        let n = max(a.words.count, b.words.count)
        for i in (0..<n).reversed() {
            let x = i < a.words.count ? a.words[i] : 0, y = i < b.words.count ? b.words[i] : 0
            if x != y { return x > y }
        }
        return true
    }

    mutating func subtract(_ other: BigNatural) {
        var borrow: Int64 = 0
        for i in words.indices {
            var d = Int64(words[i]) - borrow - (i < other.words.count ? Int64(other.words[i]) : 0)
            borrow = 0
            if d < 0 { d += 1 << 32; borrow = 1 }
            words[i] = UInt32(d)
        }
    }

    /// `⌊self / divisor⌋` by binary long division, for a quotient below 2^128.
    func dividedWithSmallQuotient(by divisor: BigNatural) -> (low: UInt64, high: UInt64) {
        // The top bitLength(divisor) − 1 bits are below the divisor and give no quotient
        // bits, so the remainder starts as them.
        let skip = max(0, min(bitLength, divisor.bitLength - 1))
        var remainder = shifted(by: skip - bitLength)
        remainder.words += [UInt32](repeating: 0, count: max(0, divisor.words.count + 1 - remainder.words.count))
        var low: UInt64 = 0, high: UInt64 = 0
        for bit in (0 ..< bitLength - skip).reversed() {
            // remainder = 2·remainder + bit
            var carry: UInt32 = isSet(bit) ? 1 : 0
            for i in remainder.words.indices {
                let next = remainder.words[i] >> 31
                remainder.words[i] = remainder.words[i] << 1 | carry
                carry = next
            }
            high = high << 1 | low >> 63
            low <<= 1
            if remainder >= divisor {
                remainder.subtract(divisor)
                low |= 1
            }
        }
        return (low, high)
    }
}
