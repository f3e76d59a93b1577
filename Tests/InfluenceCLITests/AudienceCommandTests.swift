import Foundation
import Testing
@testable import InfluenceCLI

@Suite struct AudienceCommandTests {
    static let star = fixtures + "/tiny/star.txt"

    /// A folder with a tiny edge list: 0 <- 1, 2; 1 <- 3; 2 <- 3, 4; 4 <- 5 (as "follower followee" lines).
    static func withGraph(_ body: (TemporaryFolder) throws -> Void) rethrows {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        folder.write("g.txt", "1 0\n2 0\n3 1\n3 2\n4 2\n5 4\n")
        try body(folder)
    }

    @Test func reachHopsCSVHasTheHeaderAndOneColumnPerHop() {
        Self.withGraph { folder in
            let r = runCLI(["reach", folder.path + "/g.txt", "--seeds", "0", "--hops", "3", "--format", "csv"])
            #expect(r.code == 0, "\(r.err)")
            #expect(r.out == "model,seeds,reach,spread,stderr,ci_low,ci_high,hop_1,hop_2,hop_3\nhops,1,5,6,0,5,5,2,2,1\n")
        }
    }

    @Test func reachExcludesAndSimulates() {
        Self.withGraph { folder in
            folder.write("ex.txt", "id\n2\n")
            let r = runCLI(["reach", folder.path + "/g.txt", "--seeds", "0", "--hops", "all", "--exclude-file", folder.path + "/ex.txt", "--format", "csv"])
            #expect(r.out.hasSuffix("hops,1,4,5,0,4,4,1,2,1\n"), "\(r.out)")
            let ic = runCLI(["reach", folder.path + "/g.txt", "--seeds", "0", "--model", "ic", "--p", "1", "--runs", "50", "--format", "csv"])
            #expect(ic.out == "model,seeds,reach,spread,stderr,ci_low,ci_high\nic,1,5,6,0,5,5\n", "\(ic.out)")
            let one = runCLI(["reach", folder.path + "/g.txt", "--seeds", "0", "--model", "wc", "--runs", "999", "--seed", "5", "--threads", "1", "--format", "csv"])
            let two = runCLI(["reach", folder.path + "/g.txt", "--seeds", "0", "--model", "wc", "--runs", "999", "--seed", "5", "--threads", "2", "--format", "csv"])
            #expect(one.out == two.out && one.code == 0)
            let json = runCLI(["reach", folder.path + "/g.txt", "--seeds", "0", "--model", "lt", "--runs", "100", "--format", "json"])
            #expect(json.out.contains("\"model\":\"lt\"") && json.out.contains("\"timings\":{"))
        }
    }

    @Test func reachUsageAndDataErrors() {
        Self.withGraph { folder in
            let missing = runCLI(["reach", folder.path + "/g.txt"])
            #expect(missing.code == 64 && missing.err.hasPrefix("Error: Missing expected option '--seeds <ids>'"))
            let badHops = runCLI(["reach", folder.path + "/g.txt", "--seeds", "0", "--hops", "0"])
            #expect(badHops.code == 64)
            let badModel = runCLI(["reach", folder.path + "/g.txt", "--seeds", "0", "--model", "sir"])
            #expect(badModel.code == 64)
            let unknown = runCLI(["reach", folder.path + "/g.txt", "--seeds", "nobody"])
            #expect(unknown.code == 1 && unknown.err.contains("unknown seed customer 'nobody'"))
        }
    }

    @Test func overlapListsSeedsAndPairs() {
        Self.withGraph { folder in
            let r = runCLI(["overlap", folder.path + "/g.txt", "--seeds", "1,2", "--format", "csv"])
            #expect(r.code == 0, "\(r.err)")
            #expect(r.out == """
                kind,id,other,own_reach,marginal_reach,shared,jaccard
                total,,,2,,,
                seed,1,,1,0,,
                seed,2,,2,1,,
                pair,1,2,,,1,0.5

                """, "\(r.out)")
        }
    }

    /// 20,000 disjoint pairs: the best two seeds reach 2, so IMM would need billions of
    /// RR sets; it stops at --rr-memory, says so on stderr and reports the weaker ε.
    @Test func seedsStopsIMMAtTheMemoryLimit() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        folder.write("pairs.txt", (0..<20_000).map { "\($0) \($0 + 20_000)\n" }.joined())
        let r = runCLI(["seeds", folder.path + "/pairs.txt", "--k", "2", "--model", "wc", "--rr-memory", "1", "--format", "json"])
        #expect(r.code == 0, "\(r.err)")
        #expect(r.err.contains("IMM stopped sampling at --rr-memory 1 MB"), "\(r.err)")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(r.out.utf8)) as? [String: Any])
        let achieved = try #require(object["guaranteed_epsilon"] as? Double)
        #expect(achieved > 0.1)
        #expect((object["picks"] as? [Any])?.count == 2)
        let bad = runCLI(["seeds", folder.path + "/pairs.txt", "--k", "2", "--model", "wc", "--rr-memory", "0"])
        #expect(bad.code == 64 && bad.err.contains("rr-memory"), "\(bad.err)")
    }

    @Test func seedsPrintsTheReachCurveAndWritesTheSVG() {
        Self.withGraph { folder in
            let svg = folder.path + "/curve.svg"
            let r = runCLI(["seeds", folder.path + "/g.txt", "--k", "2", "--hops", "1", "--format", "csv", "--svg", svg])
            #expect(r.code == 0, "\(r.err)")
            // "0" and "2" tie at three customers; "0" appeared first in the file, so it has the smaller index.
            #expect(r.out == "pick,id,marginal,cumulative\n1,0,2,2\n2,2,1,3\n", "\(r.out)")
            #expect((try? String(contentsOfFile: svg, encoding: .utf8))?.hasPrefix("<?xml") == true)
            folder.write("cand.csv", "id,cost\n0,1\n2,5\n4,1\n")
            let budget = runCLI(["seeds", folder.path + "/g.txt", "--budget", "2", "--hops", "1", "--candidates", folder.path + "/cand.csv", "--format", "csv"])
            #expect(budget.out == "pick,id,marginal,cumulative\n1,0,2,2\n2,4,1,3\n", "\(budget.out)")
            let imm = runCLI(["seeds", folder.path + "/g.txt", "--k", "1", "--model", "wc", "--format", "csv"])
            #expect(imm.code == 0 && imm.out.hasPrefix("pick,id,marginal,cumulative\n1,"))
            let noK = runCLI(["seeds", folder.path + "/g.txt"])
            #expect(noK.code == 64 && noK.err.hasPrefix("Error: Missing expected option '--k <k>'"))
        }
    }
}
