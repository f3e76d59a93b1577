/// Exponential deviates with mean 1 by the ziggurat method (Marsaglia and Tsang, "The
/// Ziggurat Method for Generating Random Variables", 2000), for the cascade kernels,
/// which draw one per firing edge.
///
/// The density e^(−x) is covered by 256 layers of equal area. A draw picks a layer
/// with 8 bits and a point in it with 53 others; about 99% of points fall in the
/// rectangle under the curve and are returned after one multiplication. The rest are
/// tested against the curve (most settled by its chord and tangent, the others by an
/// exponential), or come from the tail beyond the base layer, using `PortableMath`, so
/// draws are the same bits on every machine. Inversion
/// (−ln(1 − u)) costs a logarithm every time, which was most of the arithmetic of a
/// cascade run. The largest value a draw can return is 7.7 + 36.7 = 44.4 (the tail
/// start plus −ln 2⁻⁵³).
struct ExponentialZiggurat: Sendable {
    /// The right edge of the base layer, and the common area of the layers, for 256
    /// layers (Marsaglia and Tsang's constants).
    static let tailStart = 7.697117470131487
    static let layerArea = 3.949659822581572e-3

    /// Per layer: a point with 53-bit coordinate `u < accept[i]` lies under the curve;
    /// `width[i]` turns the coordinate into x; `height[i]` is e^(−x) at the layer's edge.
    let accept: [UInt64]
    let width: [Double]
    let height: [Double]

    static let shared = ExponentialZiggurat()

    init() {
        let scale = 0x1p53
        var accept = [UInt64](repeating: 0, count: 256)
        var width = [Double](repeating: 0, count: 256)
        var height = [Double](repeating: 0, count: 256)
        var x = Self.tailStart
        var previous = x
        let q = Self.layerArea / PortableMath.exp(-x)
        accept[0] = UInt64(x / q * scale)
        width[0] = q / scale
        width[255] = x / scale
        height[0] = 1
        height[255] = PortableMath.exp(-x)
        for i in stride(from: 254, through: 1, by: -1) {
            x = -PortableMath.log(Self.layerArea / x + PortableMath.exp(-x))
            accept[i + 1] = UInt64(x / previous * scale)
            previous = x
            height[i] = PortableMath.exp(-x)
            width[i] = x / scale
        }
        self.accept = accept
        self.width = width
        self.height = height
    }

    /// Calls `body` with the tables as buffers, for a loop that draws many times.
    func withTables<R>(_ body: (Tables) -> R) -> R {
        accept.withUnsafeBufferPointer { accept in
        width.withUnsafeBufferPointer { width in
        height.withUnsafeBufferPointer { height in
            body(Tables(accept: accept, width: width, height: height))
        }}}
    }

    struct Tables {
        let accept: UnsafeBufferPointer<UInt64>
        let width: UnsafeBufferPointer<Double>
        let height: UnsafeBufferPointer<Double>

        /// An exponential deviate with mean 1.
        ///
        /// - Complexity: O(1) expected; one draw from `rng` about 99% of the time.
        @inline(__always)
        func next<G: RandomNumberGenerator>(_ rng: inout G) -> Double {
            let bits = rng.next()
            let layer = Int(bits & 255)
            let u = bits >> 11
            if u < accept[layer] { return Double(u) * width[layer] }
            let (x, after) = slow(rng: rng, layer: layer, u: u)
            rng = after
            return x
        }

        /// The points outside a layer's inner rectangle: the tail, or a test against
        /// the curve, then a fresh point on rejection. Takes and returns the generator
        /// by value, so that a caller's generator never needs an address and can live in
        /// a register.
        @inline(never)
        func slow<G: RandomNumberGenerator>(rng start: G, layer first: Int, u first53: UInt64) -> (Double, G) {
            var rng = start
            var layer = first, u = first53
            while true {
                if layer == 0 {
                    // Beyond the base layer the density is a shifted exponential.
                    return (ExponentialZiggurat.tailStart - PortableMath.log(1 - rng.nextUnitDouble()), rng)
                }
                // A wedge: x between the layer's inner edge a (0 for the top layer) and
                // outer edge b, y between their heights. The curve is convex, so it lies
                // under the chord from a to b and over the tangent at b: a point above
                // the chord is out, one under the tangent is in, and only the thin band
                // between them pays for an exponential (most slow draws did).
                let x = Double(u) * width[layer]
                let low = height[layer], high = height[layer - 1]
                let y = low + rng.nextUnitDouble() * (high - low)
                let b = width[layer] * 0x1p53, a = layer == 1 ? 0 : width[layer - 1] * 0x1p53
                let chord = high + (low - high) * ((x - a) / (b - a))
                if y < chord {
                    if y < low * (1 + (b - x)) || y < PortableMath.exp(-x) { return (x, rng) }
                }
                let bits = rng.next()
                layer = Int(bits & 255)
                u = bits >> 11
                if u < accept[layer] { return (Double(u) * width[layer], rng) }
            }
        }
    }
}
