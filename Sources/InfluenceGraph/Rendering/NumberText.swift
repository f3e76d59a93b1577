/// Numbers as the report and the CLI print them, locale-free and the same on every
/// machine: fixed decimals, thousands separators, compact axis labels and percentages.
@_spi(Tooling) public enum NumberText {
    /// `value` with exactly `digits` decimals, its binary value rounded half away from
    /// zero, with a `-` only when the rounded value is not zero (`fixed(-0.001,
    /// digits: 2)` is `0.00`); `nan`, `inf` and `-inf` for values that are not finite.
    public static func fixed(_ value: Double, digits: Int) -> String {
        guard value.isFinite else { return value.isNaN ? "nan" : (value < 0 ? "-inf" : "inf") }
        var scale = 1.0
        for _ in 0..<digits { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 9e18 else { return String(value) }
        let whole = UInt64(scaled)
        let factor = UInt64(scale)
        var text = String(whole / factor)
        if digits > 0 {
            let fraction = String(whole % factor)
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return (value < 0 && scaled != 0 ? "-" : "") + text
    }

    /// An integer with a comma every three digits: `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = value < 0 ? "-" : ""
        for (i, c) in digits.enumerated() {
            if i > 0 && (digits.count - i) % 3 == 0 { out += "," }
            out.append(c)
        }
        return out
    }

    /// `value` rounded to `digits` decimals with thousands separators: `12,345.68`.
    static func money(_ value: Double, digits: Int = 2) -> String {
        let text = fixed(value, digits: digits)
        let negative = text.hasPrefix("-")
        let body = negative ? text.dropFirst() : Substring(text)
        let dot = body.firstIndex(of: ".") ?? body.endIndex
        let whole = Int(body[..<dot]).map(grouped) ?? String(body[..<dot])
        return (negative ? "-" : "") + whole + body[dot...]
    }

    /// A short axis label: `0`, `5`, `2.5`, `950`, `1.2k`, `15k`, `1M`, `2.5B`.
    static func compact(_ value: Double) -> String {
        let magnitude = abs(value)
        let units: [(Double, String)] = [(1e9, "B"), (1e6, "M"), (1e3, "k")]
        for (size, suffix) in units where magnitude >= size {
            return trimmed(value / size) + suffix
        }
        return trimmed(value)
    }

    /// At most two decimals, trailing zeros dropped: `2.5`, `0.05`, `3`.
    static func trimmed(_ value: Double) -> String {
        var text = fixed(value, digits: abs(value) >= 10 ? 1 : 2)
        if text.contains(".") {
            while text.hasSuffix("0") { text.removeLast() }
            if text.hasSuffix(".") { text.removeLast() }
        }
        return text == "-0" ? "0" : text
    }

    /// A share in [0, 1] as a percentage: `percent(0.125)` is `12.5%`.
    static func percent(_ share: Double, digits: Int = 1) -> String {
        fixed(share * 100, digits: digits) + "%"
    }

    /// An SVG coordinate: one decimal.
    static func coordinate(_ value: Double) -> String {
        fixed(value, digits: 1)
    }
}
