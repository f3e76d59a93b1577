/// The social-vs-wallet quadrant: every customer by social percentile (across) and
/// wallet percentile (up), the profile thresholds as dashed lines, the regions
/// named, and the top advocates as points labelled with their ids in a column
/// beside the plot, joined by leader lines.
///
/// Up to the density threshold each customer is a dot coloured by profile
/// (`<circle class="customer">`); above it the customers are a density grid. The
/// top advocates are always points: `<circle class="top-point" data-id data-rank>`,
/// each with a `<text class="point-label" data-id>`.
struct QuadrantChart {
    var map: Report.SocialWalletMap
    var id = "quadrant"

    static let width = 640.0, height = 468.0
    var frame: ChartFrame { ChartFrame(id: id, width: Self.width, height: Self.height, left: 58, top: 16, right: 458, bottom: 416) }
    /// Percentiles to pixels.
    var xScale: LinearScale { LinearScale(lower: 0, upper: 1, start: frame.left, end: frame.right) }
    var yScale: LinearScale { LinearScale(lower: 0, upper: 1, start: frame.bottom, end: frame.top) }

    func svg() -> String {
        let frame = self.frame
        let x = xScale, y = yScale
        var m = Markup()
        let drawn = map.density == nil ? "one dot per customer, coloured by profile"
            : "a \(Self.cellsText(map.density)) density grid (darker cells hold more customers)"
        frame.open(&m, title: "Social vs wallet: \(NumberText.grouped(map.customers)) customers",
                   description: "Each customer placed by social percentile (PageRank, across) and wallet percentile (spend, up), drawn as \(drawn). Dashed lines mark the profile thresholds \(NumberText.trimmed(map.thresholds.low)) and \(NumberText.trimmed(map.thresholds.high)). The \(map.top.count) top advocates are labelled with their ids.",
                   className: "quadrant")
        frame.background(&m)
        let ticks = { (scale: LinearScale) in scale.ticks(step: 0.2, label: { NumberText.trimmed($0) }) }
        frame.yAxis(&m, ticks: ticks(y), title: "Wallet percentile (spend)", grid: map.density == nil)
        frame.xAxis(&m, ticks: ticks(x), title: "Social percentile (PageRank)", grid: map.density == nil)
        if let grid = map.density {
            layer(grid, x, y).draw(&m, xName: "social", yName: "wallet")
        } else {
            frame.points(&m, map.points, x: x.position, y: y.position)
        }
        thresholds(&m, x, y)
        regions(&m, x, y)
        labelledPoints(&m, x, y)
        frame.close(&m)
        return m.string
    }

    func layer(_ grid: DensityGrid, _ x: LinearScale, _ y: LinearScale) -> DensityLayer {
        func range(_ edges: [Double], _ i: Int) -> String {
            NumberText.fixed(edges[i], digits: 2) + "–" + NumberText.fixed(edges[i + 1], digits: 2)
        }
        return DensityLayer(grid: grid,
                            columnSpan: { (x.position(grid.xEdges[$0]), x.position(grid.xEdges[$0 + 1])) },
                            rowSpan: { (y.position(grid.yEdges[$0]), y.position(grid.yEdges[$0 + 1])) },
                            columnText: { range(grid.xEdges, $0) }, rowText: { range(grid.yEdges, $0) })
    }

    func thresholds(_ m: inout Markup, _ x: LinearScale, _ y: LinearScale) {
        let frame = self.frame
        m.open("g", ["class": "thresholds"])
        for t in Set([map.thresholds.low, map.thresholds.high]).sorted() where t > 0 && t < 1 {
            m.empty("line", ["class": "threshold", "x1": frame.c(x.position(t)), "y1": frame.c(frame.top),
                             "x2": frame.c(x.position(t)), "y2": frame.c(frame.bottom)])
            m.empty("line", ["class": "threshold", "x1": frame.c(frame.left), "y1": frame.c(y.position(t)),
                             "x2": frame.c(frame.right), "y2": frame.c(y.position(t))])
        }
        m.close("g")
        m.newline()
    }

    /// The three regions the thresholds bound, named in their outer corners.
    func regions(_ m: inout Markup, _ x: LinearScale, _ y: LinearScale) {
        let frame = self.frame
        let high = map.thresholds.high
        let names: [(String, AdvocateProfile, Double, Double, String)] = [
            ("ADVOCATES", .advocate, x.position(high) + 5, y.position(high) - 6, "start"),
            ("INFLUENCERS", .influencer, frame.right - 6, frame.bottom - 8, "end"),
            ("BIG SPENDERS", .bigSpender, x.position(0) + 6, y.position(1) + 15, "start"),
        ]
        m.open("g", ["class": "regions", "aria-hidden": "true"])
        for (name, profile, px, py, anchor) in names {
            m.element("text", ["class": "region", "x": frame.c(px), "y": frame.c(py), "text-anchor": anchor,
                               "fill": ReportStyle.color(profile)], text: name)
        }
        m.close("g")
        m.newline()
    }

    /// The top advocates: leader lines, then dots, then labels, so labels stay on top.
    func labelledPoints(_ m: inout Markup, _ x: LinearScale, _ y: LinearScale) {
        let frame = self.frame
        guard !map.top.isEmpty else { return }
        let gap = min(13.0, frame.plotHeight / Double(map.top.count))
        let labelY = LabelLayout.spread(map.top.map { y.position($0.y) + 4 }, gap: gap, lower: frame.top + 8, upper: frame.bottom + 4)
        let labelX = frame.right + 18
        m.open("g", ["class": "labelled", "data-labels": String(map.top.count)])
        for (i, p) in map.top.enumerated() {
            m.empty("path", ["class": "leader", "d": "M\(frame.c(x.position(p.x))) \(frame.c(y.position(p.y)))L\(frame.c(labelX - 4)) \(frame.c(labelY[i] - 4))"])
        }
        for p in map.top.reversed() {
            m.open("circle", ["class": "top-point", "data-id": p.id, "data-rank": String(p.rank),
                              "cx": frame.c(x.position(p.x)), "cy": frame.c(y.position(p.y)), "r": "4.5",
                              "fill": ReportStyle.color(p.profile)])
            m.element("title", text: "\(p.rank). \(p.id): \(p.profile.rawValue), social \(NumberText.fixed(p.x, digits: 3)), wallet \(NumberText.fixed(p.y, digits: 3))")
            m.close("circle")
        }
        let fontSize = gap < 11 ? "font-size:\(NumberText.trimmed(gap - 1))px" : ""
        for (i, p) in map.top.enumerated() {
            m.open("text", ["class": "point-label", "data-id": p.id, "x": frame.c(labelX), "y": frame.c(labelY[i]), "style": fontSize])
            m.element("tspan", ["class": "rank"], text: String(p.rank))
            m.text(" " + Self.shortened(p.id))
            m.close("text")
        }
        m.close("g")
        m.newline()
    }

    /// The legend: with dots, every profile and its customers; with a grid, the
    /// profiles of the labelled advocates, then the shades of customers per cell.
    func legend() -> String {
        var legend = ChartLegend()
        if let grid = map.density {
            for profile in InfluenceReport.profiles where map.top.contains(where: { $0.profile == profile }) {
                legend.add("top advocate (\(profile.rawValue))", color: ReportStyle.color(profile))
            }
            legend.add("customers per cell:", color: "", shape: "none")
            layer(grid, xScale, yScale).legend(&legend)
        } else {
            for entry in map.profileCounts {
                legend.add("\(entry.profile.rawValue) \(NumberText.grouped(entry.customers))", color: ReportStyle.color(entry.profile))
            }
        }
        return legend.html()
    }

    /// The numbers: customers per profile, the labelled advocates, and the grid's counts.
    func tables() -> [DataTable] {
        var profiles = DataTable(caption: "Customers per profile", columns: ["profile", "customers", "share"], numeric: ["customers", "share"])
        for entry in map.profileCounts {
            profiles.rows.append([.text(entry.profile.rawValue), .count(entry.customers),
                                  .number(NumberText.percent(map.customers == 0 ? 0 : Double(entry.customers) / Double(map.customers)))])
        }
        var top = DataTable(caption: "Labelled advocates", columns: ["rank", "id", "profile", "social", "wallet"], numeric: ["rank", "social", "wallet"])
        for p in map.top {
            top.rows.append([.number(String(p.rank)), .id(p.id), .text(p.profile.rawValue),
                             .number(NumberText.fixed(p.x, digits: 3)), .number(NumberText.fixed(p.y, digits: 3))])
        }
        var tables = [profiles, top]
        if let grid = map.density {
            tables.append(layer(grid, xScale, yScale).table(caption: "Customers per cell: wallet percentile (rows) by social percentile (columns)", corner: "wallet \\ social"))
        }
        return tables
    }

    /// "20 × 20".
    static func cellsText(_ grid: DensityGrid?) -> String {
        guard let grid else { return "" }
        return "\(grid.columns) × \(grid.rows)"
    }

    /// An id cut to 18 characters with an ellipsis, so labels fit their column.
    static func shortened(_ id: String) -> String {
        id.count <= 18 ? id : String(id.prefix(17)) + "…"
    }
}
