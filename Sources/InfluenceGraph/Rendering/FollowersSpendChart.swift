/// Followers against spend on log axes, zeros in bands of their own: the raw
/// numbers behind the quadrant. The influencer far right and low, the big spender
/// high and far left: the two archetypes a campaign can seed, literally.
///
/// Customers are dots (`<circle class="customer">`) up to the density threshold,
/// else a density grid of two cells per decade; the top advocates are dots coloured
/// by profile, the campaign seeds outlined diamonds, and the customer with the most
/// followers and the one with the largest spend are called out by id.
struct FollowersSpendChart {
    var map: Report.FollowersSpendMap
    var id = "followers-spend"

    static let width = 440.0, height = 468.0
    var frame: ChartFrame { ChartFrame(id: id, width: Self.width, height: Self.height, left: 62, top: 16, right: 424, bottom: 416) }
    var xScale: LogScale {
        var s = map.followerAxis
        (s.start, s.end) = (frame.left, frame.right)
        return s
    }
    var yScale: LogScale {
        var s = map.spendAxis
        (s.start, s.end) = (frame.bottom, frame.top)
        return s
    }

    func svg() -> String {
        let frame = self.frame, x = xScale, y = yScale
        var m = Markup()
        let customers = map.density?.total ?? map.points.count
        frame.open(&m, title: "Followers vs spend: \(NumberText.grouped(customers)) customers",
                   description: "Each customer placed by follower count (across) and spend (up), both on logarithmic axes with zero in a band of its own, drawn as \(map.density == nil ? "one dot per customer" : "a density grid of two cells per decade"). Coloured dots are the \(map.top.count) top advocates, diamonds the \(map.seeds.count) campaign seeds.\(calloutText())",
                   className: "followers-spend")
        frame.background(&m)
        if x.hasZero {
            m.empty("rect", ["class": "zero-band", "x": frame.c(frame.left), "y": frame.c(frame.top),
                             "width": frame.c(LogScale.zeroBand), "height": frame.c(frame.plotHeight)])
        }
        if y.hasZero {
            m.empty("rect", ["class": "zero-band", "x": frame.c(frame.left), "y": frame.c(frame.bottom - LogScale.zeroBand),
                             "width": frame.c(frame.plotWidth), "height": frame.c(LogScale.zeroBand)])
        }
        frame.yAxis(&m, ticks: y.ticks(), title: "Spend (log; 0 in its own band)", grid: map.density == nil)
        frame.xAxis(&m, ticks: x.ticks(), title: "Followers (log; 0 in its own band)", grid: map.density == nil)
        if let grid = map.density {
            layer(grid).draw(&m, xName: "followers", yName: "spend")
        } else {
            frame.points(&m, map.points, x: x.position, y: y.position)
        }
        m.open("g", ["class": "advocates"])
        for p in map.top.reversed() {
            m.open("circle", ["class": "mark", "data-id": p.id, "cx": frame.c(x.position(p.x)), "cy": frame.c(y.position(p.y)), "r": "4",
                              "fill": ReportStyle.color(p.profile)])
            m.element("title", text: "\(p.rank). \(p.id): \(NumberText.grouped(Int(p.x))) followers, spend \(NumberText.money(p.y))")
            m.close("circle")
        }
        m.close("g")
        m.open("g", ["class": "seeds"])
        for p in map.seeds {
            let cx = x.position(p.x), cy = y.position(p.y)
            m.open("path", ["class": "seed-mark", "data-id": p.id,
                            "d": "M\(frame.c(cx)) \(frame.c(cy - 5.5))L\(frame.c(cx + 5.5)) \(frame.c(cy))L\(frame.c(cx)) \(frame.c(cy + 5.5))L\(frame.c(cx - 5.5)) \(frame.c(cy))Z"])
            m.element("title", text: "seed \(p.id): \(NumberText.grouped(Int(p.x))) followers, spend \(NumberText.money(p.y))")
            m.close("path")
        }
        m.close("g")
        m.newline()
        callouts(&m, x, y)
        frame.close(&m)
        return m.string
    }

    /// The most-followed customer and the largest spender, named beside their points.
    func callouts(_ m: inout Markup, _ x: LogScale, _ y: LogScale) {
        let frame = self.frame
        m.open("g", ["class": "callouts"])
        for (p, text) in callouts() {
            let cx = x.position(p.x), cy = y.position(p.y)
            let onRight = cx > frame.left + frame.plotWidth * 0.55
            let ty = min(frame.bottom - 6, max(frame.top + 12, cy + (cy < frame.top + 30 ? 16 : -9)))
            m.empty("circle", ["cx": frame.c(cx), "cy": frame.c(cy), "r": "7", "fill": "none", "stroke": "#1d2433", "stroke-width": "1.2"])
            m.element("text", ["class": "callout", "x": frame.c(cx + (onRight ? -10 : 10)), "y": frame.c(ty),
                               "text-anchor": onRight ? "end" : "start"], text: text)
        }
        m.close("g")
        m.newline()
    }

    func callouts() -> [(Report.MapPoint, String)] {
        var list: [(Report.MapPoint, String)] = []
        if let p = map.mostFollowed { list.append((p, "most followers: \(QuadrantChart.shortened(p.id))")) }
        if let p = map.topSpender, p.customer != map.mostFollowed?.customer {
            list.append((p, "largest spend: \(QuadrantChart.shortened(p.id))"))
        }
        return list
    }

    func calloutText() -> String {
        let named = callouts().map { p, text in "\(text) (\(NumberText.grouped(Int(p.x))) followers, spend \(NumberText.money(p.y)))" }
        return named.isEmpty ? "" : " Called out: " + named.joined(separator: "; ") + "."
    }

    func layer(_ grid: DensityGrid) -> DensityLayer {
        let x = xScale, y = yScale
        func range(_ edges: [Double], _ i: Int) -> String {
            edges[i] <= 0 ? "0" : NumberText.compact(edges[i]) + "–" + NumberText.compact(edges[i + 1])
        }
        return DensityLayer(grid: grid,
                            columnSpan: { x.span(from: grid.xEdges[$0], to: grid.xEdges[$0 + 1]) },
                            rowSpan: { y.span(from: grid.yEdges[$0], to: grid.yEdges[$0 + 1]) },
                            columnText: { range(grid.xEdges, $0) }, rowText: { range(grid.yEdges, $0) })
    }

    func legend() -> String {
        var legend = ChartLegend()
        for profile in InfluenceReport.profiles where map.top.contains(where: { $0.profile == profile }) {
            legend.add("top advocate (\(profile.rawValue))", color: ReportStyle.color(profile))
        }
        if !map.seeds.isEmpty { legend.add("campaign seed", color: "", shape: "diamond") }
        if let grid = map.density {
            legend.add("customers per cell:", color: "", shape: "none")
            layer(grid).legend(&legend)
        }
        return legend.html()
    }

    func tables() -> [DataTable] {
        var marked = DataTable(caption: "Marked customers", columns: ["role", "id", "followers", "spend"], numeric: ["followers", "spend"])
        for (p, text) in callouts() {
            marked.rows.append([.text(String(text.prefix { $0 != ":" })), .id(p.id), .count(Int(p.x)), .number(NumberText.money(p.y))])
        }
        for p in map.top {
            marked.rows.append([.text("advocate #\(p.rank)"), .id(p.id), .count(Int(p.x)), .number(NumberText.money(p.y))])
        }
        for (i, p) in map.seeds.enumerated() {
            marked.rows.append([.text("seed #\(i + 1)"), .id(p.id), .count(Int(p.x)), .number(NumberText.money(p.y))])
        }
        var tables = [marked]
        if let grid = map.density {
            tables.append(layer(grid).table(caption: "Customers per cell: spend (rows) by followers (columns)", corner: "spend \\ followers"))
        }
        return tables
    }
}
