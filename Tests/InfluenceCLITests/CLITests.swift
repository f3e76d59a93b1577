import Testing
@testable import InfluenceCLI

/// Runs the CLI in-process and captures its streams.
func runCLI(_ arguments: [String]) -> (code: Int32, out: String, err: String) {
    var out = TextOutput(), err = TextOutput()
    let code = InfluenceCLI.run(arguments: arguments, stdout: &out, stderr: &err)
    return (code, out.captured, err.captured)
}

let fixtures: String = {
    let root = #filePath.components(separatedBy: "/Tests/").first ?? "."
    return root + "/fixtures"
}()

@Suite struct CLITests {
    @Test func helpLooksLikeArgumentParser() {
        let help = runCLI(["stats", "--help"])
        #expect(help.code == 0)
        #expect(help.err.isEmpty)
        #expect(help.out == """
            OVERVIEW: Show the size and shape of a graph, its import report, memory and load time.

            USAGE: influence stats [<source>] [--format <format>] [--threads <n>] [--skip-bad-rows] [--customers <file>] [--follows <file>] [--referrals <file>] [--columns <mappings>] [--columns-file <file>] [--delimiter <delimiter>]

            ARGUMENTS:
              <source>                A data directory of CSV files, a SNAP edge list, or a
                                      .igs snapshot. Defaults to the bundled demo data
                                      unless --customers, --follows or --referrals name CSV
                                      files.

            OPTIONS:
              --format <format>       Output format. (values: table, csv, json; default:
                                      table)
              --threads <n>           Threads to compute with; results never depend on it.
                                      (range: 1 to 4096; default: all cores)
              --skip-bad-rows         Skip and count unreadable input rows instead of
                                      stopping at the first.
              --customers <file>      The customers CSV file (any name; - reads standard
                                      input), instead of SOURCE's customers.csv.
              --follows <file>        The follows CSV file (any name; - reads standard
                                      input), instead of SOURCE's follows.csv.
              --referrals <file>      The referrals CSV file (any name; - reads standard
                                      input), instead of SOURCE's referrals.csv.
              --columns <mappings>    Which header holds each field: ROLE.FIELD=HEADER,…
                                      such as customers.id=customer_id. Unmapped fields are
                                      found by name or a known alias.
              --columns-file <file>   Column mappings, one ROLE.FIELD=HEADER per line (#
                                      comments); --columns wins.
              --delimiter <delimiter>
                                      The CSV field delimiter. (values: comma, semicolon,
                                      tab, pipe; default: detected from each header)
              -h, --help              Show help information.

            """)
        #expect(runCLI(["help", "stats"]).out == help.out)
        #expect(runCLI(["stats", "-h"]).out == help.out)
    }

    @Test func topLevelHelpAndVersion() {
        let top = runCLI(["--help"])
        #expect(top.code == 0)
        #expect(top.out.hasPrefix("OVERVIEW: "))
        #expect(top.out.contains("SUBCOMMANDS:\n  stats                   Show the size"))
        #expect(runCLI([]).out == top.out)
        #expect(runCLI(["help"]).out == top.out)
        #expect(runCLI(["--version"]) == (0, "0.1.0\n", ""))
    }

    @Test func usageErrorsNameTheWordAndExit64() {
        let unknown = runCLI(["stats", "--formt", "json"])
        #expect(unknown.code == 64)
        #expect(unknown.out.isEmpty)
        #expect(unknown.err == """
            Error: Unknown option '--formt'. Did you mean '--format'?
            Usage: influence stats [<source>] [--format <format>] [--threads <n>] [--skip-bad-rows] [--customers <file>] [--follows <file>] [--referrals <file>] [--columns <mappings>] [--columns-file <file>] [--delimiter <delimiter>]
              See 'influence stats --help' for more information.

            """)
        let badChoice = runCLI(["stats", "--format=xml"])
        #expect(badChoice.code == 64)
        #expect(badChoice.err.hasPrefix("Error: The value 'xml' is invalid for '--format <format>'. Please provide one of 'table', 'csv', 'json'\n"))
        let command = runCLI(["stast"])
        #expect(command.code == 64)
        #expect(command.err.hasPrefix("Error: Unknown command 'stast'. Did you mean 'stats'?\n"))
        #expect(runCLI(["stats", "--threads", "0"]).err.hasPrefix("Error: The value '0' is invalid for '--threads <n>': expected an integer from 1 to 4096\n"))
        #expect(runCLI(["stats", "--threads"]).err.hasPrefix("Error: Missing value for '--threads <n>'\n"))
        #expect(runCLI(["stats", "a", "b"]).err.hasPrefix("Error: Unexpected argument 'b'\n"))
        #expect(runCLI(["import"]).err.hasPrefix("Error: Missing expected argument '<source>'\n"))
        #expect(runCLI(["stats", "--skip-bad-rows=yes"]).code == 64)
    }

    @Test func dataErrorsExit1WithFileAndLine() {
        let missing = runCLI(["stats", "/nonexistent/graph.txt"])
        #expect(missing.code == 1)
        #expect(missing.err == "Error: /nonexistent/graph.txt: no such file or directory\n")
        let dir = TemporaryFolder()
        defer { dir.remove() }
        dir.write("follows.csv", "follower,followee,weight\nA,B,1\nB,C,heavy\n")
        let bad = runCLI(["stats", dir.path])
        #expect(bad.code == 1)
        #expect(bad.err == "Error: \(dir.path)/follows.csv:3: weight is not a number ('heavy')\n")
        let skipped = runCLI(["stats", dir.path, "--skip-bad-rows", "--format", "csv"])
        #expect(skipped.code == 0)
        #expect(skipped.out.contains("\nbad_rows_skipped,1\n"))
    }

    @Test func statsInEveryFormat() {
        let json = runCLI(["stats", fixtures + "/tiny/shop", "--format", "json", "--threads", "1"])
        #expect(json.code == 0)
        #expect(json.out.hasPrefix("{\"source\":\"\(fixtures)/tiny/shop\",\"customers\":5,\"follow_edges\":7,\"referral_edges\":4,\"isolated_customers\":0,\"max_followers\":4,"))
        for key in ["self_loops_dropped", "duplicates_merged", "graph_bytes", "bytes_per_follow_edge", "load_seconds"] {
            #expect(json.out.contains("\"\(key)\":"))
        }
        #expect(json.out.contains("\"weighted\":true"))
        let csv = runCLI(["stats", fixtures + "/tiny/cycle.txt", "--format", "csv"])
        #expect(csv.out.hasPrefix("metric,value\nsource,\(fixtures)/tiny/cycle.txt\ncustomers,4\nfollow_edges,4\n"))
        let table = runCLI(["stats", fixtures + "/tiny/star.txt"])
        #expect(table.out.contains("\nmax followers  ") && table.out.contains("  4\nmean followers"))
    }

    @Test func demoDataIsTheDefaultSource() {
        let run = runCLI(["stats", "--format", "csv"])
        #expect(run.code == 0)
        #expect(run.err.hasPrefix("No source given: using the bundled demo data in "))
        #expect(run.out.contains("\ncustomers,20000\n"))
        #expect(run.out.contains("\nself_referrals_dropped,1\n"))
        #expect(run.out.contains("\nduplicates_merged,1\n"))
    }

    @Test func outputFormatting() {
        var out = ""
        JSONValue.escape("a\"b\\c\nd\u{1}é", into: &out)
        #expect(out == "\"a\\\"b\\\\c\\nd\\u0001é\"")
        #expect(csvField("plain") == "plain")
        #expect(csvField("a,b") == "\"a,b\"")
        #expect(csvField("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(csvField("two\nlines") == "\"two\nlines\"")
        #expect(formatFixed(2.005, digits: 2) == "2.01" || formatFixed(2.005, digits: 2) == "2.00")
        #expect(formatFixed(-0.4, digits: 0) == "0")
        #expect(formatFixed(1234.5, digits: 3) == "1234.500")
        var table = ResultTable(columns: ["rank", "id"])
        table.rows = [[.int(1), .text("ana")], [.int(10), .text("b")]]
        #expect(table.renderTable() == "rank  id\n----  ---\n   1  ana\n  10  b\n")
    }
}
