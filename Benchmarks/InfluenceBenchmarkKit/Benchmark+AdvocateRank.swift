@_spi(Tooling) import InfluenceGraph
#if canImport(Glibc)
import Glibc
#endif

extension Benchmark {
    /// `influence rank --by advocate` as a growth team runs it on the export in
    /// `directory`: from the CSV directory and from a snapshot imported from it,
    /// alternating per trial, each in a process of its own. Records the wall time of
    /// the process (end to end), the load and compute times the command reports in
    /// its JSON `timings`, and the process's peak memory.
    mutating func advocateRankRuns(cli: String, directory: String) throws {
        let snapshot = scratch + "/csv-scrm.igs"
        defer { unlink(snapshot) }
        let (imported, _) = ChildProcess.run([cli, "import", directory, "-o", snapshot, "--threads", "\(options.threads)"],
                                             stdout: "/dev/null")
        guard imported == 0 else { throw BenchmarkUsageError("influence import exited with status \(imported)") }
        // Targets at ten million customers: end to end 12 s from the CSV directory and
        // 5 s from the snapshot, compute 4 s.
        let sources = [(label: "CSV", path: directory), (label: ".igs", path: snapshot)]
        var wall = [[Double]](repeating: [], count: sources.count)
        var load = wall, compute = wall, peaks = wall
        let output = scratch + "/rank.json"
        for _ in 0..<options.trials {
            for (i, source) in sources.enumerated() {
                let start = monotonicSeconds()
                let (status, maxKB) = ChildProcess.run([cli, "rank", "--by", "advocate", source.path, "--top", "20",
                                                        "--format", "json", "--threads", "\(options.threads)"], stdout: output)
                wall[i].append(monotonicSeconds() - start)
                guard status == 0 else { throw BenchmarkUsageError("influence rank exited with status \(status)") }
                let json = (try? FileBytes.read(output)).map { String(decoding: $0, as: UTF8.self) } ?? ""
                guard let loaded = Self.number(after: "\"load_seconds\":", in: json),
                      let computed = Self.number(after: "\"compute_seconds\":", in: json)
                else { throw BenchmarkUsageError("influence rank printed no timings") }
                load[i].append(loaded)
                compute[i].append(computed)
                peaks[i].append(Double(maxKB) / 1e3)
            }
        }
        let params = [("threads", "\(options.threads)"), ("customers", "\(options.scrmCustomers)")]
        for (i, source) in sources.enumerated() {
            let name = "advocate rank, \(source.label)"
            let thr = "(\(options.threads) thr)"
            record(Measurement(name: "\(name): end to end \(thr)", unit: "s", values: wall[i], params: params))
            record(Measurement(name: "\(name): load \(thr)", unit: "s", values: load[i], params: params))
            record(Measurement(name: "\(name): compute \(thr)", unit: "s", values: compute[i], params: params))
            record(Measurement(name: "\(name): peak RSS \(thr)", unit: "MB", values: peaks[i], params: params))
        }
    }

    /// The number that follows `label` in `text`, or `nil`.
    static func number(after label: String, in text: String) -> Double? {
        let text = Array(text.utf8), label = Array(label.utf8)
        guard text.count >= label.count,
              let at = (0 ... text.count - label.count).first(where: { text[$0 ..< $0 + label.count].elementsEqual(label) })
        else { return nil }
        let numeric = Set("0123456789.eE+-".utf8)
        let digits = text[(at + label.count)...].prefix { numeric.contains($0) }
        return Double(String(decoding: digits, as: UTF8.self))
    }
}
