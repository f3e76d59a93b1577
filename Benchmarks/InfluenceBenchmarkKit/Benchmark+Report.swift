@_spi(Tooling) import InfluenceGraph
#if canImport(Glibc)
import Glibc
#endif

extension Benchmark {
    /// The HTML report of a generated social-CRM dataset (`--scrm-customers`): its
    /// size, the time to compute, render and write it against `rank --by advocate`
    /// plus `seeds --k 20 --model hops` on the same graph (trials alternate, so load
    /// from other work falls on both), and, when Chromium is installed, the time it
    /// takes to render the page to `--dump-dom` next to an empty page's.
    mutating func reportGroup() throws {
        let threads = options.threads
        let directory = scratch + "/report-scrm"
        try SocialCRMGenerator(customers: options.scrmCustomers, seed: 1).write(toDirectory: directory, threads: threads)
        defer { removeTree(directory) }
        let graph = try CustomerGraph.load(from: directory, options: LoadOptions(threads: threads))
        let label = "scrm \(options.scrmCustomers) customers"
        let page = scratch + "/report.html"
        let hops = SeedSelection(count: 20, model: .hops(.hops(2)), threads: threads)

        var baseline: [Double] = [], report: [Double] = [], defaultModel: [Double] = []
        var bytes = 0
        for _ in 0..<options.trials {
            baseline += time(1) {
                let ranking = CustomerRanking(by: .advocate, advocate: AdvocateScore(pageRank: PageRank(threads: threads),
                                                                                      attribution: ReferralAttribution(threads: threads)))
                    .run(on: graph)
                consume(Double(ranking.top(20).first ?? 0))
                consume(hops.run(on: graph).picks.last?.reach ?? 0)
            }
            report += try time(1) { bytes = try writeReport(graph, seeds: hops, to: page) }
            defaultModel += try time(1) {
                _ = try writeReport(graph, seeds: SeedSelection(count: 20, model: .weightedCascade, threads: threads), to: page)
            }
        }
        let params = [("threads", "\(threads)"), ("customers", "\(graph.customerCount)"), ("follow_edges", "\(graph.follows.count)")]
        record(Measurement(name: "rank advocate + seeds k=20 hops, \(label) (\(threads) thr)", unit: "s", values: baseline, params: params))
        record(Measurement(name: "report k=20 hops written, \(label) (\(threads) thr)", unit: "s", values: report, params: params))
        record(Measurement(name: "report / (rank + seeds), hops (target <= 1.5)", unit: "ratio",
                           values: zip(report, baseline).map { $0 / $1 }, params: params))
        record(Measurement(name: "report k=20 wc (default) written, \(label) (\(threads) thr)", unit: "s", values: defaultModel, params: params))
        record(Measurement(name: "report size, \(label) (target <= 2)", unit: "MB", values: [Double(bytes) / 1e6],
                           params: params + [("bytes", "\(bytes)")]))

        // The hops page for the browser (the last file written was the wc one; both
        // draw the same grids and tables, so they are the same size within a few bytes).
        _ = try writeReport(graph, seeds: hops, to: page)
        guard let browser = Self.executable(named: ["chromium", "chromium-browser"]) else {
            write("chromium not found: the report's render time is not measured (apt-get install -y chromium)\n")
            return
        }
        let empty = scratch + "/empty.html"
        try AtomicFile.write(to: empty) { file throws(OutputError) in try file.write("<!DOCTYPE html><title>empty</title><p>empty</p>\n") }
        var render: [Double] = [], startup: [Double] = []
        var domBytes = 0
        for _ in 0..<options.trials {
            startup.append(try renderSeconds(browser, empty).seconds)
            let (seconds, dom) = try renderSeconds(browser, page)
            render.append(seconds)
            domBytes = dom
        }
        let browserParams = [("browser", browser), ("dom_bytes", "\(domBytes)"), ("page_bytes", "\(bytes)")]
        record(Measurement(name: "chromium --dump-dom report, \(label) (target < 2)", unit: "s", values: render, params: browserParams))
        record(Measurement(name: "chromium --dump-dom empty page", unit: "s", values: startup, params: browserParams))
    }

    /// Computes the report, renders it and writes it atomically; returns its bytes.
    func writeReport(_ graph: CustomerGraph, seeds: SeedSelection, to path: String) throws -> Int {
        var config = InfluenceReport(seeds: seeds, generator: "influence-bench")
        config.threads = options.threads
        let html = config.run(on: graph, source: "scrm").html()
        try AtomicFile.write(to: path) { file throws(OutputError) in try file.write(html) }
        return html.utf8.count
    }

    /// Runs `browser --headless --dump-dom file://path` with its output in a scratch
    /// file; returns the wall time and the bytes of DOM it printed.
    func renderSeconds(_ browser: String, _ path: String) throws -> (seconds: Double, bytes: Int) {
        let dom = scratch + "/dom.html"
        let profile = scratch + "/chromium-profile"
        let arguments = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                         "--host-resolver-rules=MAP * ~NOTFOUND", "--user-data-dir=" + profile, "--dump-dom", "file://" + path]
        let start = monotonicSeconds()
        let status = ChildProcess.run(arguments, stdout: dom).status
        let seconds = monotonicSeconds() - start
        guard status == 0 else { throw BenchmarkUsageError("\(browser) exited with status \(status) rendering \(path)") }
        let bytes = (try? FileBytes.read(dom).count) ?? 0
        guard bytes > 0 else { throw BenchmarkUsageError("\(browser) printed no DOM for \(path)") }
        return (seconds, bytes)
    }

    /// The first of `names` found on `PATH`, as a full path.
    static func executable(named names: [String]) -> String? {
        guard let path = getenv("PATH").map({ String(cString: $0) }) else { return nil }
        for name in names {
            for directory in path.split(separator: ":") where access("\(directory)/\(name)", X_OK) == 0 {
                return "\(directory)/\(name)"
            }
        }
        return nil
    }
}
