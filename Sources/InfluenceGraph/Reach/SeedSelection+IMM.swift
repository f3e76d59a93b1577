/// IMM's sampling phase: how many RR sets make greedy coverage a (1 − 1/e − ε)
/// approximation with probability at least 1 − 1/n.
struct IMM {
    let epsilon: Double
    let seed: UInt64
    let threads: Int
    /// Stop sampling once the sets hold this many bytes.
    var byteLimit: Int = .max

    /// Salts separating the lower-bound phase's sets from the final, independent ones.
    static let boundSalt: UInt64 = 0x1B0D_0000_0000_0001
    static let finalSalt: UInt64 = 0x1B0D_0000_0000_0002

    /// Returns the final RR-set collection and the ε it guarantees: `epsilon`, or more
    /// when the byte limit cut sampling short (the lower bound of OPT then falls back
    /// to 1 if it was not established).
    func sample(sampler: RRSampler, k: Int, candidates: [Int]) -> (sets: ReverseReachableSets, epsilon: Double) {
        let n = Double(max(2, sampler.rootCount))
        let logN = PortableMath.log(n)
        let ell = 1.0 * (1 + PortableMath.log(2) / logN)
        let eps = max(1e-3, epsilon)
        let epsPrime = 2.0.squareRoot() * eps
        let lnChoose = Self.logChoose(max(candidates.count, k), k)
        let lambdaPrime = (2 + 2 * epsPrime / 3) * (lnChoose + ell * logN + PortableMath.log(PortableMath.log(n) / PortableMath.log(2)))
            * n / (epsPrime * epsPrime)
        var lowerBound = 1.0
        var sets = ReverseReachableSets()
        let rounds = max(1, Int(PortableMath.log(n) / PortableMath.log(2)) - 1)
        for i in 1...rounds {
            let x = n / Double(1 << i)
            let theta = Int((lambdaPrime / x).rounded(.up))
            let complete = sets.grow(to: theta, sampler: sampler, seed: seed ^ Self.boundSalt, threads: threads, byteLimit: byteLimit)
            var oracle = RRCoverage(sets: sets, nodeCount: sampler.nodeCount, scale: 1, excluded: nil)
            let bounds = candidates.map { oracle.gain(of: $0) }
            let picks = LazyGreedy.run(&oracle, candidates: candidates, costs: [Double](repeating: 1, count: candidates.count),
                                       bounds: bounds, limit: k, budget: nil, perCost: false)
            let coveredFraction = picks.reduce(0) { $0 + $1.gain } / Double(sets.count)
            if n * coveredFraction >= (1 + epsPrime) * x {
                lowerBound = n * coveredFraction / (1 + epsPrime)
                break
            }
            if !complete { break }
        }
        sets = ReverseReachableSets()
        let e = 1 - 1 / 2.718281828459045
        let alpha = (ell * logN + PortableMath.log(2)).squareRoot()
        let beta = (e * (lnChoose + ell * logN + PortableMath.log(2))).squareRoot()
        let lambdaStar = 2 * n * (e * alpha + beta) * (e * alpha + beta) / (eps * eps)
        let needed = lambdaStar / lowerBound
        let theta = Int(min(needed, Double(Int.max / 2)).rounded(.up))
        var final = ReverseReachableSets()
        final.grow(to: theta, sampler: sampler, seed: seed ^ Self.finalSalt, threads: threads, byteLimit: byteLimit)
        // λ* grows as 1/ε², so fewer sets than needed guarantee ε·√(needed / sets).
        let achieved = final.count >= theta ? epsilon : eps * (needed / Double(max(1, final.count))).squareRoot()
        return (final, achieved)
    }

    /// ln C(n, k). - Complexity: O(k).
    static func logChoose(_ n: Int, _ k: Int) -> Double {
        var total = 0.0
        for i in 0..<min(k, n) { total += PortableMath.log(Double(n - i) / Double(i + 1)) }
        return total
    }
}
