/// An HTML data table: a caption, column headers and rows of cells, numeric
/// columns right-aligned. Every chart is followed by one, so a screen reader (or a
/// reader who wants the numbers) has the figures the chart draws.
struct DataTable {
    /// One cell: its text, and the class that styles it (`num`, `id`, `name`, …).
    struct Cell {
        var text: String
        var kind: String
        /// Markup this module built itself (bars, badges), used instead of `text`.
        var markup: String? = nil

        static func text(_ text: String) -> Cell { Cell(text: text, kind: "") }
        static func id(_ text: String) -> Cell { Cell(text: text, kind: "id") }
        static func number(_ text: String) -> Cell { Cell(text: text, kind: "num") }
        static func count(_ value: Int) -> Cell { Cell(text: NumberText.grouped(value), kind: "num") }
        static func html(_ markup: String, kind: String = "") -> Cell { Cell(text: "", kind: kind, markup: markup) }
    }

    var caption: String
    /// Column titles; a title in `numeric` is right-aligned.
    var columns: [String]
    var numeric: Set<String> = []
    var rows: [[Cell]] = []
    var className: String = ""

    init(caption: String, columns: [String], numeric: Set<String> = [], className: String = "") {
        self.caption = caption
        self.columns = columns
        self.numeric = numeric
        self.className = className
    }

    /// The `<table>`.
    func html() -> String {
        var m = Markup()
        if className.isEmpty { m.open("table") } else { m.open("table", ["class": className]) }
        m.element("caption", text: caption)
        m.open("thead")
        m.open("tr")
        for column in columns {
            if numeric.contains(column) { m.element("th", ["scope": "col", "class": "num"], text: column) }
            else { m.element("th", ["scope": "col"], text: column) }
        }
        m.close("tr")
        m.close("thead")
        m.open("tbody")
        for row in rows {
            m.open("tr")
            for cell in row {
                if cell.kind.isEmpty { m.open("td") } else { m.open("td", ["class": cell.kind]) }
                if let markup = cell.markup { m.raw(markup) } else { m.text(cell.text) }
                m.close("td")
            }
            m.close("tr")
            m.newline()
        }
        m.close("tbody")
        m.close("table")
        return m.string
    }
}
