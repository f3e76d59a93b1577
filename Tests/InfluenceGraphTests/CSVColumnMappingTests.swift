import Foundation
import Testing
@_spi(Tooling) @testable import InfluenceGraph

/// Headers bound to fields: aliases, explicit mappings and their precedence,
/// ambiguity, and the errors that say how to fix a header.
@Suite struct CSVColumnMappingTests {
    /// Loads files (name → text) of a fresh directory by role, with `columns`.
    func load(_ files: [(CSVRole, String, String)], columns: CSVColumnMapping = CSVColumnMapping()) -> Result<CSVImport, InputError> {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        var sources = CSVSources(columns: columns)
        for (role, name, text) in files { sources[role] = dir.write(name, text) }
        return Result { () throws(InputError) in try sources.load(options: LoadOptions(threads: 2)) }
            .mapError { InputError(file: ($0.file as NSString).lastPathComponent, line: $0.line, message: $0.message) }
    }

    func message(_ result: Result<CSVImport, InputError>) -> String? {
        if case .failure(let error) = result { return error.description }
        return nil
    }

    @Test func theIssuesExportLoadsByAlias() throws {
        let result = try load([
            (.customers, "members_2026-12-01.csv", "customer_id,full_name,total_spend\nu1,Ann,10\nu2,Bob,20.5\n"),
            (.follows, "fans.csv", "user_id,follows_user_id\nu1,u2\nu3,u2\n"),
            (.referrals, "invites.csv", "inviter_id,invitee_id,created_at,gmv\nu2,u3,2026-01-02,7.5\n"),
        ]).get()
        let graph = result.graph
        #expect(graph.customerCount == 3)
        #expect((0 ..< 3).map { graph.customers.id($0) } == ["u1", "u2", "u3"])
        #expect(graph.attributes.name(0) == "Ann")
        #expect(graph.attributes.spend(1) == 20.5)
        #expect(graph.follows.followers.lists == [[], [0, 2], []])
        #expect(graph.referrals.count == 1)
        #expect(result.files.map(\.role) == [.customers, .follows, .referrals])
        #expect(result.files[0].columns == [
            CSVFileReport.Column(field: .id, header: "customer_id", match: .alias),
            CSVFileReport.Column(field: .name, header: "full_name", match: .alias),
            CSVFileReport.Column(field: .spend, header: "total_spend", match: .alias),
        ])
        #expect(result.files[2].columns.map(\.header) == ["inviter_id", "invitee_id", "created_at", "gmv"])
        #expect(result.files[0].summary == "\(result.files[0].path) (customers): customers.id=customer_id (alias), customers.name=full_name (alias), customers.spend=total_spend (alias); delimiter comma (detected); encoding UTF-8")
        #expect(!result.files[0].isStandard)
    }

    @Test func caseUnderscoresDashesAndSpacesAreFolded() throws {
        for header in ["Customer ID", "CUSTOMER-ID", "customerId", " customer_id\t", "会员ID"] {
            let result = try load([(.customers, "c.csv", "\(header),Nick Name\nA,Ann\n")]).get()
            #expect(result.files[0].columns.map(\.field) == [.id, .name], "\(header)")
            #expect(result.graph.attributes.name(0) == "Ann")
        }
        // The field's own name, folded, is a name match: the standard layout.
        let standard = try load([(.follows, "f.csv", "Follower,FOLLOWEE\nA,B\n")]).get()
        #expect(standard.files[0].isStandard)
    }

    @Test func anExplicitMappingWinsOverAliasesAndNames() throws {
        // `user_id` and `customer_id` would both be aliases of customers.id; the mapping picks one.
        let picked = try load([(.customers, "c.csv", "user_id,customer_id,amount\nU1,C1,3\n")],
                              columns: CSVColumnMapping([.id: "customer_id"])).get()
        #expect(picked.graph.customers.id(0) == "C1")
        #expect(picked.files[0].columns == [
            CSVFileReport.Column(field: .id, header: "customer_id", match: .mapping),
            CSVFileReport.Column(field: .spend, header: "amount", match: .alias),
        ])
        // A mapping beats the field's own name, which then binds nothing.
        let renamed = try load([(.customers, "c.csv", "id,member_no\nX,M7\n")], columns: CSVColumnMapping([.id: "member_no"])).get()
        #expect(renamed.graph.customers.id(0) == "M7")
        // A mapped header matches exactly first, then folded.
        let folded = try load([(.follows, "f.csv", "Fan OpenID,KOL OpenID\na,b\n")],
                              columns: try CSVColumnMapping(parsing: "follows.follower=fan_openid, follows.followee = kol openid")).get()
        #expect(folded.graph.follows.followers.lists == [[], [0]])
        // The field's own name beats another field's alias: `id` is the id, `customer_id` stays unread.
        let own = try load([(.customers, "c.csv", "customer_id,id\nC1,I1\n")]).get()
        #expect(own.graph.customers.id(0) == "I1")
        #expect(own.files[0].columns == [CSVFileReport.Column(field: .id, header: "id", match: .name)])
    }

    @Test func twoHeadersMatchingOneFieldIsAnErrorNamingBoth() {
        #expect(message(load([(.customers, "c.csv", "openid,unionid,nickname\na,b,c\n")])) ==
            "c.csv:1: columns 'openid' and 'unionid' both match customers.id; choose one with --columns customers.id=openid")
        #expect(message(load([(.follows, "f.csv", "src,from,source,target\na,b,c,d\n")])) ==
            "f.csv:1: columns 'src', 'from' and 'source' all match follows.follower; choose one with --columns follows.follower=src")
        #expect(message(load([(.customers, "c.csv", "ID,id\na,b\n")])) == "c.csv:1: column 'id' appears twice in the header")
        #expect(message(load([(.customers, "c.csv", "cid,CID\na,b\n")], columns: CSVColumnMapping([.id: "Cid"]))) ==
            "c.csv:1: --columns maps customers.id to 'Cid', which the header holds 2 times (columns 1, 2)")
        #expect(message(load([(.follows, "f.csv", "a,b\nx,y\n")], columns: CSVColumnMapping([.follower: "a", .followee: "a"]))) ==
            "f.csv:1: --columns maps both follows.follower and follows.followee to 'a'")
    }

    @Test func aMissingColumnNamesTheClosestHeadersAndTheFlag() {
        #expect(message(load([(.customers, "c.csv", "cust_no,full_name,spend_total\nA,Ann,1\n")])) ==
            "c.csv:1: header lacks column 'id' (header is 'cust_no,full_name,spend_total'; expected id plus any of name,spend,orders,segment); did you mean 'cust_no'? pass --columns customers.id=cust_no")
        #expect(message(load([(.referrals, "r.csv", "when,referee_uid,referrer_uid\na,b,c\n")])) ==
            "r.csv:1: header lacks columns 'referrer', 'referee' (header is 'when,referee_uid,referrer_uid'; expected referrer,referee plus any of time,revenue); did you mean 'referrer_uid' for referrer, 'referee_uid' for referee? pass --columns referrals.referrer=referrer_uid,referrals.referee=referee_uid")
        // Near alternatives are named too.
        #expect(message(load([(.customers, "c.csv", "member,member_id_old\nA,B\n")]))?.hasSuffix(
            "did you mean 'member' (or 'member_id_old')? pass --columns customers.id=member") == true)
        // Headers that need quoting in a shell are quoted in the flag.
        #expect(message(load([(.customers, "c.csv", "Kunden Nr.,Name\nA,B\n")]))?.hasSuffix(
            "did you mean 'Kunden Nr.'? pass --columns 'customers.id=Kunden Nr.'") == true)
        // A header mapped to a column the file lacks.
        #expect(message(load([(.customers, "c.csv", "member_code,name\nA,B\n")], columns: CSVColumnMapping([.id: "member_cd"]))) ==
            "c.csv:1: --columns maps customers.id to 'member_cd', which the header lacks (header is 'member_code,name'); did you mean 'member_code'?")
        // A quoted header holding a line break is named escaped, and no flag is offered:
        // neither a message line nor a columns-file line can carry it (found by fuzzing).
        #expect(message(load([(.customers, "c.csv", "\"cust\nno\",name\nA,B\n")])) ==
            "c.csv:1: header lacks column 'id' (header is 'cust\\nno,name'; expected id plus any of name,spend,orders,segment); did you mean 'cust\\nno'? (a header holding a line break or other control character cannot be named in --columns: rename it in the file)")
        // Nothing left to suggest.
        #expect(message(load([(.customers, "c.csv", "name\nAnn\n")])) ==
            "c.csv:1: header lacks column 'id' (header is 'name'; expected id plus any of name,spend,orders,segment); the header has no other column to read it from")
    }

    @Test func mappingTextParsesOrNamesTheMistake() throws {
        let mapping = try CSVColumnMapping(parsing: "customers.id=customer_id, follows.follower = user id ,referrals.time=下单时间")
        #expect(mapping.headers == [.id: "customer_id", .follower: "user id", .time: "下单时间"])
        #expect(mapping.description == "customers.id=customer_id,follows.follower=user id,referrals.time=下单时间")
        #expect(try CSVColumnMapping(parsing: mapping.description) == mapping)
        let errors: [(String, String)] = [
            ("customers.id", "'customers.id' is not ROLE.FIELD=HEADER (for example customers.id=customer_id)"),
            ("customer.id=x", "unknown field 'customer.id' in 'customer.id=x'; fields are customers.id, customers.name, customers.spend, customers.orders, customers.segment, follows.follower, follows.followee, follows.weight, referrals.referrer, referrals.referee, referrals.time, referrals.revenue. Did you mean 'customers.id'?"),
            ("follows.id=x", "unknown field 'follows.id' in 'follows.id=x'; fields are customers.id, customers.name, customers.spend, customers.orders, customers.segment, follows.follower, follows.followee, follows.weight, referrals.referrer, referrals.referee, referrals.time, referrals.revenue"),
            ("customers.id=", "'customers.id=' names no header after '=' (for example customers.id=customer_id)"),
            ("customers.id=a,customers.id=b", "customers.id is mapped twice (to 'a' and 'b')"),
            ("customers.id=a,", "'' is not ROLE.FIELD=HEADER (for example customers.id=customer_id)"),
        ]
        for (text, expected) in errors {
            #expect(throws: CSVColumnMapping.ParseError(message: expected)) { try CSVColumnMapping(parsing: text) }
        }
    }

    @Test func aColumnsFileHoldsOneMappingPerLine() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let file = dir.write("columns.txt", "\u{FEFF}# our CRM export\r\ncustomers.id = Member No\r\n\r\ncustomers.name=Name, as printed\r\n")
        #expect(try CSVColumnMapping(contentsOf: file).headers == [.id: "Member No", .name: "Name, as printed"])
        let bad = dir.write("bad.txt", "customers.id=a\n\n# fine so far\nreferrals.when=b\n")
        #expect(throws: InputError(file: bad, line: 4, message: "unknown field 'referrals.when' in 'referrals.when=b'; fields are customers.id, customers.name, customers.spend, customers.orders, customers.segment, follows.follower, follows.followee, follows.weight, referrals.referrer, referrals.referee, referrals.time, referrals.revenue. Did you mean 'referrals.time'?")) {
            try CSVColumnMapping(contentsOf: bad)
        }
        // Entries given later replace earlier ones for the same field (`--columns` over the file).
        let merged = CSVColumnMapping([.id: "a", .name: "n"]).merging(CSVColumnMapping([.id: "b"]))
        #expect(merged.headers == [.id: "b", .name: "n"])
    }

    /// Within a role, every field name and alias folds to a different name, so a
    /// header matches at most one field, and no alias repeats another.
    @Test func aliasesNeverMatchTwoFieldsOfARole() {
        for role in CSVRole.allCases {
            var owner: [String: CSVField] = [:]
            for field in role.fields {
                for name in [field.rawValue] + field.aliases {
                    let folded = CSVField.foldedHeaderName(name)
                    #expect(owner[folded] == nil, "\(role): '\(name)' folds to '\(folded)', already \(owner[folded].map(\.description) ?? "")")
                    owner[folded] = field
                }
            }
        }
    }

    /// The README lists every alias the code knows, under its field.
    @Test func theReadmeListsTheAliases() throws {
        let root = #filePath.components(separatedBy: "/Tests/").first ?? "."
        let readme = try String(contentsOfFile: root + "/README.md", encoding: .utf8)
        guard let start = readme.range(of: "<!-- aliases -->"), let end = readme.range(of: "<!-- /aliases -->") else {
            Issue.record("README has no aliases table")
            return
        }
        let table = readme[start.upperBound ..< end.lowerBound]
        for field in CSVField.allCases {
            guard let row = table.split(separator: "\n").first(where: { $0.hasPrefix("| `\(field)` ") }) else {
                Issue.record("README lacks a row for \(field)")
                continue
            }
            let listed = row.split(separator: "|")[1].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).trimmingCharacters(in: CharacterSet(charactersIn: "`")) }
            #expect(listed == field.aliases, "\(field)")
        }
    }
}
