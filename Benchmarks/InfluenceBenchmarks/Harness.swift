import InfluenceGraph
#if canImport(Glibc)
import Glibc
#endif

/// Seconds on a monotonic clock.
func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

/// Peak resident memory of this process, in bytes.
func peakResidentBytes() -> Int {
    var usage = rusage()
    getrusage(__rusage_who_t(RUSAGE_SELF.rawValue), &usage)
    return Int(usage.ru_maxrss) * 1024
}

/// One measured quantity: the median, min and max over the trials.
struct Measurement {
    var name: String
    var unit: String
    var values: [Double]
    var params: [(String, String)]

    var sorted: [Double] { values.sorted() }
    var median: Double { let s = sorted; return s.isEmpty ? .nan : s[s.count / 2] }
    var min: Double { sorted.first ?? .nan }
    var max: Double { sorted.last ?? .nan }

    var json: String {
        let p = params.map { "\"\($0.0)\":\"\($0.1)\"" }.joined(separator: ",")
        return "{\"name\":\"\(name)\",\"unit\":\"\(unit)\",\"median\":\(median),\"min\":\(min),\"max\":\(max),\"params\":{\(p)}}"
    }
}

/// Keeps results alive so the optimizer cannot drop the measured work.
nonisolated(unsafe) var blackHole = 0
func consume(_ graph: CustomerGraph) { blackHole &+= graph.follows.count &+ graph.customerCount }

/// Runs `body` `trials` times and returns the seconds of each run.
func time(_ trials: Int, _ body: () throws -> Void) rethrows -> [Double] {
    var out: [Double] = []
    for _ in 0..<trials {
        let start = now()
        try body()
        out.append(now() - start)
    }
    return out
}

func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: Swift.max(0, width - s.count)) }

func fixed(_ d: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let r = (d * scale).rounded() / scale
    var text = "\(r)"
    if let dot = text.firstIndex(of: ".") {
        let decimals = text.distance(from: dot, to: text.endIndex) - 1
        if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
    }
    return text
}

/// Writes a line to standard error.
func printError(_ text: String) {
    var text = text
    text.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}
