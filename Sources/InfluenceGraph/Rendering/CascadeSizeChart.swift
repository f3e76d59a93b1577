/// The referral cascade size distribution on log–log axes: how many cascades have
/// each size, one dot per size. Dots along a straight line are a power law, the
/// usual shape of viral referral.
struct CascadeSizeChart {
    var waves: Report.ReferralWaves
    var id = "cascade-sizes"

    static let width = 520.0, height = 340.0
    var frame: ChartFrame { ChartFrame(id: id, width: Self.width, height: Self.height, left: 62, top: 16, right: 504, bottom: 290) }

    func svg() -> String {
        let frame = self.frame
        var m = Markup()
        let sizes = waves.sizes
        let x = LogScale(covering: sizes.map { Double($0.size) }, start: frame.left, end: frame.right)
        let y = LogScale(covering: sizes.map { Double($0.cascades) }, start: frame.bottom, end: frame.top)
        let largest = sizes.last
        frame.open(&m, title: "Referral cascade sizes: \(NumberText.grouped(waves.cascades)) cascades",
                   description: sizes.isEmpty ? "No referral cascades."
                   : "Number of cascades (up, logarithmic) of each size (across, logarithmic): \(NumberText.grouped(sizes.first?.cascades ?? 0)) cascades of size \(sizes.first?.size ?? 0); the largest has \(NumberText.grouped(largest?.size ?? 0)) customers.",
                   className: "cascade-sizes")
        frame.background(&m)
        frame.yAxis(&m, ticks: y.ticks(), title: "Cascades")
        frame.xAxis(&m, ticks: x.ticks(), title: "Cascade size (customers)")
        guard !sizes.isEmpty else {
            frame.closeEmpty(&m, "No referral cascades")
            return m.string
        }
        m.open("g", ["class": "size-points"])
        for s in sizes {
            m.open("circle", ["class": "size-dot", "cx": frame.c(x.position(Double(s.size))), "cy": frame.c(y.position(Double(s.cascades))), "r": "3.2"])
            m.element("title", text: "\(NumberText.grouped(s.cascades)) cascade\(s.cascades == 1 ? "" : "s") of \(NumberText.grouped(s.size)) customers")
            m.close("circle")
        }
        m.close("g")
        frame.close(&m)
        return m.string
    }

    func legend() -> String {
        var legend = ChartLegend()
        legend.add("cascades of a size", color: ReportStyle.cascadeColor)
        return legend.html()
    }

    func table() -> DataTable {
        var table = DataTable(caption: "Cascades by size", columns: ["size", "cascades", "customers"], numeric: ["cascades", "customers"])
        for b in waves.sizeBuckets {
            table.rows.append([.number(b.lower == b.upper ? String(b.lower) : "\(b.lower)–\(b.upper)"), .count(b.cascades), .count(b.customers)])
        }
        return table
    }
}
