/// wyrand (Wang Yi's generator from wyhash): one 64×64→128-bit multiplication per
/// draw, for the cascade kernels, whose runs are mostly draws.
///
/// A kernel seeds it from its run's `SplitMix64` stream, so a seed still fixes every
/// number and no run's draws depend on the thread that runs it. It costs less per draw
/// than SplitMix64's two multiplications and three shifts. Like SplitMix64 it is not cryptographically secure; it passes BigCrush and
/// PractRand, which is what a Monte Carlo estimate needs.
struct WyRand: RandomNumberGenerator, Sendable {
    var state: UInt64

    /// A generator whose sequence is fixed by `seed`; any seed is valid.
    init(seed: UInt64) { state = seed }

    /// The next 64 bits: the two halves of (state · (state ⊕ k)) folded together, after
    /// a Weyl step.
    ///
    /// - Complexity: O(1).
    @inline(__always)
    mutating func next() -> UInt64 {
        state &+= 0xA076_1D64_78BD_642F
        let product = state.multipliedFullWidth(by: state ^ 0xE703_7ED1_A0B4_28DB)
        return product.high ^ product.low
    }
}
