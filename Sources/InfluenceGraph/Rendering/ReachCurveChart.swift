/// A line chart of reach curves as a standalone SVG document: seeds picked on the
/// x axis, cumulative reach on the y axis, one line per model run, with axes, tick
/// labels, axis titles and a legend. A browser shows the file as it is.
///
/// ```swift
/// var chart = ReachCurveChart(title: "Reach by seeds picked")
/// chart.addSeries(name: "hops 2", values: result.picks.map(\.reach))
/// try chart.write(to: "curve.svg")
/// ```
///
/// Numeric policy: the y axis starts at 0 and ends at a "nice" value (1, 2 or 5
/// times a power of ten) at or above the largest point; coordinates are printed
/// with two decimals.
public struct ReachCurveChart: Sendable {
    /// One line: the y value after each pick (x = 1, 2, …).
    public struct Series: Sendable, Equatable {
        /// The legend label.
        public var name: String
        /// The y value after each pick.
        public var values: [Double]
    }

    /// The chart's title.
    public var title: String
    /// The x axis title. Default: "Seeds picked".
    public var xLabel: String
    /// The y axis title. Default: "Cumulative reach".
    public var yLabel: String
    /// The lines, drawn in order.
    public private(set) var series: [Series] = []
    /// Width and height in pixels. Default: 720 × 440.
    public var width: Int
    /// Height in pixels. Default: 440.
    public var height: Int

    static let palette = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf"]

    public init(title: String, xLabel: String = "Seeds picked", yLabel: String = "Cumulative reach",
                width: Int = 720, height: Int = 440) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.width = width
        self.height = height
    }

    /// Adds a line whose point `i` is `(i + 1, values[i])`.
    public mutating func addSeries(name: String, values: [Double]) {
        series.append(Series(name: name, values: values))
    }

    /// The SVG document. - Complexity: O(total points).
    public func svg() -> String {
        let left = 80.0, right = 20.0, top = 48.0, bottom = 56.0
        let w = Double(width), h = Double(height)
        let plotW = w - left - right, plotH = h - top - bottom
        let xMax = Double(max(1, series.map(\.values.count).max() ?? 1))
        let yMax = Self.niceCeiling(series.flatMap(\.values).filter(\.isFinite).max() ?? 1)
        func px(_ x: Double) -> String { Self.fixed(left + (xMax <= 1 ? plotW / 2 : (x - 1) / (xMax - 1) * plotW)) }
        func py(_ y: Double) -> String { Self.fixed(top + plotH - max(0, y) / yMax * plotH) }

        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out += "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(width)\" height=\"\(height)\" viewBox=\"0 0 \(width) \(height)\" font-family=\"sans-serif\" font-size=\"12\">\n"
        out += "<rect x=\"0\" y=\"0\" width=\"\(width)\" height=\"\(height)\" fill=\"white\"/>\n"
        out += "<text x=\"\(Self.fixed(w / 2))\" y=\"24\" text-anchor=\"middle\" font-size=\"16\">\(Self.escape(title))</text>\n"
        // Grid and y ticks.
        for i in 0...5 {
            let y = yMax * Double(i) / 5
            out += "<line x1=\"\(Self.fixed(left))\" y1=\"\(py(y))\" x2=\"\(Self.fixed(left + plotW))\" y2=\"\(py(y))\" stroke=\"#e0e0e0\"/>\n"
            out += "<text x=\"\(Self.fixed(left - 6))\" y=\"\(py(y))\" text-anchor=\"end\" dominant-baseline=\"middle\">\(Self.tickLabel(y))</text>\n"
        }
        // x ticks: at most ten, at whole picks.
        let step = max(1, Int((xMax / 10).rounded(.up)))
        var x = 1
        while Double(x) <= xMax {
            out += "<line x1=\"\(px(Double(x)))\" y1=\"\(Self.fixed(top + plotH))\" x2=\"\(px(Double(x)))\" y2=\"\(Self.fixed(top + plotH + 5))\" stroke=\"black\"/>\n"
            out += "<text x=\"\(px(Double(x)))\" y=\"\(Self.fixed(top + plotH + 18))\" text-anchor=\"middle\">\(x)</text>\n"
            x += step
        }
        // Axes and titles.
        out += "<line x1=\"\(Self.fixed(left))\" y1=\"\(Self.fixed(top))\" x2=\"\(Self.fixed(left))\" y2=\"\(Self.fixed(top + plotH))\" stroke=\"black\"/>\n"
        out += "<line x1=\"\(Self.fixed(left))\" y1=\"\(Self.fixed(top + plotH))\" x2=\"\(Self.fixed(left + plotW))\" y2=\"\(Self.fixed(top + plotH))\" stroke=\"black\"/>\n"
        out += "<text x=\"\(Self.fixed(left + plotW / 2))\" y=\"\(Self.fixed(h - 14))\" text-anchor=\"middle\">\(Self.escape(xLabel))</text>\n"
        out += "<text x=\"18\" y=\"\(Self.fixed(top + plotH / 2))\" text-anchor=\"middle\" transform=\"rotate(-90 18 \(Self.fixed(top + plotH / 2)))\">\(Self.escape(yLabel))</text>\n"
        // Lines and legend.
        for (i, s) in series.enumerated() {
            let color = Self.palette[i % Self.palette.count]
            let points = s.values.enumerated().map { "\(px(Double($0.offset + 1))),\(py($0.element.isFinite ? $0.element : 0))" }
            out += "<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"2\" points=\"\(points.joined(separator: " "))\"/>\n"
            for p in points {
                let xy = p.split(separator: ",")
                out += "<circle cx=\"\(xy[0])\" cy=\"\(xy[1])\" r=\"2.5\" fill=\"\(color)\"/>\n"
            }
            let ly = top + 8 + Double(i) * 18
            out += "<line x1=\"\(Self.fixed(left + 12))\" y1=\"\(Self.fixed(ly))\" x2=\"\(Self.fixed(left + 32))\" y2=\"\(Self.fixed(ly))\" stroke=\"\(color)\" stroke-width=\"2\"/>\n"
            out += "<text x=\"\(Self.fixed(left + 38))\" y=\"\(Self.fixed(ly))\" dominant-baseline=\"middle\">\(Self.escape(s.name))</text>\n"
        }
        out += "</svg>\n"
        return out
    }

    /// Writes the SVG to `path` atomically (a temporary file renamed into place).
    public func write(to path: String) throws(OutputError) {
        let text = svg()
        try AtomicFile.write(to: path) { (file: inout AtomicFile) throws(OutputError) in try file.write(text) }
    }

    /// 1, 2 or 5 times a power of ten, at or above `value` (1 for nothing positive).
    static func niceCeiling(_ value: Double) -> Double {
        guard value > 0 else { return 1 }
        var unit = 1.0
        while unit * 10 <= value { unit *= 10 }
        while unit > value { unit /= 10 }
        for m in [1.0, 2, 5, 10] where m * unit >= value { return m * unit }
        return 10 * unit
    }

    static func tickLabel(_ value: Double) -> String {
        if value == value.rounded() && abs(value) < 1e15 { return String(Int(value)) }
        return fixed(value)
    }

    /// Two decimals, without Foundation.
    static func fixed(_ value: Double) -> String {
        NumberText.fixed(value, digits: 2)
    }

    /// Escapes text for XML character data and attributes.
    static func escape(_ text: String) -> String {
        Markup.escape(text)
    }
}
