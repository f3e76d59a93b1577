/// A `DensityGrid` drawn as shaded cells, with the legend of its shades and the
/// table of its counts: what the maps draw in place of one mark per customer.
///
/// Each non-empty cell is a `<rect class="cell" data-count="N">` inside
/// `<g class="density" data-customers="TOTAL">`, so a reader of the page (or a test)
/// can add the counts up and find every customer.
struct DensityLayer {
    var grid: DensityGrid
    /// The pixels a column or a row spans (low edge, high edge).
    var columnSpan: (Int) -> (Double, Double)
    var rowSpan: (Int) -> (Double, Double)
    /// The words for a column's or a row's range of values.
    var columnText: (Int) -> String
    var rowText: (Int) -> String
    /// The counts of the emptiest and the fullest non-empty cells, which span the shades.
    var smallest: Int, largest: Int

    init(grid: DensityGrid, columnSpan: @escaping (Int) -> (Double, Double), rowSpan: @escaping (Int) -> (Double, Double),
         columnText: @escaping (Int) -> String, rowText: @escaping (Int) -> String) {
        self.grid = grid
        self.columnSpan = columnSpan
        self.rowSpan = rowSpan
        self.columnText = columnText
        self.rowText = rowText
        smallest = grid.counts.filter { $0 > 0 }.min() ?? 0
        largest = grid.counts.max() ?? 0
    }

    func level(_ count: Int) -> Int { ReportStyle.shadeLevel(count, smallest: smallest, largest: largest) }

    /// The cells, each with a `<title>` naming its ranges and count.
    func draw(_ m: inout Markup, xName: String, yName: String) {
        m.open("g", ["class": "density", "data-customers": String(grid.total)])
        for row in 0..<grid.rows {
            for column in 0..<grid.columns {
                let count = grid.count(column: column, row: row)
                guard count > 0 else { continue }
                let (x0, x1) = columnSpan(column), (y0, y1) = rowSpan(row)
                m.open("rect", ["class": "cell", "data-count": String(count),
                                "x": NumberText.coordinate(min(x0, x1)), "y": NumberText.coordinate(min(y0, y1)),
                                "width": NumberText.coordinate(abs(x1 - x0)), "height": NumberText.coordinate(abs(y1 - y0)),
                                "fill": ReportStyle.shades[level(count)]])
                m.element("title", text: "\(xName) \(columnText(column)), \(yName) \(rowText(row)): \(NumberText.grouped(count)) customers")
                m.close("rect")
            }
        }
        m.close("g")
        m.newline()
    }

    /// One legend entry per shade in use, with the range of counts it stands for.
    func legend(_ legend: inout ChartLegend) {
        var low = [Int](repeating: Int.max, count: ReportStyle.shades.count)
        var high = [Int](repeating: 0, count: ReportStyle.shades.count)
        for count in grid.counts where count > 0 {
            let level = self.level(count)
            low[level] = min(low[level], count)
            high[level] = max(high[level], count)
        }
        for level in low.indices where high[level] > 0 {
            let range = low[level] == high[level] ? NumberText.grouped(low[level])
                : NumberText.grouped(low[level]) + "–" + NumberText.grouped(high[level])
            legend.add(range, color: ReportStyle.shades[level], shape: "square")
        }
    }

    /// The counts as a table: rows from the top of the chart down, columns left to right.
    func table(caption: String, corner: String) -> DataTable {
        var table = DataTable(caption: caption, columns: [corner] + (0..<grid.columns).map(columnText), className: "grid-table")
        for row in (0..<grid.rows).reversed() {
            table.rows.append([.text(rowText(row))] + (0..<grid.columns).map { .count(grid.count(column: $0, row: row)) })
        }
        return table
    }
}
