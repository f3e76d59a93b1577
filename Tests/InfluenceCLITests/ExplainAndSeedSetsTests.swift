import Testing
@testable import InfluenceCLI

@Suite struct SeedSetsCommandTests {
    @Test func eachSetMatchesItsOwnSeedsRun() {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let file = folder.write("sets.txt", "# two campaigns\nana\n\nben, chen=3\n")
        let batch = runCLI(["rank", fixtures + "/tiny/shop", "--seed-sets", file, "--format", "csv", "--top", "0"])
        #expect(batch.code == 0)
        let lines = batch.out.split(separator: "\n").map(String.init)
        #expect(lines.first == "set,rank,id,score")
        #expect(lines.count == 1 + 2 * 5)
        // Set 1 equals --seeds ana; set 2 equals a weights file with ben 1 and chen 3.
        let weights = folder.write("weights.txt", "ben 1\nchen 3\n")
        let single = [runCLI(["rank", fixtures + "/tiny/shop", "--seeds", "ana", "--format", "csv", "--top", "0"]),
                      runCLI(["rank", fixtures + "/tiny/shop", "--seeds-file", weights, "--format", "csv", "--top", "0"])]
        for (s, run) in single.enumerated() {
            let expected = run.out.split(separator: "\n").dropFirst().map { "\(s + 1),\($0)" }
            #expect(Array(lines.dropFirst().filter { $0.hasPrefix("\(s + 1),") }) == expected)
        }
        let json = runCLI(["rank", fixtures + "/tiny/shop", "--seed-sets", file, "--format", "json", "--top", "1"])
        #expect(json.out.contains("\"sets\":[{\"set\":1,\"seeds\":1,\"iterations\":"))
        #expect(json.out.contains("\"results\":[{\"set\":1,\"rank\":1,\"id\":\"ana\","))
    }

    @Test func unknownIdsNameTheFileAndLine() {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let file = folder.write("sets.txt", "ana\nben zed\n")
        let run = runCLI(["rank", fixtures + "/tiny/shop", "--seed-sets", file])
        #expect(run.code == 1)
        #expect(run.err == "Error: \(file):2: unknown seed id 'zed'\n")
        let usage = runCLI(["rank", fixtures + "/tiny/shop", "--seed-sets", file, "--seeds", "ana"])
        #expect(usage.code == 64)
        #expect(runCLI(["rank", fixtures + "/tiny/shop", "--by", "followers", "--seeds", "ana"]).code == 64)
    }

    @Test func thresholdsAndIterationOrder() {
        // With high=0.7 ana and chen become advocates in the tiny shop (see AdvocateScoreTests).
        let loose = runCLI(["rank", fixtures + "/tiny/shop", "--by", "advocate", "--thresholds", "high=0.7", "--format", "csv"])
        #expect(loose.out.contains(",ana,") && loose.out.contains(",advocate,"))
        let strict = runCLI(["rank", fixtures + "/tiny/shop", "--by", "advocate", "--format", "csv"])
        #expect(!strict.out.contains(",advocate,"))
        #expect(runCLI(["rank", "--thresholds", "high=2"]).err.hasPrefix("Error: The value 'high=2' is invalid for '--thresholds <list>': expected NAME=NUMBER with NUMBER from 0 to 1\n"))
        #expect(runCLI(["rank", "--iteration-order", "random"]).err.hasPrefix("Error: The value 'random' is invalid for '--iteration-order <order>'. Please provide one of 'customer-index', 'by-followee-count'"))
        let a = runCLI(["rank", fixtures + "/tiny/shop", "--iteration-order", "customer-index", "--format", "csv"])
        let b = runCLI(["rank", fixtures + "/tiny/shop", "--iteration-order", "by-followee-count", "--format", "csv"])
        #expect(a.code == 0 && a.out == b.out)
    }
}

@Suite struct ExplainCommandTests {
    @Test func explainsInEveryFormat() {
        let table = runCLI(["explain", "ana", fixtures + "/tiny/shop"])
        #expect(table.code == 0)
        #expect(table.out.hasPrefix("metric                value\n"))
        let rows = table.out.split(separator: "\n")
        #expect(rows.contains { $0.hasPrefix("followers ") && $0.hasSuffix(" 4") })
        #expect(rows.contains { $0.hasPrefix("profile ") && $0.hasSuffix(" referrer") })
        #expect(table.out.contains("\nFollowers contributing most:\nrank  follower  contribution  share\n"))
        let csv = runCLI(["explain", "ana", fixtures + "/tiny/shop", "--format", "csv", "--followers", "1"])
        #expect(csv.out.hasPrefix("metric,value\nid,ana\n"))
        #expect(csv.out.contains("\npagerank_rank,1\n"))
        #expect(csv.out.contains("\nspend,1200\n"))
        #expect(csv.out.contains("\nfollower_1,"))
        #expect(!csv.out.contains("\nfollower_2,"))
        let json = runCLI(["explain", "ana", fixtures + "/tiny/shop", "--format", "json"])
        #expect(json.out.hasPrefix("{\"id\":\"ana\",\"name\":"))
        #expect(json.out.contains("\"pagerank\":{\"score\":"))
        #expect(json.out.contains("\"advocate\":{\"score\":"))
        #expect(json.out.contains("\"timings\":{\"load_seconds\":"))
    }

    @Test func explainMatchesRankRows() {
        // The advocate rank and profile explain shows are the ones rank prints.
        let rank = runCLI(["rank", "--by", "advocate", "--top", "3", "--format", "csv"])
        let third = rank.out.split(separator: "\n")[3].split(separator: ",", omittingEmptySubsequences: false)
        let why = runCLI(["explain", String(third[1]), "--format", "csv"])
        #expect(why.code == 0)
        #expect(why.out.contains("\nadvocate_rank,3\n"))
        #expect(why.out.contains("\nprofile,\(third[6])\n"))
    }

    @Test func unknownCustomerAndUsage() {
        let unknown = runCLI(["explain", "nobody", fixtures + "/tiny/shop"])
        #expect(unknown.code == 1)
        #expect(unknown.err == "Error: unknown customer id 'nobody'\n")
        #expect(runCLI(["explain"]).code == 64)
        #expect(runCLI(["explain", "--help"]).out.hasPrefix("OVERVIEW: Explain a customer's ranking"))
    }
}
