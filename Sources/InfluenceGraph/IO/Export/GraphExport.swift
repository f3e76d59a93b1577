/// Writes a graph, and optionally its advocate scores, as files another engine loads:
/// partitioned CSV for Apache Spark and GraphFrames, or the CSV layout of Neo4j's
/// bulk importer (`ExportFormat`).
///
/// ```swift
/// let scores = AdvocateScore().run(on: graph)
/// let summary = try GraphExport(format: .spark, partitions: 8).write(graph, scores: scores, to: "export")
/// print(summary.bytes, "bytes in", summary.files.count, "files")
/// ```
///
/// **Atomic.** Files are written into `DIR.tmp-PID` beside the destination, each
/// synced, and the directory is renamed to `DIR` only when all are complete. On any
/// failure what was written is removed and `DIR` does not appear. `DIR` must not
/// exist (or be an empty directory); its parent must exist.
///
/// **Rows.** Every customer is one vertex row and every follow edge and referral row
/// one edge row. Edge tables are partitioned by source: part `p` holds the edges of a
/// contiguous range of customers, in customer order and, per customer, in input
/// order, so every edge is in exactly one part and the parts concatenated are the
/// graph's out-direction CSR. Customer ranges are balanced by edge count.
///
/// **Values.** CSV is RFC 4180: a field with a comma, a quote, CR or LF (or a leading
/// or trailing space or tab) is quoted with inner quotes doubled; ids are written as
/// their exact UTF-8 bytes. Numbers are the shortest decimal that reads back as the
/// same `Double` (Ryū's digits, as `Double.description` has them), times UTC ISO 8601
/// (`2026-03-14T09:30:00Z`). An empty field means "not given": a column the input
/// lacked, a referral without time or revenue.
///
/// - Complexity: O(V + E + total id bytes); formatting runs on `threads`, in blocks
///   whose boundaries do not depend on it, so the bytes are the same at any thread
///   count. Extra memory: the ids rendered as fields, O(E) for referral rows, and
///   about 4 · threads formatted blocks.
public struct GraphExport: Sendable {
    /// The layout. Default `.spark`.
    public var format: ExportFormat
    /// Parts per table (1 ... `partitionLimit`); `nil` (default) chooses one part per
    /// `rowsPerAutomaticPartition` rows of the largest table, at least one.
    public var partitions: Int?
    /// Worker threads. Default: all cores. Does not change the bytes written.
    public var threads: Int
    /// A test seam: writes fail with "no space left on device" past this many bytes.
    var failAfterBytes: Int?

    /// Rows per part when `partitions` is `nil`: 4,194,304 (about 60–100 MB of CSV).
    public static let rowsPerAutomaticPartition = 1 << 22
    /// The most parts a table may have (`part-00000` … `part-99999`).
    public static let partitionLimit = 100_000

    /// Creates a configuration; every parameter has the documented default.
    public init(format: ExportFormat = .spark, partitions: Int? = nil, threads: Int = Threads.available) {
        self.format = format
        self.partitions = partitions
        self.threads = threads
    }

    /// The number of parts per table this configuration writes for `graph`.
    public func partitionCount(for graph: CustomerGraph) -> Int {
        if let partitions { return min(max(1, partitions), Self.partitionLimit) }
        let largest = max(graph.customerCount, graph.follows.count, graph.referrals.count)
        return min(max(1, (largest + Self.rowsPerAutomaticPartition - 1) / Self.rowsPerAutomaticPartition), Self.partitionLimit)
    }

    /// Writes `graph` into the new directory `directory`.
    ///
    /// - Parameters:
    ///   - scores: advocate scores of `graph` (from `AdvocateScore.run(on:)`) to add as
    ///     `pagerank`, `advocate` and `profile` columns, or `nil` for none.
    /// - Returns: every file written, with its rows and bytes.
    /// - Throws: `OutputError` naming the path when the destination exists and is not
    ///   empty, its parent is missing, or a write fails; nothing is left behind then.
    /// - Precondition: `scores`, when given, has one value per customer.
    public func write(_ graph: CustomerGraph, scores: AdvocateResult? = nil, to directory: String) throws(OutputError) -> ExportSummary {
        if let scores {
            precondition(scores.scores.count == graph.customerCount && scores.pageRank.scores.count == graph.customerCount,
                         "scores of another graph")
        }
        let parts = partitionCount(for: graph)
        let workers = Threads.resolve(threads)
        var output = try ExportDirectory(destination: directory, failAfterBytes: failAfterBytes)
        do {
            let files: [ExportSummary.File]
            switch format {
            case .spark: files = try SparkLayout.write(graph, scores: scores, partitions: parts, threads: workers, into: &output)
            case .neo4j: files = try Neo4jLayout.write(graph, scores: scores, partitions: parts, threads: workers, into: &output)
            }
            try output.publish()
            return ExportSummary(directory: directory, format: format, partitions: parts, files: files)
        } catch {
            output.discard()
            throw error
        }
    }
}
