import Testing
@_spi(Tooling) @testable import InfluenceGraph

/// Scales, ticks, log axes with zeros, density grids and label placement: the
/// geometry every report chart stands on, checked against hand-computed values.
@Suite struct ChartGeometryTests {
    @Test func linearScaleMapsAndInverts() {
        let y = LinearScale(lower: 0, upper: 8, start: 400, end: 40)
        #expect(y.position(0) == 400)
        #expect(y.position(8) == 40)
        #expect(y.position(4) == 220)
        #expect(LinearScale(lower: 3, upper: 3, start: 0, end: 100).position(3) == 50)
        #expect(y.ticks(step: 2).map(\.label) == ["0", "2", "4", "6", "8"])
        #expect(y.ticks(step: 2).map(\.position) == [400, 310, 220, 130, 40])
    }

    @Test func niceDomainsAreOneTwoTwoAndAHalfOrFiveTimesAPowerOfTen() {
        #expect(LinearScale.niceDomain(maximum: 7) == (8, 2))
        #expect(LinearScale.niceDomain(maximum: 10_136) == (12_500, 2_500))
        let small = LinearScale.niceDomain(maximum: 0.37)
        #expect(abs(small.upper - 0.4) < 1e-12 && abs(small.step - 0.1) < 1e-12)
        #expect(LinearScale.niceDomain(maximum: 100) == (100, 20))
        #expect(LinearScale.niceDomain(maximum: 0) == (1, 0.2))
        #expect(LinearScale.niceDomain(maximum: .nan) == (1, 0.2))
        // Whole steps for counts: 2.5 becomes 2 below ten, and no step is below 1.
        #expect(LinearScale.niceDomain(maximum: 12, integer: true) == (15, 5))
        #expect(LinearScale.niceDomain(maximum: 8, integer: true) == (8, 2))
        #expect(LinearScale.niceDomain(maximum: 1, integer: true) == (1, 1))
        // The upper end covers the maximum and is a whole number of steps.
        for maximum in [0.3, 1.7, 9.99, 42, 999, 123_456.7] {
            let (upper, step) = LinearScale.niceDomain(maximum: maximum)
            #expect(upper >= maximum && upper - step < maximum)
            let steps = upper / step
            #expect(abs(steps - steps.rounded()) < 1e-9 && steps <= 10)
        }
    }

    @Test func logScaleGivesZeroABandOfItsOwn() {
        let x = LogScale(covering: [0, 3, 450], start: 60, end: 460)
        #expect(x.lowerExponent == 0 && x.upperExponent == 3 && x.hasZero)
        // Zero sits mid-band; the first decade starts after the band and the gap.
        #expect(x.position(0) == 60 + LogScale.zeroBand / 2)
        #expect(x.logStart == 60 + LogScale.zeroBand + LogScale.zeroGap)
        #expect(x.position(1) == x.logStart)
        #expect(abs(x.position(10) - (x.logStart + (460 - x.logStart) / 3)) < 1e-9)
        #expect(abs(x.position(1000) - 460) < 1e-9)
        #expect(x.position(-5) == x.position(0))
        #expect(x.ticks().map(\.label) == ["0", "1", "10", "100", "1k"])
        #expect(x.span(from: 0, to: 1) == (60, 60 + LogScale.zeroBand))
        // Upward axes mirror it.
        let y = LogScale(covering: [0, 20], start: 400, end: 40)
        #expect(y.position(0) == 400 - LogScale.zeroBand / 2)
        #expect(y.lowerExponent == 1 && y.upperExponent == 2)
        #expect(abs(y.position(100) - 40) < 1e-9)
    }

    @Test func logScaleWithoutZerosAndAtExactPowers() {
        let x = LogScale(covering: [5, 50], start: 0, end: 100)
        #expect(!x.hasZero && x.lowerExponent == 0 && x.upperExponent == 2)
        #expect(x.position(1) == 0 && abs(x.position(10) - 50) < 1e-9)
        #expect(x.ticks().map(\.label) == ["1", "10", "100"])
        // Exact powers of ten close their own decade, and one decade is the least.
        let powers = LogScale(covering: [1_000], start: 0, end: 1)
        #expect(powers.lowerExponent == 3 && powers.upperExponent == 4)
        #expect(LogScale(covering: [100, 1_000_000], start: 0, end: 1).upperExponent == 6)
        #expect(LogScale.floorExponent(999.999) == 2 && LogScale.floorExponent(1_000) == 3)
        #expect(LogScale.ceilingExponent(1_000) == 3 && LogScale.ceilingExponent(1_000.001) == 4)
        #expect(LogScale.floorExponent(0.05) == -2 && LogScale.ceilingExponent(0.05) == -1)
        // Nothing positive: one decade and a zero band; NaN is ignored.
        let zeros = LogScale(covering: [0, 0, .nan, -3], start: 0, end: 1)
        #expect(zeros.hasZero && zeros.lowerExponent == 0 && zeros.upperExponent == 1)
        // Past eight decades every second one is labelled.
        #expect(LogScale(covering: [1, 1e10], start: 0, end: 1).ticks().map(\.label) == ["1", "100", "10k", "1M", "100M", "10B"])
    }

    @Test func logBinEdgesPutZerosAloneInTheFirstBin() {
        let x = LogScale(covering: [0, 3, 450], start: 0, end: 1)
        let edges = x.binEdges(perDecade: 2)
        #expect(edges.count == 1 + 3 * 2 + 1)
        #expect(edges[0] == 0 && edges[1] == 1 && edges[3] == 10 && edges[7] == 1_000)
        #expect(abs(edges[2] - 10.0.squareRoot()) < 1e-12)
        #expect(DensityGrid.cell(of: 0, edges: edges) == 0)
        #expect(DensityGrid.cell(of: 1, edges: edges) == 1)
        #expect(DensityGrid.cell(of: 3, edges: edges) == 1)
        #expect(DensityGrid.cell(of: 450, edges: edges) == 6)
    }

    @Test func densityGridCellsAndTotals() {
        let edges = DensityGrid.uniformEdges(from: 0, to: 1, count: 20)
        #expect(edges.count == 21 && edges[16] == 0.8 && edges[10] == 0.5)
        // A value on an edge belongs to the cell above it; the top edge to the last cell.
        #expect(DensityGrid.cell(of: 0.8, edges: edges) == 16)
        #expect(DensityGrid.cell(of: 0.7999999, edges: edges) == 15)
        #expect(DensityGrid.cell(of: 1, edges: edges) == 19)
        #expect(DensityGrid.cell(of: 7, edges: edges) == 19)
        #expect(DensityGrid.cell(of: -1, edges: edges) == 0)
        #expect(DensityGrid.cell(of: .nan, edges: edges) == 0)
        // Every point is counted exactly once, wherever it falls.
        var grid = DensityGrid(xEdges: edges, yEdges: [0, 10, 100, 1_000])
        var rng = SplitMix64(seed: 3)
        var expected = [Int](repeating: 0, count: 20 * 3)
        let specials: [Double] = [.nan, -1, 0, 1, 2, 1e9]
        for i in 0..<5_000 {
            let x = i % 50 == 0 ? specials[(i / 50) % specials.count] : Double(rng.next() % 1_000_000) / 999_999
            let y = Double(rng.next() % 2_000)
            grid.add(x: x, y: y)
            // A plain reference: linear scans of the edges.
            var cx = 0, cy = 0
            for c in 0..<20 where x >= edges[c] { cx = c }
            for (c, e) in [0.0, 10, 100].enumerated() where y >= e { cy = c }
            expected[cy * 20 + cx] += 1
        }
        #expect(grid.total == 5_000)
        #expect(grid.counts == expected)
        #expect(grid.columns == 20 && grid.rows == 3)
    }

    @Test func labelsSpreadWithoutOverlapInOrder() {
        #expect(LabelLayout.spread([100, 101, 102], gap: 12, lower: 0, upper: 500) == [89, 101, 113])
        #expect(LabelLayout.spread([50, 300], gap: 12, lower: 0, upper: 500) == [50, 300])
        // Crowded at the bottom edge: pushed up inside the span.
        #expect(zip(LabelLayout.spread([499, 500, 500], gap: 10, lower: 0, upper: 500), [480.0, 490, 500]).allSatisfy { abs($0 - $1) < 1e-9 })
        // More labels than fit: spaced evenly over the span.
        #expect(LabelLayout.spread([5, 5, 5], gap: 100, lower: 0, upper: 100) == [0, 50, 100])
        var rng = SplitMix64(seed: 9)
        for _ in 0..<200 {
            let count = 1 + Int(rng.next() % 25)
            let wanted = (0..<count).map { _ in Double(rng.next() % 400) }
            let placed = LabelLayout.spread(wanted, gap: 13, lower: 10, upper: 410)
            let order = wanted.indices.sorted { wanted[$0] != wanted[$1] ? wanted[$0] < wanted[$1] : $0 < $1 }
            for k in 1..<count { #expect(placed[order[k]] - placed[order[k - 1]] >= 13 - 1e-9) }
            #expect(placed.allSatisfy { $0 >= 10 - 1e-9 && $0 <= 410 + 1e-9 })
        }
    }

    @Test func numbersPrintTheSameEverywhere() {
        #expect(NumberText.grouped(1_234_567) == "1,234,567")
        #expect(NumberText.grouped(-1_000) == "-1,000")
        #expect(NumberText.grouped(999) == "999")
        #expect(NumberText.money(1_234.5) == "1,234.50")
        #expect(NumberText.money(-0.004) == "0.00")
        #expect(NumberText.money(9_999.999, digits: 0) == "10,000")
        #expect(NumberText.compact(1_500) == "1.5k")
        #expect(NumberText.compact(1e6) == "1M")
        #expect(NumberText.compact(12_500) == "12.5k")
        #expect(NumberText.compact(0.05) == "0.05")
        #expect(NumberText.trimmed(2.50) == "2.5")
        #expect(NumberText.fixed(-0.001, digits: 2) == "0.00")
        #expect(NumberText.fixed(2.5, digits: 0) == "3")
        #expect(NumberText.percent(0.125) == "12.5%")
        #expect(NumberText.coordinate(12.345) == "12.3")
    }

    @Test func shadesCoverTheCountsOnALogScale() {
        #expect(ReportStyle.shadeLevel(1, smallest: 1, largest: 1_000) == 0)
        #expect(ReportStyle.shadeLevel(1_000, smallest: 1, largest: 1_000) == ReportStyle.shades.count - 1)
        // √1000 is half way up, in a palette of eight shades level 3.5 rounds to 4.
        #expect(ReportStyle.shadeLevel(32, smallest: 1, largest: 1_000) == 4)
        #expect(ReportStyle.shadeLevel(7, smallest: 7, largest: 7) == ReportStyle.shades.count / 2)
        #expect(ReportStyle.heat(0) == "#f7fbff" && ReportStyle.heat(1) == "#084594")
    }
}
