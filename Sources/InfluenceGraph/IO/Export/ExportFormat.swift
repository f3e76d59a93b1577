/// The layout an export is written in. The raw values are the words `influence export --to` takes.
public enum ExportFormat: String, Sendable, Equatable, CaseIterable {
    /// Partitioned CSV for Apache Spark and GraphFrames: `vertices/`, `follows/` and
    /// `referrals/`, each of `part-NNNNN.csv` files with a header row, plus `_SUCCESS`
    /// and `schema.json` (column names and Spark types).
    case spark
    /// The CSV layout `neo4j-admin database import full` reads: a header file and part
    /// files per group (`Customer` nodes, `FOLLOWS` and `REFERRED` relationships), with
    /// typed headers, plus `import.sh` holding the exact import command.
    case neo4j
}
