#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Testing
@testable import InfluenceGraph

@Suite struct SplitMix64Tests {
    @Test func matchesTheReferenceSequence() {
        // Vigna's splitmix64.c seeded with 1234567, and the first output for seed 0.
        var rng = SplitMix64(seed: 1_234_567)
        let expected: [UInt64] = [
            6_457_827_717_110_365_317, 3_203_168_211_198_807_973, 9_817_491_932_198_370_423,
            4_593_380_528_125_082_431, 16_408_922_859_458_223_821,
        ]
        #expect((0..<5).map { _ in rng.next() } == expected)
        var zero = SplitMix64(seed: 0)
        #expect(zero.next() == 16_294_208_416_658_607_535)
    }

    @Test func streamsDiffer() {
        func firstDraws(_ seed: UInt64, _ stream: UInt64) -> [UInt64] {
            var rng = SplitMix64(seed: seed, stream: stream)
            return (0..<4).map { _ in rng.next() }
        }
        #expect(firstDraws(7, 0) == firstDraws(7, 0))
        #expect(firstDraws(7, 0) != firstDraws(7, 1))
        #expect(firstDraws(7, 1) != firstDraws(8, 1))
        // Stream s of seed t must not be stream t of seed s.
        #expect(firstDraws(3, 5) != firstDraws(5, 3))
    }

    @Test func unitDoublesAndIndicesStayInRange() {
        var rng = SplitMix64(seed: 9)
        var sum = 0.0
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<70_000 {
            let u = rng.nextUnitDouble()
            #expect(u >= 0 && u < 1)
            sum += u
            counts[rng.nextIndex(below: 7)] += 1
        }
        #expect(abs(sum / 70_000 - 0.5) < 0.01)
        // Each bucket expects 10,000; 5 standard deviations is about 460.
        #expect(counts.allSatisfy { abs($0 - 10_000) < 460 })
        #expect(rng.nextIndex(below: 1) == 0)
        #expect(rng.nextIndex(below: 0) == 0)
    }

    @Test func distributionsHaveTheirMoments() {
        var rng = SplitMix64(seed: 11)
        let n = 100_000
        var normalSum = 0.0, normalSquares = 0.0, exponentialSum = 0.0
        var logNormal: [Double] = [], pareto: [Double] = []
        for _ in 0..<n {
            let z = rng.nextNormal()
            normalSum += z
            normalSquares += z * z
            exponentialSum += rng.nextExponential(mean: 3)
            logNormal.append(rng.nextLogNormal(median: 100, sigma: 1))
            pareto.append(rng.nextPareto(minimum: 2, alpha: 2.5))
        }
        #expect(abs(normalSum / Double(n)) < 0.02)
        #expect(abs(normalSquares / Double(n) - 1) < 0.02)
        #expect(abs(exponentialSum / Double(n) - 3) < 0.05)
        logNormal.sort()
        #expect(abs(logNormal[n / 2] - 100) < 3)
        #expect(pareto.allSatisfy { $0 >= 2 })
        // P(X > 8) = (2/8)^1.5 = 0.125.
        let above = Double(pareto.filter { $0 > 8 }.count) / Double(n)
        #expect(abs(above - 0.125) < 0.005)
    }

    @Test func portableMathAgreesWithLibm() {
        var rng = SplitMix64(seed: 3)
        for _ in 0..<20_000 {
            let x = PortableMath.exp(40 * rng.nextUnitDouble() - 20) * rng.nextUnitDouble()
            guard x > 0 else { continue }
            #expect(abs(PortableMath.log(x) - Glibc.log(x)) <= 4e-16 * max(1, abs(Glibc.log(x))))
            let y = 1400 * rng.nextUnitDouble() - 700
            #expect(abs(PortableMath.exp(y) - Glibc.exp(y)) <= 4e-16 * Glibc.exp(y))
        }
        #expect(PortableMath.log(1) == 0)
        #expect(PortableMath.exp(0) == 1)
        #expect(PortableMath.log(0) == -.infinity)
        #expect(PortableMath.log(-1).isNaN)
        #expect(PortableMath.exp(1000) == .infinity)
        #expect(PortableMath.exp(-1000) == 0)
    }
}
