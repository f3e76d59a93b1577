import Testing
@_spi(Tooling) @testable import InfluenceGraph

/// A generated CSV file as header and rows of fields.
struct CSVTable {
    var header: String
    var rows: [[String]]

    init(_ bytes: [UInt8]) {
        let text = String(decoding: bytes, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        // Every line, the last included, ends with a newline.
        #expect(lines.last == "")
        lines.removeLast()
        header = lines.first ?? ""
        rows = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
    }

    func column(_ k: Int) -> [String] { rows.map { $0[k] } }
}

@Suite struct SocialCRMGeneratorTests {
    static let small: SocialCRMGenerator.Files = {
        // 2,000 customers: one chunk boundary, fast in debug builds.
        (try? SocialCRMGenerator(customers: 2_000, seed: 1).render(threads: 1))
            ?? SocialCRMGenerator.Files(customers: [], follows: [], referrals: [])
    }()

    @Test func sameSeedSameBytesAtAnyThreadCountAndOtherSeedsDiffer() throws {
        let generator = try SocialCRMGenerator(customers: 9_000, seed: 1)
        let serial = generator.render(threads: 1)
        let parallel = generator.render(threads: 4)
        #expect(serial == parallel)
        let other = try SocialCRMGenerator(customers: 9_000, seed: 2).render(threads: 4)
        #expect(serial.customers != other.customers)
        #expect(serial.follows != other.follows)
        #expect(serial.referrals != other.referrals)
    }

    @Test func demoSizeHasTheHeadersCountsAndQuirks() throws {
        let files = try SocialCRMGenerator(customers: 20_000, seed: 1).render()
        let customers = CSVTable(files.customers)
        let follows = CSVTable(files.follows)
        let referrals = CSVTable(files.referrals)
        #expect(customers.header == "id,name,spend,orders,segment")
        #expect(follows.header == "follower,followee,weight")
        #expect(referrals.header == "referrer,referee,time,revenue")
        #expect(customers.rows.count == 20_000)
        #expect(customers.rows.first?.first == "C-000001")
        // 19,992 regular customers, then the 5 KOLs and the 3 ring accounts.
        #expect(Array(customers.column(0).suffix(9)) == [
            "C-019992", "KOL-01", "KOL-02", "KOL-03", "KOL-04", "KOL-05", "RING-1", "RING-2", "RING-3",
        ])

        let pairs = referrals.rows.map { $0[0] + ">" + $0[1] }
        // The ring, the self-referral, the double referral.
        #expect(pairs.contains("RING-1>RING-2"))
        #expect(pairs.contains("RING-2>RING-3"))
        #expect(pairs.contains("RING-3>RING-1"))
        #expect(referrals.rows.filter { $0[1] == "C-000005" }.map { [$0[0], $0[2]] }
            == [["C-000005", "2026-01-12T08:00:00Z"]])
        let c10 = referrals.rows.filter { $0[1] == "C-000010" }
        #expect(c10.map { $0[0] } == ["C-000001", "C-000002"])
        #expect(c10.map { $0[2] } == ["2026-01-05T10:15:00Z", "2026-02-20T16:45:00Z"])
        #expect(c10[0][3] == c10[1][3])

        // The duplicated follow: in place and again as the last row.
        let duplicate = ["C-000003", "C-000007", "1.00"]
        #expect(follows.rows.filter { $0 == duplicate }.count == 2)
        #expect(follows.rows.last == duplicate)
        var seen = Set<String>()
        let repeated = follows.rows.filter { !seen.insert($0[0] + ">" + $0[1]).inserted }
        #expect(repeated == [duplicate])

        // Zero-spend referees.
        for id in ["C-000014", "C-000015", "C-000016"] {
            let row = customers.rows.first { $0[0] == id }
            #expect(row?[2] == "0.00")
            #expect(row?[3] == "0")
            #expect(row?[4] == "new")
            #expect(referrals.rows.filter { $0[1] == id }.map { [$0[0], $0[3]] } == [["C-000003", "0.00"]])
        }

        // KOLs have thousands of followers at the demo size.
        var inDegree: [String: Int] = [:]
        for row in follows.rows { inDegree[row[1], default: 0] += 1 }
        #expect((inDegree["KOL-01"] ?? 0) > 5_000)
        #expect((inDegree["KOL-05"] ?? 0) > 1_000)
    }

    @Test func fieldsAreWellFormed() {
        let customers = CSVTable(Self.small.customers)
        let follows = CSVTable(Self.small.follows)
        let referrals = CSVTable(Self.small.referrals)
        #expect(customers.rows.count == 2_000)
        let ids = Set(customers.column(0))
        #expect(ids.count == 2_000)
        #expect(Set(customers.column(4)).isSubset(of: ["vip", "regular", "new", "dormant", "kol"]))
        #expect(Set(customers.column(4)) == ["vip", "regular", "new", "dormant", "kol"])
        for row in customers.rows {
            #expect(row.count == 5)
            #expect(row[1].split(separator: " ").count == 2)
            #expect(Self.isMoney(row[2]))
            // Orders follow spend; only the zero-spend quirk accounts have none.
            #expect((row[2] == "0.00") == (row[3] == "0"))
        }
        for row in follows.rows {
            #expect(row.count == 3)
            #expect(ids.contains(row[0]) && ids.contains(row[1]))
            #expect(row[0] != row[1])
            #expect(Self.isMoney(row[2]))
            #expect((0.10...9.99).contains(Double(row[2]) ?? 0))
        }
        for row in referrals.rows {
            #expect(row.count == 4)
            #expect(ids.contains(row[0]) && ids.contains(row[1]))
            #expect(Self.isTimestamp(row[2]))
            #expect(Self.isMoney(row[3]))
        }
        // Time order, inside the four campaign months.
        let times = referrals.column(2)
        #expect(times == times.sorted())
        #expect(times.first ?? "" >= "2026-01-01T00:00:00Z")
        #expect(times.last ?? "" < "2026-05-01T00:00:00Z")
    }

    @Test func referralForestsAreDeepAndReferrersJoinedEarlier() {
        let referrals = CSVTable(Self.small.referrals)
        let quirkIDs: Set<String> = [
            "C-000001", "C-000002", "C-000003", "C-000005", "C-000010", "C-000014", "C-000015", "C-000016",
            "RING-1", "RING-2", "RING-3",
        ]
        var joined: [String: String] = [:]
        var parent: [String: String] = [:]
        for row in referrals.rows where !quirkIDs.contains(row[0]) && !quirkIDs.contains(row[1]) {
            // A referrer is organic (never referred) or was referred strictly before.
            if let time = joined[row[0]] { #expect(time < row[2]) }
            #expect(joined[row[1]] == nil, "each referee is referred once outside the quirks")
            joined[row[1]] = row[2]
            parent[row[1]] = row[0]
        }
        let referees = Set(parent.keys)
        for row in referrals.rows where !quirkIDs.contains(row[0]) && referees.contains(row[0]) {
            #expect((joined[row[0]] ?? "") < row[2])
        }
        func depth(_ id: String) -> Int {
            var id = id, d = 0
            while let p = parent[id], d < 1_000 { id = p; d += 1 }
            return d
        }
        let depths = parent.keys.map(depth)
        #expect((depths.max() ?? 0) >= 5)
        #expect(depths.count > 700)  // about 45% of 2,000
        // Referral out-degrees are heavy-tailed too.
        var referred: [String: Int] = [:]
        for (_, p) in parent { referred[p, default: 0] += 1 }
        let mean = Double(parent.count) / Double(referred.count)
        #expect(Double(referred.values.max() ?? 0) > 5 * mean)
    }

    @Test func followDegreesAreHeavyTailedAndBigSpendersAreNotHubs() {
        let customers = CSVTable(Self.small.customers)
        let follows = CSVTable(Self.small.follows)
        var inDegree: [String: Int] = [:]
        var outDegree: [String: Int] = [:]
        for row in follows.rows {
            inDegree[row[1], default: 0] += 1
            outDegree[row[0], default: 0] += 1
        }
        let mean = Double(follows.rows.count) / Double(customers.rows.count)
        #expect(mean > 3 && mean < 8)
        #expect(Double(inDegree.values.max() ?? 0) > 10 * mean)
        #expect(Double(outDegree.values.max() ?? 0) > 10 * mean)
        // Without the KOLs the tail is still heavy.
        let regularMax = inDegree.filter { $0.key.hasPrefix("C-") }.values.max() ?? 0
        #expect(Double(regularMax) > 10 * mean)
        func meanInDegree(_ segment: String) -> Double {
            let ids = customers.rows.filter { $0[4] == segment }.map { $0[0] }
            return Double(ids.reduce(0) { $0 + (inDegree[$1] ?? 0) }) / Double(max(ids.count, 1))
        }
        #expect(meanInDegree("vip") * 3 < meanInDegree("regular"))
    }

    @Test func writesIntoANewDirectory() throws {
        let scratch = try #require(TestFiles.makeDirectory())
        defer {
            TestFiles.remove(scratch + "/nested/demo")
            TestFiles.remove(scratch + "/nested")
            TestFiles.remove(scratch)
        }
        let generator = try SocialCRMGenerator(customers: 2_000, seed: 1)
        try generator.write(toDirectory: scratch + "/nested/demo", threads: 2)
        #expect(try FileBytes.read(scratch + "/nested/demo/customers.csv") == Self.small.customers)
        #expect(try FileBytes.read(scratch + "/nested/demo/follows.csv") == Self.small.follows)
        #expect(try FileBytes.read(scratch + "/nested/demo/referrals.csv") == Self.small.referrals)

        // A file where the directory should be is an error naming the path.
        try AtomicFile.write(to: scratch + "/taken") { (file: inout AtomicFile) throws(OutputError) in
            try file.write("x")
        }
        #expect(throws: OutputError.self) { try generator.write(toDirectory: scratch + "/taken/demo") }
    }

    @Test func rejectsTooFewCustomers() {
        #expect(throws: GeneratorError(message: "customer count must be in 100...10000000 (got 99)")) {
            try SocialCRMGenerator(customers: 99, seed: 1)
        }
    }

    @Test func formatsMoneyAndTimesFromIntegers() {
        var out: [UInt8] = []
        out.appendCents(0)
        out.append(0x20)
        out.appendCents(7)
        out.append(0x20)
        out.appendCents(123_456)
        out.append(0x20)
        out.appendCents(-250)
        out.append(0x20)
        out.appendISO8601(secondsSinceEpoch: SocialCRMGenerator.epochSeconds(2026, 3, 14, 9, 30))
        out.append(0x20)
        out.appendISO8601(secondsSinceEpoch: SocialCRMGenerator.epochSeconds(2024, 2, 29, 23, 59) + 59)
        out.append(0x20)
        out.appendISO8601(secondsSinceEpoch: -1)
        #expect(String(decoding: out, as: UTF8.self)
            == "0.00 0.07 1234.56 -2.50 2026-03-14T09:30:00Z 2024-02-29T23:59:59Z 1969-12-31T23:59:59Z")
    }

    static func isMoney(_ text: String) -> Bool {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count == 2 && parts[1].count == 2 && !parts[0].isEmpty
            && parts.allSatisfy { $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }
    }

    static func isTimestamp(_ text: String) -> Bool {
        let shape = text.map { $0.isNumber ? "9" : String($0) }.joined()
        return shape == "9999-99-99T99:99:99Z"
    }
}
