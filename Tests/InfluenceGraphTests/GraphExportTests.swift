import Foundation
import Testing
@_spi(Tooling) @testable import InfluenceGraph

/// `GraphExport`: the Spark layout read back gives the same graph, the Neo4j files
/// carry the exact headers and command, partitions hold every edge once, hostile ids
/// survive, and a failed export leaves nothing behind.
@Suite struct GraphExportTests {
    static let demo: String = (#filePath.components(separatedBy: "/Tests/").first ?? ".") + "/fixtures/demo"

    /// A graph with every column, hostile text in ids, names and segments, weights,
    /// times (one without), revenues (one without), repeated referrals and a
    /// customer known only from an edge.
    static let hostileIDs = ["a,b", "say \"hi\"", "line1\nline2", "cr\rhere", " lead", "trail ", "\ttab", "日本語",
                             "emoji🙂", "\"", ",", "x\r\n", "plain", "=1+2", "semi;colon"]

    static func hostileGraph() throws -> CustomerGraph {
        func field(_ s: String) -> String { "\"" + s.replacingOccurrences(of: "\"", with: "\"\"") + "\"" }
        let ids = hostileIDs
        var customers = "id,name,spend,orders,segment\n"
        for (i, id) in ids.enumerated() {
            let name = i % 3 == 0 ? "" : "N\(i), \"the\" one\nsecond line"
            let segment = ["", "vip", "a,b segment", " spaced "][i % 4]
            customers += "\(field(id)),\(field(name)),\(Double(i) * 10.25 + 0.1),\(i * 3),\(field(segment))\n"
        }
        var follows = "follower,followee,weight\n"
        for i in ids.indices { for j in [1, 3, 7] { follows += "\(field(ids[i])),\(field(ids[(i + j) % ids.count])),\(Double(i + j) / 3)\n" } }
        follows += "\(field("only-in-edges")),\(field(ids[0])),1e-7\n"
        var referrals = "referrer,referee,time,revenue\n"
        for i in ids.indices {
            let time = i == 4 ? "" : "2026-0\(1 + i % 9)-1\(i % 10)T0\(i % 10):30:00Z"
            let revenue = i == 5 ? "" : "\(Double(i) * 1.1)"
            referrals += "\(field(ids[i])),\(field(ids[(i + 2) % ids.count])),\(time),\(revenue)\n"
            referrals += "\(field(ids[(i + 5) % ids.count])),\(field(ids[(i + 2) % ids.count])),\(time),\(revenue)\n"
        }
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("customers.csv", customers)
        dir.write("follows.csv", follows)
        dir.write("referrals.csv", referrals)
        return try CustomerGraph.load(from: dir.path, options: LoadOptions(threads: 2))
    }

    /// Runs `body` with a path inside a fresh directory that does not exist yet.
    func withDestination(_ body: (String) throws -> Void) throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        try body(dir.path + "/export")
    }

    /// Expects `rebuilt` to hold exactly `graph`'s customers, attributes and both layers.
    func expectSameGraph(_ rebuilt: CustomerGraph, _ graph: CustomerGraph) {
        #expect(rebuilt.customers == graph.customers)
        #expect((0..<rebuilt.customerCount).map(rebuilt.customers.id) == (0..<graph.customerCount).map(graph.customers.id))
        var attributes = graph.attributes
        attributes.hasCustomerRow = nil
        #expect(rebuilt.attributes == attributes)
        #expect(rebuilt.follows == graph.follows)
        // Revenue NaN marks "no revenue" and never equals itself, so revenues compare by bits.
        func bits(_ r: ReferralEdges) -> [[UInt64]] {
            [r.refereeRevenues, r.referrerRevenues].map { $0?.map(\.bitPattern) ?? [] }
        }
        let a = rebuilt.referrals, b = graph.referrals
        #expect(a.referees == b.referees && a.referrers == b.referrers && a.referrerRows == b.referrerRows)
        #expect(a.refereeTimes == b.refereeTimes && a.referrerTimes == b.referrerTimes)
        #expect(bits(a) == bits(b))
    }

    @Test func sparkExportReadsBackAsTheSameGraph() throws {
        let graph = try CustomerGraph.load(from: Self.demo, options: LoadOptions(threads: 2))
        #expect(graph.referrals.refereeTimes != nil && graph.follows.isWeighted && graph.attributes.nameBytes != nil)
        try withDestination { path in
            let summary = try GraphExport(format: .spark, partitions: 3, threads: 2).write(graph, to: path)
            #expect(summary.partitions == 3)
            let export = try SparkExportReader(path)
            expectSameGraph(try export.graph(), graph)
            #expect(export.vertices.header == ["id", "customer", "name", "spend", "orders", "segment"])
            #expect(export.follows.header == ["src", "dst", "weight"])
            #expect(export.referrals.header == ["src", "dst", "time", "revenue", "row"])
            #expect(FileManager.default.fileExists(atPath: path + "/_SUCCESS"))
            #expect(export.schema["customers"] as? Int == graph.customerCount)
            #expect(export.schema["follows"] as? Int == graph.follows.count)
            #expect(export.schema["referrals"] as? Int == graph.referrals.count)
            // The summary's byte counts are the files' sizes.
            for file in summary.files {
                let size = try FileManager.default.attributesOfItem(atPath: path + "/" + file.path)[.size] as? Int
                #expect(size == file.bytes, "\(file.path)")
            }
        }
    }

    @Test func hostileIDsSurviveTheRoundTrip() throws {
        let graph = try Self.hostileGraph()
        #expect(graph.customerCount == Self.hostileIDs.count + 1)
        for threads in [1, 2] {
            try withDestination { path in
                _ = try GraphExport(format: .spark, partitions: 4, threads: threads).write(graph, to: path)
                let export = try SparkExportReader(path)
                let rebuilt = try export.graph()
                expectSameGraph(rebuilt, graph)
                #expect((0..<rebuilt.customerCount).map(rebuilt.customers.id).prefix(Self.hostileIDs.count) == ArraySlice(Self.hostileIDs))
                // A time-less and a revenue-less row stay empty, not 0.
                let referrals = export.referrals
                #expect(referrals.rows.contains { $0[referrals.column("time")!] == nil })
                #expect(referrals.rows.contains { $0[referrals.column("revenue")!] == nil })
            }
        }
        // The Neo4j files name customers by their ids: every node id and every
        // relationship end reads back as one of the graph's ids.
        try withDestination { path in
            _ = try GraphExport(format: .neo4j, partitions: 2, threads: 2).write(graph, to: path)
            let nodes = try neo4jRows(path, "customers")
            #expect(nodes.map { $0[0] ?? "" } == (0..<graph.customerCount).map(graph.customers.id))
            let follows = try neo4jRows(path, "follows")
            let expected = (0..<graph.customerCount).flatMap { u in
                graph.follows.followees.neighbors(of: u).map { [graph.customers.id(u), graph.customers.id(Int($0))] }
            }
            #expect(follows.map { [$0[0] ?? "", $0[1] ?? ""] } == expected)
            #expect(follows.allSatisfy { $0[2] == "FOLLOWS" })
            #expect(try neo4jRows(path, "referrals").count == graph.referrals.count)
        }
    }

    /// The rows of a Neo4j group's part files, in order (the header file is separate).
    func neo4jRows(_ path: String, _ group: String) throws -> [[String?]] {
        let names = try FileManager.default.contentsOfDirectory(atPath: path).filter { $0.hasPrefix(group + "-part-") }.sorted()
        return try names.flatMap { try SparkExportReader.records(FileBytes.read(path + "/" + $0)) }
    }

    @Test(arguments: [1, 2, 5, 64])
    func partitionsAreHonouredWithEveryEdgeInExactlyOnePart(partitions: Int) throws {
        let graph = try Self.hostileGraph()
        try withDestination { path in
            let summary = try GraphExport(format: .spark, partitions: partitions, threads: 2).write(graph, to: path)
            #expect(summary.partitions == partitions)
            let export = try SparkExportReader(path)
            let tables = export.schema["tables"] as? [String: [String: Any]] ?? [:]
            for (name, table, csr) in [("vertices", export.vertices, nil), ("follows", export.follows, graph.follows.followees),
                                       ("referrals", export.referrals, graph.referrals.referees)] {
                #expect(table.parts.map(\.file) == (0..<partitions).map { String(format: "part-%05d.csv", $0) })
                let parts = tables[name]?["parts"] as? [[String: Any]] ?? []
                #expect(parts.count == partitions)
                var next = 0
                for (p, part) in table.parts.enumerated() {
                    let from = parts[p]["from"] as? Int ?? -1, to = parts[p]["to"] as? Int ?? -1
                    // Contiguous, ascending customer ranges covering everyone once.
                    #expect(from == next && to >= from)
                    next = to
                    #expect(parts[p]["rows"] as? Int == part.rows.count)
                    let key = name == "vertices" ? table.column("id")! : table.column("src")!
                    #expect(part.rows.allSatisfy { Int($0[key]!)! >= from && Int($0[key]!)! < to })
                    if let csr { #expect(part.rows.count == csr.offsets[to] - csr.offsets[from]) }
                }
                #expect(next == graph.customerCount)
            }
            // Concatenated in part order, the edge rows are the out-direction CSR: each edge once.
            let src = export.follows.column("src")!, dst = export.follows.column("dst")!
            let rows = export.follows.rows.map { [Int($0[src]!)!, Int($0[dst]!)!] }
            let edges = (0..<graph.customerCount).flatMap { u in graph.follows.followees.neighbors(of: u).map { [u, Int($0)] } }
            #expect(rows == edges)
        }
    }

    @Test func neo4jHeadersAndImportCommandAreExact() throws {
        let graph = try CustomerGraph.load(from: Self.demo, options: LoadOptions(threads: 2))
        try withDestination { path in
            let scores = AdvocateScore(pageRank: PageRank(threads: 2)).run(on: graph)
            let summary = try GraphExport(format: .neo4j, partitions: 2, threads: 2).write(graph, scores: scores, to: path)
            func text(_ name: String) throws -> String { try String(contentsOfFile: path + "/" + name, encoding: .utf8) }
            #expect(try text("customers-header.csv") == "customerId:ID(Customer),name,spend:double,orders:long,segment,pagerank:double,advocate:double,profile\n")
            #expect(try text("follows-header.csv") == ":START_ID(Customer),:END_ID(Customer),:TYPE,weight:double\n")
            #expect(try text("referrals-header.csv") == ":START_ID(Customer),:END_ID(Customer),:TYPE,time:datetime,revenue:double,row:long\n")
            #expect(summary.files.map(\.path) == [
                "customers-header.csv", "customers-part-00000.csv", "customers-part-00001.csv",
                "follows-header.csv", "follows-part-00000.csv", "follows-part-00001.csv",
                "referrals-header.csv", "referrals-part-00000.csv", "referrals-part-00001.csv", "import.sh"])
            let script = try text("import.sh")
            #expect(script.contains("""
                exec "${NEO4J_HOME:+$NEO4J_HOME/bin/}neo4j-admin" database import full \\
                  "--multiline-fields=true" \\
                  "--nodes=Customer=$dir/customers-header.csv,$dir/customers-part-00000.csv,$dir/customers-part-00001.csv" \\
                  "--relationships=$dir/follows-header.csv,$dir/follows-part-00000.csv,$dir/follows-part-00001.csv" \\
                  "--relationships=$dir/referrals-header.csv,$dir/referrals-part-00000.csv,$dir/referrals-part-00001.csv" \\
                  "$@" "$database"
                """))
            let mode = try FileManager.default.attributesOfItem(atPath: path + "/import.sh")[.posixPermissions] as? Int
            #expect(mode == 0o755)
            // The first node row: the id, then the attributes and scores in header order.
            let first = try neo4jRows(path, "customers")[0]
            #expect(first[0] == graph.customers.id(0))
            #expect(first[2].flatMap(Double.init) == graph.attributes.spend(0))
            #expect(first[5].flatMap(Double.init) == scores.pageRank.scores[0])
            #expect(first[6].flatMap(Double.init) == scores.scores[0])
            #expect(first[7] == scores.profiles[0].rawValue)
        }
    }

    @Test func scoresAreTheAdvocateRankingsBitForBit() throws {
        let graph = try CustomerGraph.load(from: Self.demo, options: LoadOptions(threads: 2))
        let ranking = CustomerRanking(by: .advocate).run(on: graph)
        let advocate = try #require(ranking.advocate)
        try withDestination { path in
            _ = try GraphExport(format: .spark, partitions: 2, threads: 2).write(graph, scores: advocate, to: path)
            let export = try SparkExportReader(path)
            let scores = try export.scores()
            #expect(scores.advocate == ranking.scores)
            #expect(scores.pageRank == advocate.pageRank.scores)
            #expect(scores.profiles == advocate.profiles.map(\.rawValue))
            #expect(export.vertices.header.suffix(3) == ["pagerank", "advocate", "profile"])
        }
    }

    @Test func bytesDoNotDependOnTheThreadCount() throws {
        let graph = try CustomerGraph.load(from: Self.demo, options: LoadOptions(threads: 2))
        for format in ExportFormat.allCases {
            var contents: [[String: Data]] = []
            for threads in [1, 2, 3] {
                try withDestination { path in
                    let summary = try GraphExport(format: format, partitions: 3, threads: threads).write(graph, to: path)
                    var files: [String: Data] = [:]
                    for file in summary.files { files[file.path] = try Data(contentsOf: URL(fileURLWithPath: path + "/" + file.path)) }
                    contents.append(files)
                }
            }
            #expect(contents[0] == contents[1] && contents[1] == contents[2], "\(format)")
        }
    }

    @Test func automaticPartitionsFollowTheLargestTable() {
        let graph = CustomerGraph(customerCount: 10, follows: [(0, 1), (1, 2)])
        #expect(GraphExport().partitionCount(for: graph) == 1)
        #expect(GraphExport(partitions: 0).partitionCount(for: graph) == 1)
        #expect(GraphExport(partitions: 7).partitionCount(for: graph) == 7)
        #expect(GraphExport(partitions: 1 << 30).partitionCount(for: graph) == GraphExport.partitionLimit)
    }

    @Test func aFailedExportLeavesNothingBehind() throws {
        let graph = try Self.hostileGraph()
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let destination = dir.path + "/export"
        // A write failure at any point: the error names the file, and neither the
        // destination nor the temporary directory exists afterwards.
        for format in ExportFormat.allCases {
            for limit in [0, 1, 100, 2_000, 5_000] {
                var export = GraphExport(format: format, partitions: 2, threads: 2)
                export.failAfterBytes = limit
                do {
                    _ = try export.write(graph, to: destination)
                    Issue.record("\(format) export with \(limit) bytes of room succeeded")
                } catch {
                    #expect(error.message == "no space left on device")
                    #expect(error.file.hasPrefix(destination + "/"))
                }
                #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path).isEmpty, "\(format) \(limit)")
            }
        }
        // A destination that is a file, or a directory with something in it, is refused and left as it was.
        dir.write("export", "keep me")
        #expect(throws: OutputError(file: destination, message: "exists and is not a directory; give a new directory for the export")) {
            try GraphExport().write(graph, to: destination)
        }
        try FileManager.default.removeItem(atPath: destination)
        try FileManager.default.createDirectory(atPath: destination, withIntermediateDirectories: false)
        dir.write("export/old.csv", "keep me")
        #expect(throws: OutputError(file: destination, message: "exists and is not empty; an export never writes over existing files: remove it or give a new directory")) {
            try GraphExport().write(graph, to: destination)
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: destination) == ["old.csv"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["export"])
        // An empty directory is replaced by the export.
        try FileManager.default.removeItem(atPath: destination + "/old.csv")
        _ = try GraphExport(partitions: 1).write(graph, to: destination)
        #expect(try FileManager.default.contentsOfDirectory(atPath: destination).sorted() == ["_SUCCESS", "follows", "referrals", "schema.json", "vertices"])
        // A missing parent is reported, not created.
        #expect(throws: OutputError(file: dir.path + "/missing/export", message: "no such file or directory")) {
            try GraphExport().write(graph, to: dir.path + "/missing/export")
        }
    }

    @Test func anEmptyGraphExportsHeadersOnly() throws {
        let graph = CustomerGraph(customerCount: 0, follows: [])
        try withDestination { path in
            let summary = try GraphExport(format: .spark, partitions: 2).write(graph, to: path)
            #expect(summary.files.filter { $0.path.hasSuffix(".csv") }.allSatisfy { $0.rows == 0 })
            #expect(try String(contentsOfFile: path + "/follows/part-00001.csv", encoding: .utf8) == "src,dst,weight\n")
            let export = try SparkExportReader(path)
            #expect(try export.graph().customerCount == 0)
        }
    }
}
