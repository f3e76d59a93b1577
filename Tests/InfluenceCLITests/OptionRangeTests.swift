import Foundation
import Testing
@_spi(Tooling) import InfluenceGraph
@testable import InfluenceCLI

/// Every numeric option of every command has a range: help shows it, and a value
/// outside it is a usage error (exit 64) naming the option, the value and the range,
/// raised before any work (the source given does not exist, so any work would end in
/// exit 1 instead).
@Suite struct OptionRangeTests {
    static let missing = "/nonexistent/influence-source"

    /// Arguments that satisfy each command's other requirements, so the option under
    /// test is the only thing wrong: positionals, then required options.
    static func base(_ command: String, output: String) -> (positionals: [String], options: [(String, String)]) {
        switch command {
        case "explain", "chain": return (["C-1", missing], [])
        case "import": return ([missing], [("output", output)])
        case "referrals": return ([missing], [("report", "cascades")])
        case "generate": return ([], [("kind", "rmat"), ("output", output)])
        case "reach", "overlap": return ([missing], [("seeds", "C-1")])
        case "seeds": return ([missing], [("k", "1")])
        case "report": return ([missing], [("output", output)])
        case "export": return ([missing], [("to", "spark"), ("output", output)])
        default: return ([missing], [])
        }
    }

    /// Runs `command` with `name` set to `value` (replacing a base option of that name).
    static func run(_ command: String, _ name: String, _ value: String, output: String) -> (code: Int32, out: String, err: String) {
        let (positionals, options) = base(command, output: output)
        var words = [command] + positionals
        for (n, v) in options where n != name { words += ["--\(n)", v] }
        return runCLI(words + ["--\(name)=\(value)"])
    }

    /// The help of `spec` with its line wrapping undone.
    static func flatHelp(_ spec: CommandSpec) -> String {
        HelpRenderer.help(spec).split(whereSeparator: { $0 == " " || $0 == "\n" }).joined(separator: " ")
    }

    /// Value options that name things rather than count them.
    static let namingValues: Set<String> = ["ids", "file", "path", "dir", "mappings", "name", "text", "format", "kind", "model", "by", "rule", "order", "key"]

    @Test func everyNumericOptionShowsItsRangeAndRefusesValuesOutsideIt() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let output = folder.path + "/out"
        var checked = 0
        for command in CommandList.all {
            let spec = command.spec
            let help = Self.flatHelp(spec)
            for option in spec.options where !option.isFlag && option.choices == nil {
                guard let range = option.range else {
                    #expect(Self.namingValues.contains(option.valueName ?? ""), "\(spec.name) --\(option.name) has no range")
                    continue
                }
                #expect(help.contains("(range: \(range.text)"), "\(spec.name) --\(option.name): help lacks '(range: \(range.text)'")
                var outside: [(String, String)] = []
                switch range {
                case .integers(let r):
                    outside.append((String(r.lowerBound - 1), "an integer from \(r.lowerBound) to \(r.upperBound)"))
                    outside.append((String(r.upperBound) + "0", "an integer from \(r.lowerBound) to \(r.upperBound)"))
                    outside.append(("x", "an integer from \(r.lowerBound) to \(r.upperBound)"))
                case .numbers(let r):
                    let phrase = r.upperBound == .greatestFiniteMagnitude ? "a number of at least \(defaultText(r.lowerBound))"
                        : "a number from \(defaultText(r.lowerBound)) to \(defaultText(r.upperBound))"
                    outside.append((String(r.lowerBound - 1), phrase))
                    outside.append((r.upperBound == .greatestFiniteMagnitude ? "1e309" : String(r.upperBound * 2), phrase))
                    outside.append(("nan", phrase))
                case .described:
                    continue  // each checked by hand below
                }
                for (value, expected) in outside {
                    let r = Self.run(spec.name, option.name, value, output: output)
                    #expect(r.code == 64, "\(spec.name) --\(option.name) \(value): \(r.err)")
                    #expect(r.err.hasPrefix("Error: The value '\(value)' is invalid for '\(option.label)': expected \(expected)\n"),
                            "\(spec.name) --\(option.name) \(value): \(r.err)")
                    checked += 1
                }
            }
        }
        #expect(checked > 80)
        #expect(!FileManager.default.fileExists(atPath: output), "a command wrote its output before refusing an option")
    }

    /// Options whose range help describes in words: lists, durations, dates, `all`, seeds, scales.
    @Test func describedRangesAreCheckedToo() {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let output = folder.path + "/out"
        let cases: [(command: String, option: String, value: String, message: String)] = [
            ("reach", "hops", "0", "expected an integer from 1 to 4294967294, or 'all'"),
            ("reach", "hops", "100000000000", "expected an integer from 1 to 4294967294, or 'all'"),
            ("overlap", "hops", "-3", "expected an integer from 1 to 4294967294, or 'all'"),
            ("seeds", "hops", "4294967295", "expected an integer from 1 to 4294967294, or 'all'"),
            ("report", "hops", "al", "expected an integer from 1 to 4294967294, or 'all'"),
            ("attribute", "since", "1899-12-31", "expected a time from 1900-01-01 to 9999-12-31 (UTC) as a date like 2026-03-01, 2026-03-01T09:30:00Z or unix seconds"),
            ("chain", "until", "10000-01-01", "expected a time from 1900-01-01 to 9999-12-31 (UTC)"),
            ("referrals", "since", "-9223372036854775000", "expected a time from 1900-01-01 to 9999-12-31 (UTC)"),
            ("report", "until", "253402300800", "expected a time from 1900-01-01 to 9999-12-31 (UTC)"),
            ("rank", "weights", "social=1000001", "expected NAME=NUMBER with NUMBER from 0 to 1000000"),
            ("explain", "thresholds", "low=-0.5", "expected NAME=NUMBER with NUMBER from 0 to 1"),
            ("attribute", "tier-weights", "1,-1", "expected numbers ≥ 0 separated by commas"),
            ("attribute", "tier-weights", Array(repeating: "1", count: 65).joined(separator: ","), "65 weights, at most 64 allowed"),
            ("referrals", "burst-window", "0", "expected from 1s to 3000000d"),
            ("referrals", "burst-window", "3000001d", "expected from 1s to 3000000d"),
            ("report", "burst-window", "259200000001", "expected from 1s to 3000000d"),
            ("reach", "seed", "-1", "expected an integer from 0 to 18446744073709551615"),
            ("seeds", "seed", "18446744073709551616", "expected an integer from 0 to 18446744073709551615"),
            ("generate", "seed", "1.5", "expected an integer from 0 to 18446744073709551615"),
            ("generate", "scale", "0", "expected an integer from 1 to 31 for rmat, 7 to 23 for scrm"),
            ("generate", "scale", "32", "expected an integer from 1 to 31 for rmat, 7 to 23 for scrm"),
        ]
        for c in cases {
            let r = Self.run(c.command, c.option, c.value, output: output)
            let label = CommandList.all.first { $0.spec.name == c.command }!.spec.option(named: c.option)!.label
            #expect(r.code == 64, "\(c.command) --\(c.option) \(c.value): \(r.err)")
            #expect(r.err.hasPrefix("Error: The value '\(c.value)' is invalid for '\(label)': \(c.message)"), "\(c.command) --\(c.option): \(r.err)")
        }
        let scrm = runCLI(["generate", "--kind", "scrm", "--scale", "24", "-o", output])
        #expect(scrm.err.hasPrefix("Error: The value '24' is invalid for '--scale <s>': expected an integer from 1 to 31 for rmat, 7 to 23 for scrm\n"))
        #expect(!FileManager.default.fileExists(atPath: output))
    }

    /// `generate` refuses a size beyond its limits with the estimate, and writes nothing.
    @Test func generateRefusesSizesBeyondItsLimitsWithTheEstimate() {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let huge = runCLI(["generate", "--kind", "rmat", "--scale", "31", "--edge-factor", "1024", "-o", folder.path + "/r.el"])
        #expect(huge.code == 64)
        #expect(huge.err.hasPrefix("Error: '--scale 31' with '--edge-factor 1024' is too large: an R-MAT graph of scale 31 and edge factor 1024 (2199023255552 edges) would write about 45056 GiB and need about 8 GiB of memory; the limits are 16 GiB written and 8 GiB of memory\nUsage: influence generate"))
        #expect(!FileManager.default.fileExists(atPath: folder.path + "/r.el"))
        let help = OptionRangeTests.flatHelp(GenerateCommand.spec)
        #expect(help.contains("Scale and edge factor together may write at most 16 GiB and use at most 8 GiB of memory."))
    }

    /// `--hops` past the graph's depth is accepted and reports hops only up to the
    /// last that reaches anyone: the same columns as `--hops all`.
    @Test func reachReportsHopsUpToTheLastNonEmptyOne() {
        let star = fixtures + "/tiny/star.txt"
        let expected = "model,seeds,reach,spread,stderr,ci_low,ci_high,hop_1\nhops,1,4,5,0,4,4,4\n"
        for hops in ["1", "3", "4294967294", "all"] {
            let r = runCLI(["reach", star, "--seeds", "0", "--hops", hops, "--format", "csv"])
            #expect(r.code == 0 && r.out == expected, "--hops \(hops): \(r.out)\(r.err)")
        }
    }

    /// A referral time outside 1900–9999 stops the import as a bad row; with
    /// --skip-bad-rows it is counted and listed.
    @Test func outOfRangeTimesAreBadRowsAtImport() {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        folder.write("referrals.csv", "referrer,referee,time\nA,B,2026-01-01\nA,C,-9223372036854775000\n")
        let r = runCLI(["stats", folder.path, "--format", "csv"])
        #expect(r.code == 1)
        #expect(r.err == "Error: \(folder.path)/referrals.csv:3: time out of range ('-9223372036854775000'): times must lie from 1900-01-01T00:00:00Z to 9999-12-31T23:59:59Z\n")
        let skipped = runCLI(["stats", folder.path, "--skip-bad-rows", "--format", "json"])
        #expect(skipped.code == 0)
        #expect(skipped.out.contains("\"bad_rows_skipped\":1") && skipped.out.contains("time out of range ('-9223372036854775000')"))
    }

    /// Rows at both ends of the accepted range through every report that reads times.
    @Test func theRangeEndsThroughEveryTimeReport() {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        folder.write("referrals.csv", "referrer,referee,time\nA,B,1900-01-01T00:00:00Z\nB,C,9999-12-31T23:59:59Z\nZ,Y1,1900-01-01\nZ,Y2,9999-12-31T23:59:59Z\n")
        let cohorts = runCLI(["referrals", folder.path, "--report", "cohorts", "--format", "csv"])
        #expect(cohorts.out == "cohort,referrers,referred,k_factor,referred_value\n1900-01,2,3,1.5,0\n9999-12,1,1,1,0\n", "\(cohorts.out)\(cohorts.err)")
        let chain = runCLI(["chain", "C", folder.path, "--format", "csv"])
        #expect(chain.out == "step,id,referrer,time,value\n0,A,,,0\n1,B,A,1900-01-01T00:00:00Z,0\n2,C,B,9999-12-31T23:59:59Z,0\n", "\(chain.out)\(chain.err)")
        let audit = runCLI(["referrals", folder.path, "--report", "audit", "--burst-threshold", "1", "--burst-window", "3000000d", "--format", "csv"])
        #expect(audit.out.contains("burst,Z,2 referrals from 1900-01-01T00:00:00Z to 9999-12-31T23:59:59Z\n"), "\(audit.out)\(audit.err)")
        let window = runCLI(["attribute", folder.path, "--since", "1900-01-01", "--until", "9999-12-31", "--format", "json"])
        #expect(window.code == 0)
        #expect(window.out.contains("\"since\":\"1900-01-01T00:00:00Z\",\"until\":\"9999-12-31T23:59:59Z\""), "\(window.out)")
        #expect(window.out.contains("\"referees\":4"))
    }
}
