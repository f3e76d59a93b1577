/// The Spark layout: `vertices/`, `follows/` and `referrals/`, each holding
/// `part-NNNNN.csv` files that start with a header row, then `schema.json` and an
/// empty `_SUCCESS` marker (written last, as Spark's own writers do).
///
/// Read it with the CSV options `schema.json` lists (`header`, `multiLine` and
/// `escape` `"`: Spark's default escape is a backslash, RFC 4180's is a doubled quote)
/// and the schema it gives per table.
enum SparkLayout {
    static func write(_ graph: CustomerGraph, scores: AdvocateResult?, partitions: Int, threads: Int,
                      into directory: inout ExportDirectory) throws(OutputError) -> [ExportSummary.File] {
        let ids = CSVFieldTable(bytes: graph.customers.idBytes, offsets: graph.customers.idOffsets)
        let customerColumns = ExportColumns.customers(scores: scores != nil)
        let followees = graph.follows.followees, referees = graph.referrals.referees
        let tables: [(name: String, columns: [ExportColumns.Column], bounds: [Int], offsets: [Int]?)] = [
            ("vertices", customerColumns, ExportPartitioning.even(count: graph.customerCount, parts: partitions), nil),
            ("follows", ExportColumns.follows, ExportPartitioning.byEdges(offsets: followees.offsets, parts: partitions), followees.offsets),
            ("referrals", ExportColumns.referrals, ExportPartitioning.byEdges(offsets: referees.offsets, parts: partitions), referees.offsets),
        ]
        var written: [ExportSummary.File] = []
        for table in tables {
            try directory.makeDirectory(table.name)
            let header = ExportColumns.sparkHeader(table.columns)
            let files = (0..<partitions).map { p in
                let from = table.bounds[p], to = table.bounds[p + 1]
                let rows = table.offsets.map { $0[from] ..< $0[to] } ?? from ..< to
                return ExportFile(name: table.name + "/" + partName(p), header: header, rows: rows)
            }
            switch table.name {
            case "vertices":
                written += try ExportFileWriter.write(files, rows: CustomerRows(graph: graph, ids: ids, scores: scores, withIndex: true),
                                                      blockRows: 1 << 16, threads: threads, into: &directory)
            case "follows":
                written += try ExportFileWriter.write(files, rows: FollowRows(graph: graph, ids: nil),
                                                      blockRows: 1 << 18, threads: threads, into: &directory)
            default:
                written += try ExportFileWriter.write(files, rows: ReferralRows(graph: graph, ids: nil),
                                                      blockRows: 1 << 17, threads: threads, into: &directory)
            }
        }
        let schema = schemaJSON(graph, scores: scores != nil, partitions: partitions,
                                tables: tables.map { ($0.name, $0.columns, $0.bounds) }, files: written)
        try directory.writeFile("schema.json", schema)
        try directory.writeFile("_SUCCESS", "")
        written.append(ExportSummary.File(path: "schema.json", rows: 0, bytes: schema.utf8.count))
        written.append(ExportSummary.File(path: "_SUCCESS", rows: 0, bytes: 0))
        return written
    }

    /// `part-00042.csv`.
    static func partName(_ p: Int) -> String {
        let digits = String(p)
        return "part-" + String(repeating: "0", count: max(0, 5 - digits.count)) + digits + ".csv"
    }

    /// The CSV options every table needs, as Spark's reader names them, as JSON.
    static let readOptionsJSON = #"{"header": "true", "sep": ",", "quote": "\"", "escape": "\"", "multiLine": "true", "encoding": "UTF-8", "nullValue": "", "timestampFormat": "yyyy-MM-dd'T'HH:mm:ssXXX"}"#

    /// `schema.json`: the read options, what the graph has, and per table its Spark
    /// schema (JSON and DDL) and its parts with their rows and customer ranges
    /// (`from` ..< `to`: ids for `vertices`, sources for the edge tables).
    static func schemaJSON(_ graph: CustomerGraph, scores: Bool, partitions: Int,
                           tables: [(name: String, columns: [ExportColumns.Column], bounds: [Int])],
                           files: [ExportSummary.File]) -> String {
        // Every string here is a fixed name (tables, columns, part files), with nothing to escape.
        func quoted(_ s: String) -> String { "\"" + s + "\"" }
        let a = graph.attributes, r = graph.referrals
        let present: [(String, Bool)] = [
            ("name", a.nameBytes != nil), ("spend", a.spend != nil), ("orders", a.orders != nil),
            ("segment", a.segmentCodes != nil), ("weight", graph.follows.isWeighted),
            ("time", r.refereeTimes != nil), ("revenue", r.refereeRevenues != nil), ("scores", scores),
        ]
        var lines = ["{"]
        lines.append("  \"format\": \"influence-spark-csv\",")
        lines.append("  \"version\": 1,")
        lines.append("  \"read_options\": " + readOptionsJSON + ",")
        lines.append("  \"customers\": \(graph.customerCount),")
        lines.append("  \"follows\": \(graph.follows.count),")
        lines.append("  \"referrals\": \(r.count),")
        lines.append("  \"partitions\": \(partitions),")
        lines.append("  \"present\": {" + present.map { "\(quoted($0.0)): \($0.1)" }.joined(separator: ", ") + "},")
        lines.append("  \"tables\": {")
        for (t, table) in tables.enumerated() {
            let parts = (0..<partitions).map { p in
                let file = files[t * partitions + p]
                return "      {\"file\": \(quoted(partName(p))), \"rows\": \(file.rows), \"bytes\": \(file.bytes), \"from\": \(table.bounds[p]), \"to\": \(table.bounds[p + 1])}"
            }
            lines.append("    \(quoted(table.name)): {")
            lines.append("      \"path\": \(quoted(table.name)),")
            lines.append("      \"partitioned_by\": \(quoted(table.name == "vertices" ? "id" : "src")),")
            lines.append("      \"rows\": \(parts.indices.reduce(0) { $0 + files[t * partitions + $1].rows }),")
            lines.append("      \"ddl\": \(quoted(ExportColumns.sparkDDL(table.columns))),")
            lines.append("      \"schema\": \(ExportColumns.sparkSchemaJSON(table.columns)),")
            lines.append("      \"parts\": [")
            lines.append(parts.joined(separator: ",\n"))
            lines.append("      ]")
            lines.append("    }" + (t + 1 < tables.count ? "," : ""))
        }
        lines.append("  }")
        lines.append("}")
        return lines.joined(separator: "\n") + "\n"
    }
}
