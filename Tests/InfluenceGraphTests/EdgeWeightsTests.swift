import Testing
@testable import InfluenceGraph

@Suite struct EdgeWeightsTests {
    @Test func fewDistinctValuesAreTableCoded() {
        let weights: EdgeWeights = [2.5, 0.25, 2.5, 1, 0.25]
        #expect(weights.isTableCoded)
        #expect(weights.distinctValues == [0.25, 1, 2.5])  // ascending bit patterns
        #expect(Array(weights) == [2.5, 0.25, 2.5, 1, 0.25])
        #expect(weights.count == 5 && weights[3] == 1)
        #expect(weights.byteCount == 5 * 2 + 3 * 8)
        #expect(weights.description == "[2.5, 0.25, 2.5, 1.0, 0.25]")
        let empty: EdgeWeights = []
        #expect(empty.isEmpty && empty.isTableCoded && empty.byteCount == 0)
    }

    @Test func tableLimitIsExact() {
        let limit = EdgeWeights.maximumTableCount
        let atLimit = (0..<limit).map { Double($0) / 8 }
        let coded = EdgeWeights(atLimit + atLimit.reversed(), threads: 2)
        #expect(coded.isTableCoded && coded.distinctValues?.count == limit)
        #expect(Array(coded) == atLimit + atLimit.reversed())

        let overLimit = atLimit + [-1]
        let plain = EdgeWeights(overLimit, threads: 2)
        #expect(!plain.isTableCoded && plain.distinctValues == nil)
        #expect(Array(plain) == overLimit)
        #expect(plain.byteCount == overLimit.count * 8)
    }

    @Test func bitPatternsSurvive() {
        // −0 and +0 are equal Doubles but different bit patterns; the all-ones NaN is
        // the hash table's empty-slot marker.
        let marker = Double(bitPattern: .max)
        let weights = EdgeWeights([0.0, -0.0, marker, 0.0, marker], threads: 1)
        #expect(weights.isTableCoded && weights.distinctValues?.count == 3)
        #expect(weights.map(\.bitPattern) == [0.0, -0.0, marker, 0.0, marker].map(\.bitPattern))
    }

    /// Values drawn from `distinct` choices, many chunks' worth.
    static func randomValues(count: Int, distinct: Int, seed: UInt64) -> [Double] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in Double(rng.next() % UInt64(distinct)) / 100 }
    }

    @Test func encodingDoesNotDependOnThreads() {
        for distinct in [1, 700, 60_000, 70_000] {
            let values = Self.randomValues(count: 400_000, distinct: distinct, seed: UInt64(distinct))
            let one = EdgeWeights(values, threads: 1)
            for threads in [2, 5] {
                let many = EdgeWeights(values, threads: threads)
                #expect(many.codes == one.codes && many.table == one.table, "\(distinct) distinct at \(threads) threads")
            }
            #expect(Array(one) == values)
            #expect(one.isTableCoded == (Set(values).count <= EdgeWeights.maximumTableCount))
        }
    }

    @Test func secondDirectionReusesTheTable() {
        let model = EdgeWeights([3, 1, 2, 1], threads: 1)
        let permuted: [Double] = [1, 2, 1, 3]
        let reused = permuted.withUnsafeBufferPointer { EdgeWeights.encoding($0, like: model, threads: 2) }
        #expect(reused.table == model.table && Array(reused) == permuted)
        // A value missing from the model's table: encoded on its own, still exact.
        let other: [Double] = [1, 4, 4]
        let own = other.withUnsafeBufferPointer { EdgeWeights.encoding($0, like: model, threads: 2) }
        #expect(own.distinctValues == [1, 4] && Array(own) == other)
    }

    @Test func equalityComparesValuesNotStorage() {
        let values: [Double] = [1, 2, 2, 1]
        let coded = EdgeWeights(values)
        let plain = EdgeWeights(codes: nil, table: values)
        #expect(coded == plain && plain == coded)
        #expect(coded != EdgeWeights([1, 2, 2, 2]))
        #expect(coded != EdgeWeights([1, 2, 2]))
        // A different table holding the same values in another order.
        let reordered = EdgeWeights(codes: [1, 0, 0, 1], table: [2, 1])
        #expect(reordered == coded)
    }

    @Test func rearrangedKeepsTheStorageKind() {
        for weights in [EdgeWeights([5, 6, 7]), EdgeWeights(codes: nil, table: [5, 6, 7])] {
            let reversed = weights.withStoredUnits { source, stride in
                weights.rearranged(count: 3) { units, unitStride in
                    #expect(unitStride == stride)
                    for e in 0..<3 { (units! + e * stride).copyMemory(from: source! + (2 - e) * stride, byteCount: stride) }
                }
            }
            #expect(Array(reversed) == [7, 6, 5])
            #expect(reversed.isTableCoded == weights.isTableCoded)
        }
    }

    /// A reader's coder gives codes in order of first appearance, by bit pattern
    /// (0 and -0 apart), grows past its first slots, and refuses a new value once
    /// every code is taken, while still coding the values it holds.
    @Test func readerCodesInOrderOfFirstAppearance() {
        var coder = WeightCoder()
        var random = SplitMix64(seed: 9)
        var expected: [UInt64: UInt16] = [:]
        for _ in 0 ..< 20_000 {
            let value = Double(random.next() % 3_000) / 100
            let code = coder.code(of: value)
            let known = expected[value.bitPattern] ?? UInt16(expected.count)
            expected[value.bitPattern] = known
            #expect(code == known)
        }
        #expect(expected.count > 2_000 && coder.table.count == expected.count)
        #expect(coder.table.enumerated().allSatisfy { expected[$0.element.bitPattern] == UInt16($0.offset) })
        let zero = coder.code(of: 0.0), negativeZero = coder.code(of: -0.0)
        #expect(zero != nil && negativeZero != nil && zero != negativeZero)
        var full = WeightCoder()
        for i in 0 ..< EdgeWeights.maximumTableCount { #expect(full.code(of: Double(i)) == UInt16(i)) }
        #expect(full.code(of: -1) == nil)
        #expect(full.code(of: 17) == 17 && full.code(of: Double(EdgeWeights.maximumTableCount - 1)) == UInt16.max)
    }

    /// A text's key is the same whether it is read with one load (8 bytes readable
    /// from its start) or byte by byte (at the end of the input, or outside it), and
    /// texts that differ in a byte or in length have different keys.
    @Test func weightTextKeysDoNotDependOnHowTheyAreRead() {
        var random = SplitMix64(seed: 5)
        var seen: [UInt64: [UInt8]] = [:]
        for _ in 0 ..< 5_000 {
            let text = (0 ..< Int(random.next() % 8)).map { _ in UInt8(truncatingIfNeeded: random.next() % 4 + 48) }
            let padded = text + Array("9,x\n\n".utf8)
            let loaded = padded.withUnsafeBytes { all in
                ShortTextKey.of(UnsafeRawBufferPointer(rebasing: all[..<text.count]), in: all)
            }
            let atTheEnd = text.withUnsafeBytes { ShortTextKey.of($0, in: $0) }
            let elsewhere = text.withUnsafeBytes { ShortTextKey.of($0, in: UnsafeRawBufferPointer(start: nil, count: 0)) }
            #expect(loaded != nil && loaded == atTheEnd && loaded == elsewhere, "\(text)")
            if let loaded { #expect(seen.updateValue(text, forKey: loaded) ?? text == text, "\(text)") }
        }
        #expect(seen.count > 500)
        #expect(Array("12345678".utf8).withUnsafeBytes { ShortTextKey.of($0, in: $0) } == nil)
    }
}
