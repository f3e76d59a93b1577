import Foundation
@_spi(Tooling) @testable import InfluenceGraph

/// Reads a Spark export back the way a Spark job would — every `part-*.csv` of a
/// table in name order, header checked, columns bound by name, empty fields as
/// missing — and rebuilds the graph from the rows with the library's own builder:
/// customers in `id` order, follows in file order, referrals in `row` order.
/// Comparing the result with the exported graph checks everything the export wrote.
struct SparkExportReader {
    /// One table: its header and, per part file in name order, its rows (`nil` for an empty field).
    struct Table {
        var header: [String]
        var parts: [(file: String, rows: [[String?]])]

        var rows: [[String?]] { parts.flatMap(\.rows) }

        func column(_ name: String) -> Int? { header.firstIndex(of: name) }
    }

    let directory: String
    /// `schema.json`, parsed.
    let schema: [String: Any]
    let vertices: Table, follows: Table, referrals: Table

    init(_ directory: String) throws {
        self.directory = directory
        let json = try Data(contentsOf: URL(fileURLWithPath: directory + "/schema.json"))
        schema = try JSONSerialization.jsonObject(with: json) as? [String: Any] ?? [:]
        vertices = try Self.table(directory + "/vertices")
        follows = try Self.table(directory + "/follows")
        referrals = try Self.table(directory + "/referrals")
    }

    struct Malformed: Error, CustomStringConvertible { var description: String }

    /// Reads every `part-*.csv` in `folder`; all must have the same header.
    static func table(_ folder: String) throws -> Table {
        let names = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("part-") }.sorted()
        var header: [String]?
        var parts: [(file: String, rows: [[String?]])] = []
        for name in names {
            let bytes = try FileBytes.read(folder + "/" + name)
            var records = try records(bytes)
            guard !records.isEmpty else { throw Malformed(description: "\(name): no header") }
            let fileHeader = records.removeFirst().map { $0 ?? "" }
            if let header, header != fileHeader { throw Malformed(description: "\(name): header \(fileHeader) differs from \(header)") }
            header = fileHeader
            parts.append((name, records))
        }
        return Table(header: header ?? [], parts: parts)
    }

    /// The records of RFC 4180 CSV bytes, fields as text, empty ones `nil`.
    static func records(_ bytes: [UInt8]) throws -> [[String?]] {
        try bytes.withUnsafeBytes { raw in
            var reader = ReferenceCSVReader(raw)
            var out: [[String?]] = []
            do throws(ReferenceCSVReader.Failure) {
                while try reader.nextRecord() {
                    out.append((0..<reader.fieldCount).map { i in
                        let field = reader.field(i)
                        return field.isEmpty ? nil : String(decoding: field, as: UTF8.self)
                    })
                }
            } catch {
                throw Malformed(description: "line \(error.line): \(error.message)")
            }
            return out
        }
    }

    /// Which optional columns the exported graph had (`schema.json` "present").
    func present(_ name: String) -> Bool {
        (schema["present"] as? [String: Any])?[name] as? Bool ?? false
    }

    /// The graph the rows describe.
    func graph() throws -> CustomerGraph {
        var builder = GraphBuilder()
        let v = vertices
        guard let id = v.column("id"), let customer = v.column("customer"), let name = v.column("name"),
              let spend = v.column("spend"), let orders = v.column("orders"), let segment = v.column("segment") else {
            throw Malformed(description: "vertices header \(v.header)")
        }
        if present("name") { builder.attributes.nameBytes = []; builder.attributes.nameOffsets = [0] }
        if present("spend") { builder.attributes.spend = [] }
        if present("orders") { builder.attributes.orders = [] }
        if present("segment") { builder.attributes.segmentCodes = [] }
        var segmentCodes: [String: UInt32] = [:]
        for (i, row) in v.rows.enumerated() {
            guard row[id].flatMap({ Int($0) }) == i, let key = row[customer] else {
                throw Malformed(description: "vertex row \(i): \(row)")
            }
            let index = try builder.customers.intern(key)
            guard index == UInt32(i) else { throw Malformed(description: "customer \(key) repeated") }
            if present("name") {
                builder.attributes.nameBytes! += Array((row[name] ?? "").utf8)
                builder.attributes.nameOffsets!.append(builder.attributes.nameBytes!.count)
            }
            if present("spend") { builder.attributes.spend!.append(try double(row[spend])) }
            if present("orders") { builder.attributes.orders!.append(try integer(row[orders])) }
            if present("segment") {
                var code: UInt32 = 0
                if let label = row[segment] {
                    if let known = segmentCodes[label] { code = known } else {
                        code = UInt32(builder.attributes.segmentNames.count)
                        builder.attributes.segmentNames.append(label)
                        segmentCodes[label] = code
                    }
                }
                builder.attributes.segmentCodes!.append(code)
            }
        }
        let f = follows
        guard let src = f.column("src"), let dst = f.column("dst"), let weight = f.column("weight") else {
            throw Malformed(description: "follows header \(f.header)")
        }
        for row in f.rows {
            builder.addFollow(UInt32(try integer(row[src])), UInt32(try integer(row[dst])),
                              weight: present("weight") ? try double(row[weight]) : nil)
        }
        let r = referrals
        guard let rsrc = r.column("src"), let rdst = r.column("dst"), let time = r.column("time"),
              let revenue = r.column("revenue"), let rowColumn = r.column("row") else {
            throw Malformed(description: "referrals header \(r.header)")
        }
        let byRow = try r.rows.sorted { try integer($0[rowColumn]) < integer($1[rowColumn]) }
        for row in byRow {
            let t = try row[time].map { text -> Int64 in
                var text = text
                guard let seconds = text.withUTF8({ Timestamp.parse(UnsafeRawBufferPointer($0)) }) else {
                    throw Malformed(description: "time \(text)")
                }
                return seconds
            }
            builder.addReferral(UInt32(try integer(row[rsrc])), UInt32(try integer(row[rdst])), time: t,
                                revenue: try row[revenue].map { try double($0) },
                                hasTimeColumn: present("time"), hasRevenueColumn: present("revenue"))
        }
        return builder.build(threads: 1)
    }

    /// The score columns: pagerank, advocate and profile per customer.
    func scores() throws -> (pageRank: [Double], advocate: [Double], profiles: [String]) {
        guard let p = vertices.column("pagerank"), let a = vertices.column("advocate"), let profile = vertices.column("profile") else {
            throw Malformed(description: "no score columns in \(vertices.header)")
        }
        let rows = vertices.rows
        return (try rows.map { try double($0[p]) }, try rows.map { try double($0[a]) }, rows.map { $0[profile] ?? "" })
    }

    func double(_ text: String?) throws -> Double {
        guard let text, let value = Double(text) else { throw Malformed(description: "not a number: \(String(describing: text))") }
        return value
    }

    func integer(_ text: String?) throws -> Int64 {
        guard let text, let value = Int64(text) else { throw Malformed(description: "not an integer: \(String(describing: text))") }
        return value
    }
}
