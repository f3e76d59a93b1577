@_spi(Tooling) import InfluenceGraph

/// Rows of named columns, rendered as an aligned text table, RFC 4180 CSV with a
/// header row, or a JSON array of objects.
struct ResultTable {
    enum Cell {
        case text(String)
        case int(Int)
        case number(Double, digits: Int)
        case flag(Bool)

        var display: String {
            switch self {
            case .text(let s): return s
            case .int(let i): return String(i)
            case .number(let d, let digits): return formatFixed(d, digits: digits)
            case .flag(let b): return b ? "true" : "false"
            }
        }

        /// Full precision for machine-readable formats.
        var exact: String {
            switch self {
            case .number(let d, _): return JSONValue.number(d)
            default: return display
            }
        }

        var json: JSONValue {
            switch self {
            case .text(let s): return .string(s)
            case .int(let i): return .int(i)
            case .number(let d, _): return .double(d)
            case .flag(let b): return .bool(b)
            }
        }

        var isNumeric: Bool {
            switch self {
            case .int, .number: return true
            case .text, .flag: return false
            }
        }
    }

    var columns: [String]
    var rows: [[Cell]] = []

    func renderTable() -> String {
        var widths = columns.map(\.count)
        for row in rows { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.display.count) } }
        func pad(_ s: String, _ w: Int, right: Bool) -> String {
            let fill = String(repeating: " ", count: max(0, w - s.count))
            return right ? fill + s : s + fill
        }
        var out = columns.enumerated().map { pad($0.element, widths[$0.offset], right: false) }.joined(separator: "  ")
        out = trimEnd(out) + "\n"
        out += widths.map { String(repeating: "-", count: $0) }.joined(separator: "  ") + "\n"
        for row in rows {
            let line = row.enumerated().map { pad($0.element.display, widths[$0.offset], right: $0.element.isNumeric) }.joined(separator: "  ")
            out += trimEnd(line) + "\n"
        }
        return out
    }

    func renderCSV() -> String {
        var out = columns.map(csvField).joined(separator: ",") + "\n"
        for row in rows { out += row.map { csvField($0.exact) }.joined(separator: ",") + "\n" }
        return out
    }

    var jsonRows: JSONValue {
        .array(rows.map { row in .object(zip(columns, row).map { ($0, $1.json) }) })
    }
}

func csvField(_ s: String) -> String {
    guard s.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return s }
    return "\"" + s.replacingAll("\"", with: "\"\"") + "\""
}

func trimEnd(_ s: String) -> String {
    var s = Substring(s)
    while s.last == " " { s.removeLast() }
    return String(s)
}

/// `d` with exactly `digits` decimals, without Foundation's locale-dependent formatting.
func formatFixed(_ d: Double, digits: Int) -> String {
    NumberText.fixed(d, digits: digits)
}

extension String {
    func replacingAll(_ target: String, with replacement: String) -> String {
        split(separator: Character(target), omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
