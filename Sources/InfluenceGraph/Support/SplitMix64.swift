/// A small, fast, seedable random number generator (SplitMix64, Steele, Lea and
/// Flood 2014, as published by Vigna).
///
/// Every random stream in the library starts from `SplitMix64` so a seed fully fixes
/// the output (the cascade kernels draw from a `WyRand` seeded by their run's stream). Parallel work never shares one generator: each fixed chunk of work gets
/// its own stream, `SplitMix64(seed: seed, stream: chunk)`, so the numbers a chunk
/// sees do not depend on which thread runs it or how many threads there are.
///
/// ```swift
/// var rng = SplitMix64(seed: 42)
/// let x = rng.nextUnitDouble()          // in [0, 1)
/// var chunkRNG = SplitMix64(seed: 42, stream: 7)
/// ```
///
/// SplitMix64 is not cryptographically secure; it passes BigCrush and is ample for
/// synthetic data.
@frozen
public struct SplitMix64: RandomNumberGenerator, Sendable {
    /// The Weyl-sequence increment (2^64 / φ, odd).
    @usableFromInline static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15

    /// The internal state; the next output is `mix(state + gamma)`.
    public var state: UInt64

    /// A generator whose sequence is fixed by `seed`; `seed` 0 is valid.
    ///
    /// - Complexity: O(1).
    @inlinable
    public init(seed: UInt64) {
        state = seed
    }

    /// A generator for stream `stream` of `seed`: distinct streams of one seed, and
    /// the same stream of distinct seeds, give unrelated sequences.
    ///
    /// The seed and the stream number are each passed through the SplitMix64
    /// finalizer before they are combined, so nearby seeds and consecutive chunk
    /// indices (0, 1, 2, …) do not start on overlapping stretches of the Weyl
    /// sequence.
    ///
    /// - Complexity: O(1).
    @inlinable
    public init(seed: UInt64, stream: UInt64) {
        state = SplitMix64.mix(seed) ^ SplitMix64.mix(stream &* 0xD1B5_4A32_D192_ED03 &+ SplitMix64.gamma)
    }

    /// The next 64 uniformly distributed bits.
    ///
    /// - Complexity: O(1).
    @inlinable
    public mutating func next() -> UInt64 {
        state &+= SplitMix64.gamma
        return SplitMix64.mix(state)
    }

    /// The SplitMix64 output function (a variant of MurmurHash3's finalizer): a
    /// bijection on `UInt64` that spreads every input bit over every output bit.
    ///
    /// - Complexity: O(1).
    @inlinable
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z &>> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z &>> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z &>> 31)
    }
}

// The distributions below use only IEEE-754 basic operations (+, −, ×, ÷, square
// root, rounding) and `PortableMath`, never the platform's libm, so the numbers they
// produce are bit-identical on every machine and toolchain. The standard library's
// `Double.random(in:using:)` and `next(upperBound:)` are avoided for the same reason:
// their algorithms are not part of any stability promise.
extension RandomNumberGenerator {
    /// A uniform `Double` in `[0, 1)` from the top 53 bits of one draw: every value
    /// is a multiple of 2⁻⁵³, each equally likely.
    ///
    /// - Complexity: O(1), one draw.
    @inlinable
    public mutating func nextUnitDouble() -> Double {
        Double(next() &>> 11) * 0x1p-53
    }

    /// A uniform integer in `0..<bound`, without modulo bias (Lemire's
    /// multiply-and-reject method). Returns 0 when `bound <= 1`.
    ///
    /// - Complexity: O(1) expected draws (fewer than 2 for any bound).
    @inlinable
    public mutating func nextIndex(below bound: Int) -> Int {
        guard bound > 1 else { return 0 }
        let n = UInt64(bound)
        var product = next().multipliedFullWidth(by: n)
        if product.low < n {
            // Reject the few low products that would make small results more likely.
            let threshold = (0 &- n) % n
            while product.low < threshold {
                product = next().multipliedFullWidth(by: n)
            }
        }
        return Int(product.high)
    }

    /// A standard normal deviate (mean 0, standard deviation 1), by Marsaglia's
    /// polar method, which needs only a logarithm and a square root.
    ///
    /// - Complexity: O(1) expected; on average 1.27 pairs of draws.
    @inlinable
    public mutating func nextNormal() -> Double {
        while true {
            let x = 2 * nextUnitDouble() - 1
            let y = 2 * nextUnitDouble() - 1
            let s = x * x + y * y
            if s > 0 && s < 1 {
                return x * (-2 * PortableMath.log(s) / s).squareRoot()
            }
        }
    }

    /// A log-normal deviate: `median · e^(sigma · Z)` for a standard normal `Z`.
    /// Its mean is `median · e^(sigma² / 2)`, so a larger `sigma` gives a heavier
    /// right tail at the same median.
    ///
    /// - Complexity: O(1) expected.
    @inlinable
    public mutating func nextLogNormal(median: Double, sigma: Double) -> Double {
        median * PortableMath.exp(sigma * nextNormal())
    }

    /// An exponential deviate with the given mean (inverse transform).
    ///
    /// - Complexity: O(1), one draw.
    @inlinable
    public mutating func nextExponential(mean: Double) -> Double {
        // 1 − u lies in (0, 1], so the logarithm is finite.
        -mean * PortableMath.log(1 - nextUnitDouble())
    }

    /// A Pareto (continuous power-law) deviate: `P(X > x) = (minimum / x)^(alpha − 1)`
    /// for `x ≥ minimum`, so the density falls as `x^(−alpha)`. Degree distributions
    /// of social graphs have `alpha` between 2 and 3: a finite mean, a heavy tail.
    ///
    /// - Parameters:
    ///   - minimum: the smallest value, greater than 0.
    ///   - alpha: the density exponent, greater than 1.
    /// - Complexity: O(1), one draw.
    @inlinable
    public mutating func nextPareto(minimum: Double, alpha: Double) -> Double {
        let u = 1 - nextUnitDouble()  // in (0, 1]
        return minimum * PortableMath.exp(-PortableMath.log(u) / (alpha - 1))
    }
}
