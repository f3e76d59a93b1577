@_spi(Tooling) import InfluenceGraph
#if canImport(Glibc)
import Glibc
#endif

/// Peak resident memory of this process, in bytes.
func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Int(usage.ru_maxrss) * 1024
}

/// One measured quantity over several trials: median, min and max.
public struct Measurement: Sendable {
    public var name: String
    public var unit: String
    public var values: [Double]
    public var params: [(String, String)]

    var sorted: [Double] { values.sorted() }
    /// The middle trial (the upper middle for an even count).
    public var median: Double { let s = sorted; return s.isEmpty ? .nan : s[s.count / 2] }
    public var min: Double { sorted.first ?? .nan }
    public var max: Double { sorted.last ?? .nan }

    /// One JSON object: `{"name","unit","median","min","max","params":{…}}`.
    public var json: String {
        func number(_ d: Double) -> String { d.isFinite ? "\(d)" : "null" }
        let p = params.map { "\"\(escaped($0.0))\":\"\(escaped($0.1))\"" }.joined(separator: ",")
        return "{\"name\":\"\(escaped(name))\",\"unit\":\"\(escaped(unit))\",\"median\":\(number(median)),\"min\":\(number(min)),\"max\":\(number(max)),\"params\":{\(p)}}"
    }

    /// A table line: name, median, min, max, unit.
    var line: String {
        "\(pad(name, 44)) \(pad(fixed(median, 4), 12)) \(pad(fixed(min, 4), 12)) \(pad(fixed(max, 4), 12)) \(unit)"
    }
}

func escaped(_ s: String) -> String {
    var out = ""
    for c in s.unicodeScalars {
        switch c {
        case "\"": out += "\\\""
        case "\\": out += "\\\\"
        default: if c.value < 0x20 { out += "\\u" + String(repeating: "0", count: 4 - String(c.value, radix: 16).count) + String(c.value, radix: 16) } else { out.unicodeScalars.append(c) }
        }
    }
    return out
}

/// Keeps results alive so the optimizer cannot drop the measured work.
nonisolated(unsafe) var blackHole = 0.0
func consume(_ value: Double) { blackHole += value }

/// Runs `body` `trials` times and returns the seconds of each run.
func time(_ trials: Int, _ body: () throws -> Void) rethrows -> [Double] {
    var out: [Double] = []
    for _ in 0..<trials {
        let start = monotonicSeconds()
        try body()
        out.append(monotonicSeconds() - start)
    }
    return out
}

func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: Swift.max(0, width - s.count)) }

/// `d` with `digits` decimals, or with 3 significant digits when it is small.
func fixed(_ d: Double, _ digits: Int) -> String {
    guard d.isFinite else { return "\(d)" }
    var digits = digits
    if d != 0 && abs(d) < 0.01 { digits = 6 }
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let r = (d * scale).rounded() / scale
    var text = "\(r)"
    if text.contains("e") { return text }
    if let dot = text.firstIndex(of: ".") {
        let decimals = text.distance(from: dot, to: text.endIndex) - 1
        if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
    }
    return text
}

/// Writes `text` to standard error.
public func printError(_ text: String) {
    var text = text
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}
