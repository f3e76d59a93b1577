/// K-factor by monthly cohort as bars: new customers per referrer, by the month of
/// the referrer's first referral. The dashed line at 1 is where referral alone
/// would grow the base.
struct KFactorChart {
    var waves: Report.ReferralWaves
    var id = "k-factor"

    static let width = 520.0, height = 340.0

    /// Long month lists turn their labels.
    var slanted: Bool { waves.cohorts.count > 8 }
    var frame: ChartFrame {
        ChartFrame(id: id, width: Self.width, height: Self.height, left: 62, top: 16, right: 476, bottom: slanted ? 266 : 290)
    }

    func svg() -> String {
        let frame = self.frame
        var m = Markup()
        let cohorts = waves.cohorts
        let (upper, step) = LinearScale.niceDomain(maximum: max(1, cohorts.map(\.kFactor).max() ?? 0), ticks: 5)
        let y = LinearScale(lower: 0, upper: upper, start: frame.bottom, end: frame.top)
        let band = frame.plotWidth / Double(max(1, cohorts.count))
        func cx(_ i: Int) -> Double { frame.left + band * (Double(i) + 0.5) }
        let best = cohorts.indices.max { cohorts[$0].kFactor < cohorts[$1].kFactor || (cohorts[$0].kFactor == cohorts[$1].kFactor && $0 > $1) }
        frame.open(&m, title: "K-factor by monthly cohort",
                   description: cohorts.isEmpty ? "No referrers."
                   : "New customers per referrer for \(cohorts.count) cohort\(cohorts.count == 1 ? "" : "s") of referrers by the month of their first referral; highest \(best.map { "\(cohorts[$0].name) at \(NumberText.fixed(cohorts[$0].kFactor, digits: 2))" } ?? "").",
                   className: "k-factor")
        frame.background(&m)
        frame.yAxis(&m, ticks: y.ticks(step: step, label: { NumberText.trimmed($0) }), title: "K-factor")
        let every = max(1, Int((Double(cohorts.count) / 24).rounded(.up)))
        frame.xAxis(&m, ticks: cohorts.indices.filter { $0 % every == 0 }.map { AxisTick(value: Double($0), position: cx($0), label: cohorts[$0].name) },
                    title: "Cohort (month of first referral)", grid: false, slanted: slanted)
        guard !cohorts.isEmpty else {
            frame.closeEmpty(&m, "No referrers")
            return m.string
        }
        m.open("g", ["class": "bars"])
        for (i, c) in cohorts.enumerated() {
            let h = y.position(0) - y.position(c.kFactor)
            m.open("rect", ["class": "kbar", "x": frame.c(cx(i) - band * 0.32), "y": frame.c(y.position(c.kFactor)),
                            "width": frame.c(band * 0.64), "height": frame.c(h)])
            m.element("title", text: "\(c.name): K = \(NumberText.fixed(c.kFactor, digits: 3)) (\(NumberText.grouped(c.referred)) referred by \(NumberText.grouped(c.referrers)) referrers)")
            m.close("rect")
            if cohorts.count <= 16 {
                m.element("text", ["class": "value-label", "x": frame.c(cx(i)), "y": frame.c(y.position(c.kFactor) - 4), "text-anchor": "middle"],
                          text: NumberText.fixed(c.kFactor, digits: 2))
            }
        }
        m.close("g")
        m.empty("line", ["class": "reference", "x1": frame.c(frame.left), "y1": frame.c(y.position(1)), "x2": frame.c(frame.right), "y2": frame.c(y.position(1))])
        m.element("text", ["class": "reference-label", "x": frame.c(frame.right + 4), "y": frame.c(y.position(1) + 3)], text: "K = 1")
        frame.close(&m)
        return m.string
    }

    func legend() -> String {
        var legend = ChartLegend()
        legend.add("K-factor", color: ReportStyle.kFactorColor, shape: "square")
        legend.add("K = 1", color: ReportStyle.cascadeColor, shape: "line")
        return legend.html()
    }

    func table() -> DataTable {
        var table = DataTable(caption: "Cohorts by month of the referrer's first referral",
                              columns: ["cohort", "referrers", "referred", "K-factor", "referred value"],
                              numeric: ["referrers", "referred", "K-factor", "referred value"])
        for c in waves.cohorts {
            table.rows.append([.text(c.name), .count(c.referrers), .count(c.referred), .number(NumberText.fixed(c.kFactor, digits: 3)),
                               .number(NumberText.money(c.referredValue))])
        }
        return table
    }
}
