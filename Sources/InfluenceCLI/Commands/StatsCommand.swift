import InfluenceGraph

/// `influence stats`: size and shape of a graph, the import report, memory and load time.
enum StatsCommand: Command {
    static let spec = CommandSpec(
        name: "stats",
        abstract: "Show the size and shape of a graph, its import report, memory and load time.",
        arguments: [CommonOptions.source],
        options: [CommonOptions.format, CommonOptions.threads, CommonOptions.skipBadRows] + CommonOptions.csvFiles)

    static func run(_ arguments: ParsedArguments, _ context: inout CommandContext) throws {
        let loaded = try SourceLoading.load(arguments, &context)
        let figures = fields(loaded, threads: try arguments.threads())
        switch arguments.format() {
        case .json:
            var object = figures.map { ($0.key, $0.value.json) }
            object.append(("first_bad_rows", .array(loaded.graph.report.firstBadRows.map { .string($0.description) })))
            object.append(("self_referrers", .array(loaded.graph.report.selfReferrers.map { .string($0) })))
            object.append(("columns", .object(loaded.files.flatMap { $0.columns.map { ("\($0.field)", .string($0.header)) } })))
            object.append(("csv_files", .array(loaded.files.map(json))))
            context.stdout.write(JSONValue.object(object).rendered() + "\n")
        case .csv:
            var table = ResultTable(columns: ["metric", "value"])
            table.rows = figures.map { [.text($0.key), $0.value] }
            context.stdout.write(table.renderCSV())
        case .table:
            var table = ResultTable(columns: ["metric", "value"])
            table.rows = figures.map { [.text($0.key.replacingAll("_", with: " ")), $0.value] }
            context.stdout.write(table.renderTable())
            for bad in loaded.graph.report.firstBadRows { context.stderr.write("skipped: \(bad)\n") }
        }
    }

    /// How one CSV file was read: role, path, encoding, delimiter, and how each column was found.
    static func json(_ file: CSVFileReport) -> JSONValue {
        .object([
            ("role", .string(file.role.rawValue)),
            ("path", .string(file.path)),
            ("encoding", .string(file.encoding.rawValue)),
            ("delimiter", .string(file.delimiter.rawValue)),
            ("delimiter_detected", .bool(file.delimiterDetected)),
            ("columns", .array(file.columns.map { column in
                .object([("field", .string("\(column.field)")), ("header", .string(column.header)), ("match", .string(column.match.rawValue))])
            })),
        ])
    }

    static func fields(_ loaded: SourceLoading.Loaded, threads: Int) -> [(key: String, value: ResultTable.Cell)] {
        let s = GraphStatistics(loaded.graph, threads: threads)
        let r = loaded.graph.report
        return [
            ("source", .text(loaded.path)),
            ("customers", .int(s.customers)),
            ("follow_edges", .int(s.followEdges)),
            ("referral_edges", .int(s.referralEdges)),
            ("isolated_customers", .int(s.isolatedCustomers)),
            ("max_followers", .int(s.maximumFollowers)),
            ("mean_followers", .number(s.meanFollowers, digits: 3)),
            ("max_followees", .int(s.maximumFollowees)),
            ("mean_followees", .number(s.meanFollowees, digits: 3)),
            ("weighted", .flag(s.weighted)),
            ("customer_rows", .int(r.customerRows)),
            ("customers_from_edges", .int(r.customersFromEdges)),
            ("follow_rows", .int(r.followRows)),
            ("duplicates_merged", .int(r.duplicatesMerged)),
            ("self_loops_dropped", .int(r.selfLoopsDropped)),
            ("referral_rows", .int(r.referralRows)),
            ("self_referrals_dropped", .int(r.selfReferralsDropped)),
            ("referees_with_several_referrers", .int(r.refereesWithSeveralReferrers)),
            ("bad_rows_skipped", .int(r.badRowsSkipped)),
            ("graph_bytes", .int(s.graphBytes)),
            ("follow_bytes", .int(s.followBytes)),
            ("bytes_per_follow_edge", .number(s.bytesPerFollowEdge, digits: 2)),
            ("load_seconds", .number(loaded.seconds, digits: 3)),
        ]
    }
}

