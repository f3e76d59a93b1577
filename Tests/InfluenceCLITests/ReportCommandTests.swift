import Foundation
import Testing
@testable import InfluenceCLI

@Suite struct ReportCommandTests {
    static var shop: String { fixtures + "/tiny/shop" }

    @Test func writesOnePageAndSaysSoOnStderr() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/shop.html"
        let run = runCLI(["report", Self.shop, "-o", path, "--model", "hops", "--seeds-k", "3", "--title", "Shop <review>"])
        #expect(run.code == 0, "\(run.err)")
        #expect(run.out.isEmpty)
        #expect(run.err.hasPrefix("Wrote \(path): "))
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>\n<html lang=\"en\">"))
        #expect(html.contains("<h1>Shop &lt;review&gt;</h1>"))
        #expect(html.contains("made by influence \(InfluenceCLI.version)"))
        for section in ["quadrant", "advocates", "reach", "referrals", "segments"] {
            #expect(html.contains("<section id=\"\(section)\" data-section=\"\(section)\""))
        }
        // Five customers: every one a dot, every one a labelled advocate.
        #expect(html.components(separatedBy: "<circle class=\"customer ").count - 1 == 2 * 5)
        #expect(html.components(separatedBy: "class=\"top-point\"").count - 1 == 5)
        // The same page again, at one thread, but for the timing line.
        let again = folder.path + "/again.html"
        #expect(runCLI(["report", Self.shop, "-o", again, "--model", "hops", "--seeds-k", "3", "--title", "Shop <review>", "--threads", "1"]).code == 0)
        let other = try String(contentsOfFile: again, encoding: .utf8)
        func stripped(_ page: String) -> String {
            page.split(separator: "\n").filter { !$0.contains("data-timing") }.joined(separator: "\n")
        }
        #expect(stripped(html) == stripped(other))
        #expect((try? FileManager.default.contentsOfDirectory(atPath: folder.path).sorted()) == ["again.html", "shop.html"])
    }

    @Test func optionsShapeWhatThePageShows() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let path = folder.path + "/shop.html"
        let run = runCLI(["report", Self.shop, "-o", path, "--top", "2", "--model", "ic", "--p", "0.3", "--weights", "social=1,referral=0,wallet=0",
                          "--touch", "last", "--tier-weights", "1,0.1", "--burst-threshold", "1", "--burst-window", "2d"])
        #expect(run.code == 0, "\(run.err)")
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.components(separatedBy: "class=\"top-point\"").count - 1 == 2)
        #expect(html.contains("social 1 · referral 0 · wallet 0"))
        #expect(html.contains("last touch, 2 tiers, weights 1, 0.1"))
        #expect(html.contains("independent cascade p = 0.3"))
        // Seeds of one segment only, and an unknown segment is a data error.
        #expect(runCLI(["report", Self.shop, "-o", path, "--segment", "nope"]) .err == "Error: no customer is in segment 'nope'\n")
    }

    @Test func usageAndWriteErrors() {
        let missing = runCLI(["report", Self.shop])
        #expect(missing.code == 64)
        #expect(missing.err.hasPrefix("Error: Missing expected option '--output <file>'\nUsage: influence report [<source>] [--output <file>]"))
        let model = runCLI(["report", Self.shop, "-o", "x.html", "--model", "lt"])
        #expect(model.code == 64)
        #expect(model.err.hasPrefix("Error: The value 'lt' is invalid for '--model <model>'. Please provide one of 'hops', 'ic', 'wc'"))
        #expect(runCLI(["report", Self.shop, "-o", "x.html", "--decay", "0.3", "--tier-weights", "1"]).code == 64)
        #expect(runCLI(["report", Self.shop, "-o", "x.html", "--seeds-k", "0"]).code == 64)
        let unwritable = runCLI(["report", Self.shop, "-o", "/nonexistent/dir/report.html"])
        #expect(unwritable.code == 1)
        #expect(unwritable.err.hasPrefix("Error: /nonexistent/dir/report.html"))
        let help = runCLI(["report", "--help"])
        #expect(help.code == 0)
        #expect(help.out.hasPrefix("OVERVIEW: Write one self-contained HTML page"))
        #expect(help.out.contains("  --model <model>         Spread model of the reach curve"))
        #expect(help.out.contains("independent cascade or weighted cascade. (values:\n                          hops, ic, wc; default: wc)"))
        #expect(help.out.contains("--damping <x>") && help.out.contains("--touch <rule>") && help.out.contains("--burst-window <duration>"))
    }
}
