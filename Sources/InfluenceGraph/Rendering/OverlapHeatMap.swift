/// The overlap of the first seeds' audiences as a heat map: one row and one column
/// per seed in pick order, each cell the Jaccard index of two audiences, printed
/// and shaded (darker is more shared). Seeds whose audiences duplicate each other
/// are the ones a planner can drop.
struct OverlapHeatMap {
    var reach: Report.CampaignReach
    var id = "overlap"

    static let cell = 36.0, labelWidth = 124.0, top = 24.0

    var count: Int { reach.overlap.seeds.count }
    var width: Double { Self.labelWidth + Double(max(1, count)) * Self.cell + 64 }
    var height: Double { Self.top + Double(max(1, count)) * Self.cell + 16 }

    /// The largest Jaccard index off the diagonal: the top of the colour scale, so
    /// small overlaps still show (0.05 when all are smaller).
    var scaleTop: Double {
        var top = 0.0
        for i in 0..<count { for j in 0..<count where i != j { top = max(top, reach.overlap.jaccard(i, j)) } }
        return max(0.05, top)
    }

    func svg() -> String {
        let frame = ChartFrame(id: id, width: width, height: height, left: Self.labelWidth, top: Self.top,
                               right: Self.labelWidth + Double(count) * Self.cell, bottom: Self.top + Double(count) * Self.cell)
        var m = Markup()
        let pairs = count * (count - 1) / 2
        frame.open(&m, title: "Audience overlap of the first \(count) seeds (Jaccard)",
                   description: count < 2 ? "Fewer than two seeds: nothing to compare."
                   : "A \(count) by \(count) grid; the cell in row i and column j is the Jaccard index of the \(InfluenceReport.depthText(reach.overlapDepth)) audiences of seeds i and j (shared customers over customers in either). Largest of the \(pairs) pairs: \(largestPairText()).",
                   className: "heat-map")
        let top = scaleTop
        for j in 0..<count {
            m.element("text", ["class": "tick-label", "x": frame.c(frame.left + (Double(j) + 0.5) * Self.cell), "y": frame.c(Self.top - 8),
                               "text-anchor": "middle"], text: String(j + 1))
        }
        for i in 0..<count {
            let y = Self.top + Double(i) * Self.cell
            m.element("text", ["class": "tick-label", "x": frame.c(frame.left - 8), "y": frame.c(y + Self.cell / 2 + 4), "text-anchor": "end"],
                      text: "\(i + 1)  \(QuadrantChart.shortened(reach.overlapIDs[i]))")
            for j in 0..<count {
                let x = frame.left + Double(j) * Self.cell
                let value = reach.overlap.jaccard(i, j)
                let t = value / top
                let fill = i == j ? "#e3e6eb" : ReportStyle.heat(t)
                m.open("rect", ["class": "heat-cell", "data-jaccard": NumberText.fixed(value, digits: 4), "x": frame.c(x), "y": frame.c(y),
                                "width": frame.c(Self.cell - 2), "height": frame.c(Self.cell - 2), "fill": fill])
                m.element("title", text: "\(reach.overlapIDs[i]) and \(reach.overlapIDs[j]): Jaccard \(NumberText.fixed(value, digits: 3)), \(NumberText.grouped(reach.overlap.shared(i, j))) shared")
                m.close("rect")
                let text = i == j ? "—" : NumberText.fixed(value, digits: 2)
                m.element("text", ["class": "heat-value", "x": frame.c(x + (Self.cell - 2) / 2), "y": frame.c(y + Self.cell / 2 + 2),
                                   "text-anchor": "middle", "fill": i != j && t > 0.55 ? "#ffffff" : "#1d2433"], text: text)
            }
        }
        colorBar(&m, frame: frame, top: top)
        frame.close(&m)
        return m.string
    }

    /// A vertical colour bar right of the grid, labelled 0 and the scale's top.
    func colorBar(_ m: inout Markup, frame: ChartFrame, top: Double) {
        guard count > 0 else { return }
        let x = frame.right + 18, height = frame.bottom - frame.top - 2
        let steps = 24
        for s in 0..<steps {
            let t = Double(s) / Double(steps - 1)
            m.empty("rect", ["x": frame.c(x), "y": frame.c(frame.top + height * (1 - Double(s + 1) / Double(steps))),
                             "width": "12", "height": frame.c(height / Double(steps) + 0.5), "fill": ReportStyle.heat(t)])
        }
        m.element("text", ["class": "tick-label", "x": frame.c(x + 16), "y": frame.c(frame.top + 9)], text: NumberText.fixed(top, digits: 2))
        m.element("text", ["class": "tick-label", "x": frame.c(x + 16), "y": frame.c(frame.top + height)], text: "0")
    }

    func legend() -> String {
        var legend = ChartLegend()
        legend.add("Jaccard 0", color: ReportStyle.heat(0), shape: "square")
        legend.add("Jaccard \(NumberText.fixed(scaleTop, digits: 2)) or more", color: ReportStyle.heat(1), shape: "square")
        return legend.html()
    }

    func largestPairText() -> String {
        var best: (Int, Int)? = nil
        for i in 0..<count { for j in (i + 1)..<max(i + 1, count) {
            if let b = best, reach.overlap.jaccard(b.0, b.1) >= reach.overlap.jaccard(i, j) { continue }
            best = (i, j)
        } }
        guard let (i, j) = best else { return "none" }
        return "\(reach.overlapIDs[i]) and \(reach.overlapIDs[j]) at \(NumberText.fixed(reach.overlap.jaccard(i, j), digits: 3))"
    }

    func table() -> DataTable {
        var table = DataTable(caption: "Jaccard index of the \(InfluenceReport.depthText(reach.overlapDepth)) audiences; own reach on the diagonal",
                              columns: ["seed", "own reach", "adds"] + (0..<count).map { String($0 + 1) },
                              numeric: Set(["own reach", "adds"] + (0..<count).map { String($0 + 1) }), className: "grid-table")
        for i in 0..<count {
            table.rows.append([.id("\(i + 1) \(reach.overlapIDs[i])"), .count(reach.overlap.ownReach[i]), .count(reach.overlap.marginalReach[i])]
                              + (0..<count).map { j in i == j ? .text("—") : .number(NumberText.fixed(reach.overlap.jaccard(i, j), digits: 3)) })
        }
        return table
    }
}
