import Testing
@_spi(Tooling) @testable import InfluenceGraph

/// Files by role: any names, any subset, a directory with some files replaced,
/// and what is wrong with a set of sources.
@Suite struct CSVSourcesTests {
    @Test func filesByRoleLoadLikeTheDirectoryTheyCameFrom() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let demo = demoFixture
        let customers = dir.write("members_2026-12-01.csv", bytes: try FileBytes.read(demo + "/customers.csv"))
        let follows = dir.write("fans.export", bytes: try FileBytes.read(demo + "/follows.csv"))
        let referrals = dir.write("invites (1).csv", bytes: try FileBytes.read(demo + "/referrals.csv"))
        let byRole = try CSVSources(customers: customers, follows: follows, referrals: referrals).load(options: LoadOptions(threads: 2))
        let byDirectory = try CustomerGraph.load(from: demo, options: LoadOptions(threads: 2))
        #expect(byRole.graph == byDirectory)
        #expect(byRole.files.map(\.path) == [customers, follows, referrals])
        #expect(byRole.files.allSatisfy { $0.isStandard })
    }

    @Test func anySubsetAndADirectoryWithAFileReplaced() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("customers.csv", "id,name\nA,Ann\nB,Ben\n")
        dir.write("follows.csv", "follower,followee\nA,B\n")
        let other = dir.write("other-follows.csv", "fan_id,kol_id\nB,A\nC,A\n")
        // Referrals alone.
        let referrals = dir.write("r.csv", "referrer,referee\nX,Y\n")
        let alone = try CSVSources(referrals: referrals).load()
        #expect(alone.graph.customerCount == 2)
        #expect(alone.graph.referrals.count == 1)
        // The directory's customers, another follows file.
        var sources = CSVSources(directory: dir.path)
        #expect(sources.customers == dir.path + "/customers.csv")
        #expect(sources.referrals == nil)
        sources.follows = other
        let replaced = try sources.load()
        #expect(replaced.graph.customerCount == 3)
        #expect(replaced.graph.follows.followers.lists == [[1, 2], [], []])
        #expect(replaced.files.map(\.role) == [.customers, .follows])
    }

    @Test func sourcesThatCannotLoadSaySo() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        #expect(throws: InputError(file: dir.path, message: "holds none of customers.csv, follows.csv, referrals.csv")) {
            try CSVSources(directory: dir.path).load()
        }
        #expect(throws: InputError(file: "<stdin>", message: "no CSV file given: name at least one of the customers, follows and referrals files")) {
            try CSVSources().load()
        }
        #expect(throws: InputError(file: "<stdin>", message: "standard input can hold one file only, not both the follows and the referrals")) {
            try CSVSources(follows: "-", referrals: "-").load()
        }
        #expect(throws: InputError(file: dir.path + "/nope.csv", message: "no such file or directory")) {
            try CSVSources(customers: dir.path + "/nope.csv").load()
        }
    }
}
