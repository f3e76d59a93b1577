import Foundation
import Testing
@testable import InfluenceBenchmarkKit

/// The benchmark end to end at a tiny scale: every group runs and reports sane
/// numbers, and `--json` writes one parseable object per measurement. Not a timing.
@Suite struct BenchmarkSmokeTests {
    @Test func everyGroupRunsAtATinyScale() throws {
        let json = NSTemporaryDirectory() + "bench-\(UUID().uuidString).json"
        defer { try? FileManager.default.removeItem(atPath: json) }
        let options = try #require(try BenchmarkOptions.parse(["--scale", "8", "--threads", "2", "--repeat", "1", "--runs", "20",
                                                                "--referrals", "3000", "--scrm-customers", "500", "--json", json]))
        var lines: [String] = []
        var benchmark = Benchmark(options: options) { lines.append($0) }
        let measurements = try benchmark.run()
        #expect(lines.first?.hasPrefix("influence-bench  cores ") == true)
        let names = Set(measurements.map(\.name))
        for expected in ["load edge list (1 thr)", "parse rate (2 thr)", "bytes per follow edge", "snapshot load (2 thr)",
                         "pagerank per iteration (1 thr)", "pagerank per iteration (2 thr)", "personalized pagerank, 100 seeds (2 thr)",
                         "hits 20 iterations (2 thr)", "2-hop reach, 100 seeds (2 thr)", "wc runs per second (2 thr)",
                         "ic p=0.01 10,000 runs, projected (2 thr)", "imm k=50 eps=0.1 wc (2 thr)",
                         "attribute 3000 referral rows (2 thr)", "attribute scrm 500 customers (2 thr)",
                         "report k=20 hops written, scrm 500 customers (2 thr)", "report size, scrm 500 customers (target <= 2)",
                         "report / (rank + seeds), hops (target <= 1.5)", "csv follows.csv (2 thr)", "csv load, all files (1 thr)",
                         "csv speed-up 2 vs 1 threads (target >= 1.7)", "csv graph bytes", "peak resident memory"] {
            #expect(names.contains(expected), "missing \(expected)")
        }
        for m in measurements {
            #expect(m.values.allSatisfy { $0.isFinite && $0 >= 0 }, "\(m.name): \(m.values)")
            #expect(m.min <= m.median && m.median <= m.max)
        }
        // The synthetic referral set has exactly the rows asked for.
        let attribution = try #require(measurements.first { $0.name == "attribute 3000 referral rows (2 thr)" })
        #expect(attribution.params.contains { $0 == ("referral_edges", "3000") })
        // One JSON object per line, each with the documented keys.
        let text = try String(contentsOfFile: json, encoding: .utf8)
        let objects = text.split(separator: "\n")
        #expect(objects.count == measurements.count)
        for line in objects {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            #expect(Set(object.keys) == ["name", "unit", "median", "min", "max", "params"])
        }
    }

    @Test func usageErrorsNameTheBadWord() throws {
        #expect(throws: BenchmarkUsageError.self) { try BenchmarkOptions.parse(["--scael", "8"]) }
        do {
            _ = try BenchmarkOptions.parse(["--only", "pagerank,pgerank"])
            Issue.record("expected a usage error")
        } catch {
            #expect(error.description.hasPrefix("The value 'pgerank' is invalid for '--only'"))
        }
        let help = try BenchmarkOptions.parse(["--help"])
        #expect(help == nil)
    }
}
