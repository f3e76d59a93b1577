/// The greedy seed curve: cumulative reach after each pick as a line, the reach each
/// pick adds as bars, and for the cascades IMM's 95% interval as a band around the
/// line (the sampling error of its reverse-reachable sets).
struct SeedCurveChart {
    var reach: Report.CampaignReach
    var id = "seed-curve"

    static let width = 560.0, height = 340.0
    var frame: ChartFrame { ChartFrame(id: id, width: Self.width, height: Self.height, left: 66, top: 18, right: 546, bottom: 290) }

    /// Whether the model is a cascade, whose reach is an estimate with an interval.
    var hasInterval: Bool {
        if case .hops = reach.model { return false }
        return true
    }

    var modelText: String { Self.modelText(reach.model) }

    static func modelText(_ model: SeedSelectionModel) -> String {
        switch model {
        case .hops(let depth): "\(InfluenceReport.depthText(depth)) reach (exact)"
        case .independentCascade(let p): "independent cascade, p = \(NumberText.trimmed(p))"
        case .weightedCascade: "weighted cascade"
        }
    }

    func svg() -> String {
        let frame = self.frame
        var m = Markup()
        let picks = reach.picks
        let last = picks.last
        frame.open(&m, title: "Campaign reach: \(picks.count) seeds, \(modelText)",
                   description: picks.isEmpty ? "No seeds were picked."
                   : "Cumulative reach after each greedy pick (line) and the reach each pick adds (bars)\(hasInterval ? ", with IMM's 95% interval as a band" : ""). \(picks.count) seeds reach \(NumberText.grouped(Int(last?.reach.rounded() ?? 0))) customers; the first adds \(NumberText.grouped(Int(picks[0].marginalReach.rounded()))).",
                   className: "seed-curve")
        frame.background(&m)
        let top = picks.map { hasInterval ? $0.reachInterval.upperBound : $0.reach }.max() ?? 0
        let (upper, step) = LinearScale.niceDomain(maximum: top, ticks: 5, integer: true)
        let y = LinearScale(lower: 0, upper: upper, start: frame.bottom, end: frame.top)
        let band = frame.plotWidth / Double(max(1, picks.count))
        func cx(_ i: Int) -> Double { frame.left + band * (Double(i) + 0.5) }
        let every = max(1, Int((Double(picks.count) / 20).rounded(.up)))
        let xTicks = picks.indices.filter { ($0 + 1) % every == 0 || $0 == 0 }.map {
            AxisTick(value: Double($0 + 1), position: cx($0), label: String($0 + 1))
        }
        frame.yAxis(&m, ticks: y.ticks(step: step), title: "Customers reached")
        frame.xAxis(&m, ticks: xTicks, title: "Seeds picked (k)", grid: false)
        guard !picks.isEmpty else {
            frame.closeEmpty(&m, "No seeds were picked")
            return m.string
        }
        m.open("g", ["class": "marginal"])
        for (i, p) in picks.enumerated() {
            let h = max(0, y.position(0) - y.position(max(0, p.marginalReach)))
            m.open("rect", ["class": "bar-marginal", "x": frame.c(cx(i) - band * 0.35), "y": frame.c(y.position(0) - h),
                            "width": frame.c(band * 0.7), "height": frame.c(h)])
            m.element("title", text: "pick \(i + 1) \(reach.ids[i]): adds \(NumberText.grouped(Int(p.marginalReach.rounded())))")
            m.close("rect")
        }
        m.close("g")
        m.newline()
        if hasInterval {
            let upperEdge = picks.indices.map { "\(frame.c(cx($0))) \(frame.c(y.position(picks[$0].reachInterval.upperBound)))" }
            let lowerEdge = picks.indices.reversed().map { "\(frame.c(cx($0))) \(frame.c(y.position(max(0, picks[$0].reachInterval.lowerBound))))" }
            m.empty("path", ["class": "band", "d": "M" + (upperEdge + lowerEdge).joined(separator: "L") + "Z"])
        }
        m.empty("path", ["class": "curve", "d": "M" + picks.indices.map { "\(frame.c(cx($0))) \(frame.c(y.position(picks[$0].reach)))" }.joined(separator: "L")])
        m.open("g", ["class": "curve-points"])
        for (i, p) in picks.enumerated() {
            m.open("circle", ["class": "curve-dot", "cx": frame.c(cx(i)), "cy": frame.c(y.position(p.reach)), "r": "3.2"])
            m.element("title", text: "\(i + 1) seeds: \(NumberText.grouped(Int(p.reach.rounded()))) reached")
            m.close("circle")
        }
        m.close("g")
        if let last {
            m.element("text", ["class": "value-label", "x": frame.c(cx(picks.count - 1)), "y": frame.c(y.position(last.reach) - 9),
                               "text-anchor": "end"], text: NumberText.grouped(Int(last.reach.rounded())))
        }
        frame.close(&m)
        return m.string
    }

    func legend() -> String {
        var legend = ChartLegend()
        legend.add("cumulative reach", color: ReportStyle.accent, shape: "line")
        if hasInterval { legend.add("95% interval (IMM sampling error)", color: ReportStyle.band, shape: "square") }
        legend.add("reach the pick adds", color: ReportStyle.marginal, shape: "square")
        return legend.html()
    }

    func table() -> DataTable {
        var columns = ["pick", "id", "adds", "cumulative"]
        if hasInterval { columns += ["95% low", "95% high"] }
        var table = DataTable(caption: "Seeds in pick order (\(modelText))", columns: columns,
                              numeric: ["pick", "adds", "cumulative", "95% low", "95% high"])
        let digits = hasInterval ? 1 : 0
        for (i, p) in reach.picks.enumerated() {
            var row: [DataTable.Cell] = [.number(String(i + 1)), .id(reach.ids[i]),
                                         .number(NumberText.money(p.marginalReach, digits: digits)),
                                         .number(NumberText.money(p.reach, digits: digits))]
            if hasInterval {
                row += [.number(NumberText.money(max(0, p.reachInterval.lowerBound), digits: 1)),
                        .number(NumberText.money(p.reachInterval.upperBound, digits: 1))]
            }
            table.rows.append(row)
        }
        return table
    }
}
