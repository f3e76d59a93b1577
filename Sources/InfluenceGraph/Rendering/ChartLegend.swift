/// A chart's legend: swatches and what they mean, as an HTML list under the chart.
struct ChartLegend {
    /// One entry: the swatch's shape (`""` a dot, `square`, `line`, `diamond`, or
    /// `none` for a caption with no swatch), its colour and its label.
    struct Entry {
        var shape: String
        var color: String
        var label: String
    }

    var entries: [Entry] = []

    mutating func add(_ label: String, color: String, shape: String = "") {
        entries.append(Entry(shape: shape, color: color, label: label))
    }

    /// `<ul class="legend">`, one item per entry.
    func html() -> String {
        var m = Markup()
        m.open("ul", ["class": "legend"])
        for entry in entries {
            m.open("li")
            if entry.shape == "none" {
                m.text(entry.label)
                m.close("li")
                continue
            }
            let style = entry.shape == "diamond" ? "" : "background:" + entry.color
            m.open("span", ["class": entry.shape.isEmpty ? "swatch" : "swatch " + entry.shape, "style": style, "aria-hidden": "true"])
            m.close("span")
            m.text(entry.label)
            m.close("li")
        }
        m.close("ul")
        m.newline()
        return m.string
    }
}
