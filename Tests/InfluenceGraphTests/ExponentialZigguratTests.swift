import Testing
@testable import InfluenceGraph

@Suite struct ExponentialZigguratTests {
    /// A million draws against the exponential law: the mean, the second moment and the
    /// tail at points across the layers, the base layer's edge and the tail beyond it.
    /// Each bound is about five standard errors wide, so a wrong table or a layer
    /// returned from the wrong side of the curve fails it.
    @Test func drawsFollowTheExponentialLaw() {
        let draws = 1_000_000
        var rng = SplitMix64(seed: 2026, stream: 11)
        let points = [0.01, 0.1, 0.5, 1, 2, 4, 7.697117470131487, 9]
        var above = [Int](repeating: 0, count: points.count)
        var sum = 0.0, squares = 0.0, largest = 0.0
        ExponentialZiggurat.shared.withTables { tables in
            for _ in 0..<draws {
                let x = tables.next(&rng)
                sum += x
                squares += x * x
                largest = max(largest, x)
                for (i, t) in points.enumerated() where x > t { above[i] += 1 }
            }
        }
        let n = Double(draws)
        #expect(abs(sum / n - 1) < 5 * 1 / n.squareRoot())                // variance 1
        #expect(abs(squares / n - 2) < 5 * 20.0.squareRoot() / n.squareRoot())  // E[X²] = 2, Var[X²] = 20
        for (i, t) in points.enumerated() {
            let p = PortableMath.exp(-t)
            let error = 5 * (p * (1 - p) / n).squareRoot()
            #expect(abs(Double(above[i]) / n - p) < error, "P(X > \(t))")
        }
        // Certain edges have hazard 64 and must never be jumped over.
        #expect(largest < 44.5)
    }

    @Test func sameSeedSameDraws() {
        func draws(_ seed: UInt64) -> [Double] {
            var rng = SplitMix64(seed: seed)
            return ExponentialZiggurat.shared.withTables { t in (0..<1000).map { _ in t.next(&rng) } }
        }
        #expect(draws(5) == draws(5))
        #expect(draws(5) != draws(6))
        #expect(draws(5).allSatisfy { $0 >= 0 && $0.isFinite })
    }

    /// The wedge's chord and tangent only skip exponentials: three million draws equal
    /// those of the plain test against e^(−x) on the same tables and stream, tens of
    /// thousands of them through the wedges.
    @Test func squeezingTheWedgesChangesNoDraw() {
        let z = ExponentialZiggurat.shared
        var wedgeTests = 0
        func plain(_ rng: inout SplitMix64) -> Double {
            var bits = rng.next()
            while true {
                let layer = Int(bits & 255), u = bits >> 11
                if u < z.accept[layer] { return Double(u) * z.width[layer] }
                if layer == 0 { return ExponentialZiggurat.tailStart - PortableMath.log(1 - rng.nextUnitDouble()) }
                wedgeTests += 1
                let x = Double(u) * z.width[layer]
                let y = z.height[layer] + rng.nextUnitDouble() * (z.height[layer - 1] - z.height[layer])
                if y < PortableMath.exp(-x) { return x }
                bits = rng.next()
            }
        }
        var fast = SplitMix64(seed: 77), slow = SplitMix64(seed: 77)
        var differing = 0
        z.withTables { tables in
            for _ in 0..<3_000_000 where tables.next(&fast) != plain(&slow) { differing += 1 }
        }
        #expect(differing == 0)
        #expect(fast.state == slow.state)
        #expect(wedgeTests > 20_000)
    }
}
