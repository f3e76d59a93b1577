import Testing
@testable import InfluenceCLI

@Suite struct RankCommandTests {
    @Test func cycleRanksUniformlyInEveryFormat() {
        let csv = runCLI(["rank", fixtures + "/tiny/cycle.txt", "--format", "csv"])
        #expect(csv.code == 0)
        #expect(csv.out == "rank,id,score\n1,1,0.25\n2,2,0.25\n3,3,0.25\n4,4,0.25\n")
        let json = runCLI(["rank", fixtures + "/tiny/cycle.txt", "--format", "json", "--top", "1"])
        #expect(json.out.hasPrefix("{\"algorithm\":\"pagerank\",\"parameters\":{\"damping\":0.85,"))
        #expect(json.out.contains("\"converged\":true"))
        #expect(json.out.contains("\"timings\":{\"load_seconds\":"))
        #expect(json.out.contains("\"distribution\":{\"min\":0.25,\"mean\":0.25,"))
        #expect(json.out.hasSuffix("\"results\":[{\"rank\":1,\"id\":\"1\",\"score\":0.25}]}\n"))
    }

    @Test func followerCountsAndTopLargerThanTheGraph() {
        let run = runCLI(["rank", fixtures + "/tiny/star.txt", "--by", "followers", "--top", "100", "--format", "csv"])
        #expect(run.out == "rank,id,score\n1,0,4\n2,1,0\n3,2,0\n4,3,0\n5,4,0\n")
    }

    @Test func advocateRowsCarryComponentsAndProfiles() {
        let run = runCLI(["rank", fixtures + "/tiny/shop", "--by", "advocate", "--format", "csv", "--top", "1"])
        #expect(run.code == 0)
        let lines = run.out.split(separator: "\n")
        #expect(lines.first == "rank,id,score,social,referral,wallet,profile,followers,spend")
        #expect(lines.count == 2)
    }

    @Test func identicalAtOneAndManyThreads() {
        let one = runCLI(["rank", "--by", "advocate", "--threads", "1", "--top", "50", "--format", "csv"])
        let two = runCLI(["rank", "--by", "advocate", "--threads", "3", "--top", "50", "--format", "csv"])
        #expect(one.code == 0)
        #expect(one.out == two.out)
    }

    @Test func seedAndUsageErrors() {
        let unknown = runCLI(["rank", fixtures + "/tiny/shop", "--by", "personalized", "--seeds", "ana,zed,yul"])
        #expect(unknown.code == 1)
        #expect(unknown.err == "Error: unknown seed ids 'zed', 'yul'\n")
        #expect(runCLI(["rank", "--by", "pagernk"]).err.hasPrefix("Error: The value 'pagernk' is invalid for '--by <by>'. Please provide one of 'pagerank', 'personalized', "))
        #expect(runCLI(["rank", "--by", "personalized"]).code == 64)
        #expect(runCLI(["rank", "--iterations", "5", "--max-iterations", "9"]).err.hasPrefix("Error: The options '--max-iterations' and '--iterations' cannot be used together\n"))
        #expect(runCLI(["rank", "--weights", "social=1,fame=2"]).err.hasPrefix("Error: The value 'fame' is invalid for '--weights <list>'. Please provide one of 'social', 'referral', 'wallet'\n"))
    }

    @Test func personalizedAroundOneSeed() {
        let run = runCLI(["rank", fixtures + "/tiny/shop", "--by", "personalized", "--seeds", "ana", "--format", "csv", "--top", "2"])
        #expect(run.code == 0)
        // ana's walk only reaches chen (ana follows chen, chen follows ana).
        #expect(run.out.hasPrefix("rank,id,score\n1,ana,"))
        #expect(run.out.contains("\n2,chen,"))
    }
}
