import Foundation
import Testing
@testable import InfluenceCLI

/// Loading an export as it comes: files by role, standard input, mapped columns
/// and delimiters, with what was read said on stderr and in `stats` JSON.
@Suite struct BringYourOwnExportTests {
    /// Runs the CLI with `input` as its standard input (through a pipe on fd 0).
    func runCLI(_ arguments: [String], stdin input: String) -> (code: Int32, out: String, err: String) {
        var fds: [Int32] = [0, 0]
        precondition(pipe(&fds) == 0)
        let bytes = Array(input.utf8)
        precondition(bytes.count < 60_000, "the pipe must hold the whole input")
        precondition(write(fds[1], bytes, bytes.count) == bytes.count)
        close(fds[1])
        let saved = dup(0)
        dup2(fds[0], 0)
        close(fds[0])
        defer {
            dup2(saved, 0)
            close(saved)
        }
        return InfluenceCLITests.runCLI(arguments)
    }

    @Test func filesByRoleWithAliasesAreDescribedOnStderrAndInStats() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let members = folder.write("members_2026-12-01.csv", "customer_id;full_name;total_spend\nu1;Ann;10\nu2;\"Li; Wei\";20\n")
        let fans = folder.write("fans.csv", "user_id,follows_user_id\nu1,u2\n")
        let run = InfluenceCLITests.runCLI(["stats", "--customers", members, "--follows", fans, "--format", "json"])
        #expect(run.code == 0)
        #expect(run.err == """
            Read \(members) (customers): customers.id=customer_id (alias), customers.name=full_name (alias), customers.spend=total_spend (alias); delimiter semicolon (detected); encoding UTF-8
            Read \(fans) (follows): follows.follower=user_id (alias), follows.followee=follows_user_id (alias); delimiter comma (detected); encoding UTF-8

            """)
        #expect(run.out.contains(#""customers":2,"follow_edges":1,"#))
        #expect(run.out.contains(#""columns":{"customers.id":"customer_id","customers.name":"full_name","customers.spend":"total_spend","follows.follower":"user_id","follows.followee":"follows_user_id"}"#))
        #expect(run.out.contains(#"{"role":"customers","path":"\#(members)","encoding":"UTF-8","delimiter":"semicolon","delimiter_detected":true,"columns":[{"field":"customers.id","header":"customer_id","match":"alias"}"#))
        // The standard layout reads silently, and its columns still show in stats.
        let demo = InfluenceCLITests.runCLI(["stats", fixtures + "/tiny/shop", "--format", "json"])
        #expect(demo.err.isEmpty)
        #expect(demo.out.contains(#""columns":{"customers.id":"id","#))
    }

    @Test func standardInputFeedsOneRole() {
        let run = runCLI(["rank", "--follows", "-", "--format", "csv"], stdin: "user_id|follows_user_id\nu1|u2\nu3|u2\n")
        #expect(run.code == 0)
        #expect(run.out.hasPrefix("rank,id,score\n1,u2,"))
        #expect(run.err == "Read <stdin> (follows): follows.follower=user_id (alias), follows.followee=follows_user_id (alias); delimiter pipe (detected); encoding UTF-8\n")
        let bad = runCLI(["stats", "--follows", "-"], stdin: "follower,followee\nA,\n")
        #expect(bad.code == 1)
        #expect(bad.err == "Error: <stdin>:2: empty followee id\n")
        let twice = InfluenceCLITests.runCLI(["stats", "--follows", "-", "--referrals", "-"])
        #expect(twice.code == 64)
        #expect(twice.err.hasPrefix("Error: Only one file can be read from standard input, not --follows and --referrals\n"))
    }

    @Test func columnsAndDelimiterOptions() {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let file = folder.write("wechat.csv", "openid\tunionid\tnickname\no1\tu1\tAnn\no2\tu2\tBen\n")
        let ambiguous = InfluenceCLITests.runCLI(["stats", "--customers", file])
        #expect(ambiguous.code == 1)
        #expect(ambiguous.err == "Error: \(file):1: columns 'openid' and 'unionid' both match customers.id; choose one with --columns customers.id=openid\n")
        let chosen = InfluenceCLITests.runCLI(["stats", "--customers", file, "--columns", "customers.id=unionid", "--delimiter", "tab", "--format", "csv"])
        #expect(chosen.code == 0)
        #expect(chosen.out.contains("customers,2\n"))
        #expect(chosen.err == "Read \(file) (customers): customers.id=unionid (mapping), customers.name=nickname (alias); delimiter tab; encoding UTF-8\n")
        // A columns file, overridden by --columns.
        let columns = folder.write("columns.txt", "# which id\ncustomers.id=openid\ncustomers.name=nickname\n")
        let fromFile = InfluenceCLITests.runCLI(["stats", "--customers", file, "--columns-file", columns, "--columns", "customers.id=unionid", "--format", "json"])
        #expect(fromFile.out.contains(#""columns":{"customers.id":"unionid","customers.name":"nickname"}"#))
        let badFile = folder.write("bad.txt", "customers.id\n")
        #expect(InfluenceCLITests.runCLI(["stats", "--customers", file, "--columns-file", badFile]) ==
            (1, "", "Error: \(badFile):1: 'customers.id' is not ROLE.FIELD=HEADER (for example customers.id=customer_id)\n"))
        let badFlag = InfluenceCLITests.runCLI(["stats", "--customers", file, "--columns", "id=openid"])
        #expect(badFlag.code == 64)
        #expect(badFlag.err.hasPrefix("Error: The value 'id=openid' is invalid for '--columns <mappings>': unknown field 'id' in 'id=openid'; fields are customers.id,"))
        let badDelimiter = InfluenceCLITests.runCLI(["stats", "--customers", file, "--delimiter", "colon"])
        #expect(badDelimiter.code == 64)
        #expect(badDelimiter.err.hasPrefix("Error: The value 'colon' is invalid for '--delimiter <delimiter>'. Please provide one of 'comma', 'semicolon', 'tab', 'pipe'\n"))
        // An edge list is split by whitespace; CSV options do not apply to it.
        let edges = InfluenceCLITests.runCLI(["stats", fixtures + "/tiny/cycle.txt", "--delimiter", "tab"])
        #expect(edges.code == 64)
        #expect(edges.err.hasPrefix("Error: '--delimiter <delimiter>' applies to CSV files, but the source '\(fixtures)/tiny/cycle.txt' is a file (an edge list or a snapshot), not a directory of CSV files\n"))
    }

    @Test func importTakesFilesByRoleInsteadOfASource() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let follows = folder.write("f.csv", "from_id,to_id,strength\nA,B,2\n")
        let output = folder.path + "/g.igs"
        let run = InfluenceCLITests.runCLI(["import", "--follows", follows, "-o", output])
        #expect(run.code == 0)
        #expect(run.err.hasPrefix("Read \(follows) (follows): follows.follower=from_id (alias), follows.followee=to_id (alias), follows.weight=strength (alias); delimiter comma (detected); encoding UTF-8\nImported \(follows) in "))
        let stats = InfluenceCLITests.runCLI(["stats", output, "--format", "csv"])
        #expect(stats.out.contains("follow_edges,1\n"))
        #expect(stats.out.contains("weighted,true\n"))
        #expect(InfluenceCLITests.runCLI(["import", "-o", output]).err.hasPrefix("Error: Missing expected argument '<source>'\n"))
    }
}
