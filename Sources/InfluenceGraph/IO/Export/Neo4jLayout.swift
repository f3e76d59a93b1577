/// The layout `neo4j-admin database import full` reads: per group a header file and
/// part files of bare rows — `customers-header.csv` with `customers-part-NNNNN.csv`
/// (`Customer` nodes keyed by `customerId:ID(Customer)`), `follows-…` (`FOLLOWS`) and
/// `referrals-…` (`REFERRED`) relationships with a `:TYPE` column — and `import.sh`,
/// which runs the importer on exactly these files.
enum Neo4jLayout {
    static func write(_ graph: CustomerGraph, scores: AdvocateResult?, partitions: Int, threads: Int,
                      into directory: inout ExportDirectory) throws(OutputError) -> [ExportSummary.File] {
        let ids = CSVFieldTable(bytes: graph.customers.idBytes, offsets: graph.customers.idOffsets)
        let followees = graph.follows.followees, referees = graph.referrals.referees
        func files(_ group: String, header: String, bounds: [Int], offsets: [Int]?) -> [ExportFile] {
            [ExportFile(name: group + "-header.csv", header: header, rows: 0 ..< 0)] + (0..<partitions).map { p in
                let from = bounds[p], to = bounds[p + 1]
                return ExportFile(name: group + "-" + SparkLayout.partName(p), header: nil, rows: offsets.map { $0[from] ..< $0[to] } ?? from ..< to)
            }
        }
        let customers = files("customers", header: ExportColumns.neo4jNodeHeader(ExportColumns.customers(scores: scores != nil)),
                              bounds: ExportPartitioning.even(count: graph.customerCount, parts: partitions), offsets: nil)
        let follows = files("follows", header: ExportColumns.neo4jRelationshipHeader(ExportColumns.follows),
                            bounds: ExportPartitioning.byEdges(offsets: followees.offsets, parts: partitions), offsets: followees.offsets)
        let referrals = files("referrals", header: ExportColumns.neo4jRelationshipHeader(ExportColumns.referrals),
                              bounds: ExportPartitioning.byEdges(offsets: referees.offsets, parts: partitions), offsets: referees.offsets)
        var written = try ExportFileWriter.write(customers, rows: CustomerRows(graph: graph, ids: ids, scores: scores, withIndex: false),
                                                 blockRows: 1 << 16, threads: threads, into: &directory)
        written += try ExportFileWriter.write(follows, rows: FollowRows(graph: graph, ids: ids),
                                              blockRows: 1 << 17, threads: threads, into: &directory)
        written += try ExportFileWriter.write(referrals, rows: ReferralRows(graph: graph, ids: ids),
                                              blockRows: 1 << 17, threads: threads, into: &directory)
        let script = importScript(customers: customers.map(\.name), follows: follows.map(\.name), referrals: referrals.map(\.name))
        try directory.writeFile("import.sh", script, mode: 0o755)
        written.append(ExportSummary.File(path: "import.sh", rows: 0, bytes: script.utf8.count))
        return written
    }

    /// The importer's options for these files: multi-line fields because quoted ids and
    /// names may hold line breaks; every other option at Neo4j's default (comma, `"`
    /// quotes doubled inside, UTF-8, string ids, untrimmed strings).
    static func importArguments(customers: [String], follows: [String], referrals: [String], directory: String) -> [String] {
        func list(_ names: [String]) -> String { names.map { directory + $0 }.joined(separator: ",") }
        return ["--multiline-fields=true", "--nodes=Customer=" + list(customers),
                "--relationships=" + list(follows), "--relationships=" + list(referrals)]
    }

    /// `import.sh [DATABASE [OPTION…]]`: imports into DATABASE (default `neo4j`), which
    /// must not exist yet (or pass `--overwrite-destination=true`).
    static func importScript(customers: [String], follows: [String], referrals: [String]) -> String {
        let arguments = importArguments(customers: customers, follows: follows, referrals: referrals, directory: "$dir/")
        return """
            #!/bin/sh
            # Imports this export with Neo4j's bulk importer: ./import.sh [DATABASE [OPTION...]]
            # DATABASE defaults to neo4j and must not exist yet (or pass --overwrite-destination=true);
            # neo4j-admin is taken from $NEO4J_HOME/bin when NEO4J_HOME is set, else from PATH.
            # Written by influence export --to neo4j.
            set -e
            dir=$(cd "$(dirname "$0")" && pwd)
            database=${1:-neo4j}
            [ $# -gt 0 ] && shift
            exec "${NEO4J_HOME:+$NEO4J_HOME/bin/}neo4j-admin" database import full \\
            \(arguments.map { "  \"\($0)\" \\" }.joined(separator: "\n"))
              "$@" "$database"

            """
    }
}
