/// The frame every report chart shares: an accessible inline `<svg>` (role `img`,
/// labelled by its `<title>` and `<desc>`), the plot rectangle, grid lines, ticks,
/// tick labels and axis titles. Charts draw their marks between `open` and `close`.
///
/// The drawing scales with the page (`viewBox`, CSS `max-width: 100%`), so one set
/// of coordinates serves the screen and the printed page.
struct ChartFrame {
    /// A prefix unique on the page, for the `<title>` and `<desc>` ids.
    var id: String
    /// The drawing's size in CSS pixels.
    var width: Double, height: Double
    /// The plot rectangle.
    var left: Double, top: Double, right: Double, bottom: Double

    /// The plot's width and height.
    var plotWidth: Double { right - left }
    var plotHeight: Double { bottom - top }

    /// `<svg …><title>…</title><desc>…</desc>`.
    func open(_ markup: inout Markup, title: String, description: String, className: String) {
        markup.open("svg", ["class": "chart " + className, "viewBox": "0 0 \(Int(width)) \(Int(height))",
                            "width": String(Int(width)), "height": String(Int(height)),
                            "role": "img", "aria-labelledby": "\(id)-title \(id)-desc"])
        markup.element("title", ["id": "\(id)-title"], text: title)
        markup.element("desc", ["id": "\(id)-desc"], text: description)
        markup.newline()
    }

    /// `</svg>`.
    func close(_ markup: inout Markup) {
        markup.close("svg")
        markup.newline()
    }

    /// The plot's background and border.
    func background(_ markup: inout Markup) {
        markup.empty("rect", ["class": "plot-bg", "x": c(left), "y": c(top), "width": c(plotWidth), "height": c(plotHeight)])
    }

    /// Ticks and labels below the plot, vertical grid lines when `grid`, the axis
    /// title under them; labels turn 40° when `slanted` (long category names).
    func xAxis(_ markup: inout Markup, ticks: [AxisTick], title: String, grid: Bool = true, slanted: Bool = false) {
        markup.open("g", ["class": "axis x-axis"])
        for tick in ticks {
            let x = c(tick.position)
            if grid { markup.empty("line", ["class": "grid", "x1": x, "y1": c(top), "x2": x, "y2": c(bottom)]) }
            markup.empty("line", ["class": "tick", "x1": x, "y1": c(bottom), "x2": x, "y2": c(bottom + 5)])
            if slanted {
                let y = c(bottom + 12)
                markup.element("text", ["class": "tick-label", "x": x, "y": y, "text-anchor": "end",
                                        "transform": "rotate(-40 \(x) \(y))"], text: tick.label)
            } else {
                markup.element("text", ["class": "tick-label", "x": x, "y": c(bottom + 18), "text-anchor": "middle"], text: tick.label)
            }
        }
        markup.empty("line", ["class": "axis-line", "x1": c(left), "y1": c(bottom), "x2": c(right), "y2": c(bottom)])
        markup.element("text", ["class": "axis-title", "x": c(left + plotWidth / 2), "y": c(height - 8), "text-anchor": "middle"], text: title)
        markup.close("g")
        markup.newline()
    }

    /// Ticks and labels left of the plot, horizontal grid lines when `grid`, the axis
    /// title turned upright along the left edge.
    func yAxis(_ markup: inout Markup, ticks: [AxisTick], title: String, grid: Bool = true) {
        markup.open("g", ["class": "axis y-axis"])
        for tick in ticks {
            let y = c(tick.position)
            if grid { markup.empty("line", ["class": "grid", "x1": c(left), "y1": y, "x2": c(right), "y2": y]) }
            markup.empty("line", ["class": "tick", "x1": c(left - 5), "y1": y, "x2": c(left), "y2": y])
            markup.element("text", ["class": "tick-label", "x": c(left - 8), "y": c(tick.position + 4), "text-anchor": "end"], text: tick.label)
        }
        markup.empty("line", ["class": "axis-line", "x1": c(left), "y1": c(top), "x2": c(left), "y2": c(bottom)])
        let middle = c(top + plotHeight / 2)
        markup.element("text", ["class": "axis-title", "x": "14", "y": middle, "text-anchor": "middle",
                                "transform": "rotate(-90 14 \(middle))"], text: title)
        markup.close("g")
        markup.newline()
    }

    /// A chart with nothing to draw: `text` in the middle of the plot, and the `</svg>`.
    func closeEmpty(_ markup: inout Markup, _ text: String) {
        markup.element("text", ["class": "empty-note", "x": c(left + plotWidth / 2), "y": c(top + plotHeight / 2), "text-anchor": "middle"], text: text)
        close(&markup)
    }

    /// One dot per customer, coloured by profile through its class (`customer advocate`, …).
    func points(_ markup: inout Markup, _ points: [Report.MapPoint], x: (Double) -> Double, y: (Double) -> Double) {
        markup.open("g", ["class": "points", "data-customers": String(points.count)])
        for p in points {
            markup.empty("circle", ["class": "customer " + ReportStyle.slug(p.profile), "cx": c(x(p.x)), "cy": c(y(p.y)), "r": "2.5"])
        }
        markup.close("g")
        markup.newline()
    }

    /// A coordinate as the drawing prints it.
    func c(_ value: Double) -> String { NumberText.coordinate(value) }
}
