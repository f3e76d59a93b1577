import Testing
@testable import InfluenceGraph

@Suite struct CSVDirectoryLoaderTests {
    func load(_ files: [String: String], skipBadRows: Bool = false) -> Result<CustomerGraph, InputError> {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        for (name, text) in files { dir.write(name, text) }
        do {
            return .success(try CustomerGraph.load(from: dir.path, options: LoadOptions(skipBadRows: skipBadRows, threads: 2)))
        } catch {
            return .failure(error)
        }
    }

    @Test func reorderedAndUnknownColumnsBindByName() throws {
        let graph = try load([
            "customers.csv": "\u{FEFF}segment,loyalty_tier,spend,id,name\r\nvip,gold,10000.50,C1,\"Li, Wei\"\r\nregular,,1000,C2,Ana\r\n",
            "follows.csv": "weight,followee,follower\n2,C1,C2\n",
        ]).get()
        #expect(graph.customerCount == 2)
        #expect(graph.customers.id(0) == "C1")
        #expect(graph.attributes.name(0) == "Li, Wei")
        #expect(graph.attributes.spend(0) == 10000.5)
        #expect(graph.attributes.segment(0) == "vip")
        #expect(graph.attributes.segment(1) == "regular")
        #expect(graph.attributes.orders == nil)
        #expect(graph.follows.followers.lists == [[1], []])
        #expect(graph.follows.followerWeights == [2])
    }

    @Test func importRulesAreCountedInTheReport() throws {
        let graph = try load([
            "customers.csv": "id,spend\nA,5\nB,7\n",
            "follows.csv": "follower,followee,weight\nA,B,1\nA,B,2.5\nB,B,1\nC,A,1\nA,B,\n",
            "referrals.csv": "referrer,referee,time,revenue\nA,D,2024-01-02,10\nB,D,2024-01-01,\nC,C,2024-01-03,5\nA,E,,3\n",
        ]).get()
        let report = graph.report
        #expect(report.customerRows == 2)
        #expect(report.customersFromEdges == 3)  // C, D, E
        #expect(report.followRows == 5)
        #expect(report.duplicatesMerged == 2)
        #expect(report.selfLoopsDropped == 1)
        #expect(report.referralRows == 4)
        #expect(report.selfReferralsDropped == 1)
        #expect(report.selfReferrers == ["C"])
        #expect(report.refereesWithSeveralReferrers == 1)
        // A -> B merged with weights 1 + 2.5 + 1 (an empty weight field counts as 1).
        #expect(graph.follows.count == 2)
        let a = try #require(graph.customers.index(of: "A")), b = try #require(graph.customers.index(of: "B"))
        #expect(graph.follows.followees.neighbors(of: a) == [UInt32(b)])
        #expect(graph.follows.followeeWeights?[graph.follows.followees.offsets[a]] == 4.5)
        // Edge-only customers get neutral attributes.
        let d = try #require(graph.customers.index(of: "D"))
        #expect(graph.attributes.spend(d) == 0)
        #expect(graph.attributes.hasCustomerRow?[d] == false)
        // D's referrers in row order, with times and revenue (missing revenue is NaN).
        #expect(graph.referrals.referrers.neighbors(of: d).map { graph.customers.id(Int($0)) } == ["A", "B"])
        let range = graph.referrals.referrers.edgeRange(of: d)
        #expect(graph.referrals.referrerTimes.map { Array($0[range]) } == [1_704_153_600, 1_704_067_200])
        #expect(graph.referrals.referrerRevenues?[range.lowerBound] == 10)
        #expect(graph.referrals.referrerRevenues?[range.lowerBound + 1].isNaN == true)
        let e = try #require(graph.customers.index(of: "E"))
        #expect(graph.referrals.referrerTimes?[graph.referrals.referrers.offsets[e]] == ReferralEdges.noTime)
    }

    @Test func badRowStopsTheImportWithFileAndLine() {
        let result = load(["customers.csv": "id,spend\nA,5\nB,lots\nC,1\n"])
        guard case .failure(let error) = result else { Issue.record("expected an error"); return }
        #expect(error.file.hasSuffix("customers.csv"))
        #expect(error.line == 3)
        #expect(error.message == "spend is not a number ('lots')")
    }

    @Test func lineNumbersCountQuotedNewlines() {
        let result = load(["follows.csv": "follower,followee\n\"multi\nline\",B\nA,\n"])
        guard case .failure(let error) = result else { Issue.record("expected an error"); return }
        #expect(error.line == 4)
        #expect(error.message == "empty followee id")
    }

    @Test func skipBadRowsCountsAndListsTheFirstTen() throws {
        var text = "follower,followee,weight\n"
        for i in 0..<15 { text += "A\(i),B,\(i % 2 == 0 ? "x" : "1")\n" }
        let graph = try load(["follows.csv": text], skipBadRows: true).get()
        #expect(graph.report.badRowsSkipped == 8)
        #expect(graph.report.firstBadRows.count == 8)
        #expect(graph.report.firstBadRows.first?.line == 2)
        #expect(graph.report.firstBadRows.first?.message == "weight is not a number ('x')")
        #expect(graph.follows.count == 7)
        // Skipped rows add no customers.
        #expect(graph.customerCount == 8)

        var many = "id,orders\n"
        for i in 0..<25 { many += "C\(i),-1\n" }
        let skipped = try load(["customers.csv": many], skipBadRows: true).get()
        #expect(skipped.report.badRowsSkipped == 25)
        #expect(skipped.report.firstBadRows.count == 10)
        #expect(skipped.report.firstBadRows.map(\.line) == Array(2...11))
    }

    @Test func headerProblemsAreNamed() {
        guard case .failure(let missing) = load(["follows.csv": "who,whom\nA,B\n"]) else { Issue.record("expected an error"); return }
        #expect(missing.line == 1)
        #expect(missing.message.hasPrefix("header lacks columns 'follower', 'followee'"))
        guard case .failure(let empty) = load(["customers.csv": ""]) else { Issue.record("expected an error"); return }
        #expect(empty.message.hasPrefix("empty file"))
        guard case .failure(let duplicate) = load(["customers.csv": "id,id\nA,B\n"]) else { Issue.record("expected an error"); return }
        #expect(duplicate.message == "column 'id' appears twice in the header")
    }

    @Test func valuesAreValidated() {
        let cases: [(String, String)] = [
            ("id,spend\nA,-5\n", "spend must not be negative ('-5')"),
            ("id,spend\nA,1e309\n", "spend is out of range ('1e309')"),
            ("id,spend\nA,NaN\n", "spend is not a number ('NaN')"),
            ("id,orders\nA,2.5\n", "orders is not a whole number of at least 0 ('2.5')"),
            ("id\nA\nA\n", "duplicate customer id 'A'"),
        ]
        for (text, message) in cases {
            guard case .failure(let error) = load(["customers.csv": text]) else { Issue.record("expected an error for \(text)"); continue }
            #expect(error.message == message)
        }
        guard case .failure(let time) = load(["referrals.csv": "referrer,referee,time\nA,B,last tuesday\n"]) else { Issue.record("expected an error"); return }
        #expect(time.message == "time is not an ISO 8601 date/time or unix seconds ('last tuesday')")
    }

    @Test func negativeZeroSpendReadsAsZero() throws {
        let graph = try load(["customers.csv": "id,spend\nA,-0\n"]).get()
        #expect(graph.attributes.spend(0) == 0)
        #expect(graph.attributes.spend(0).sign == .plus)
    }

    @Test func emptyDirectoryIsAnError() {
        guard case .failure(let error) = load([:]) else { Issue.record("expected an error"); return }
        #expect(error.message == "holds none of customers.csv, follows.csv, referrals.csv")
    }
}
