@_spi(Tooling) import InfluenceGraph

/// `influence import`: build a graph and save it as a `.igs` snapshot.
enum ImportCommand: Command {
    static let spec = CommandSpec(
        name: "import",
        abstract: "Build a graph from a source and save it as a binary snapshot (.igs).",
        discussion: "The snapshot is written to a temporary file beside the output and renamed into place only when complete, so an existing snapshot survives a failed write. The import report goes to stderr.",
        arguments: [ArgumentSpec(name: "source", help: "A data directory of CSV files or a SNAP edge list; or name CSV files with --customers, --follows, --referrals.", optional: true)],
        options: [
            .value("output", short: "o", "file", help: "The snapshot to write (FILE.igs)."),
            CommonOptions.threads, CommonOptions.skipBadRows,
        ] + CommonOptions.csvFiles)

    static func run(_ arguments: ParsedArguments, _ context: inout CommandContext) throws {
        if !SourceLoading.hasSource(arguments) { throw arguments.fail("Missing expected argument '<source>'") }
        guard let output = arguments.string("output") else {
            throw arguments.fail("Missing expected option '--output <file>'")
        }
        let loaded = try SourceLoading.load(arguments, &context)
        let start = monotonicSeconds()
        context.progress()?("writing \(output)")
        try loaded.graph.writeSnapshot(to: output, threads: try arguments.threads())
        context.clearProgress()
        let r = loaded.graph.report
        context.note("""
            Imported \(loaded.path) in \(formatFixed(loaded.seconds, digits: 3)) s; wrote \(output) in \(formatFixed(monotonicSeconds() - start, digits: 3)) s
              customers \(loaded.graph.customerCount) (\(r.customerRows) from customers.csv, \(r.customersFromEdges) from edges)
              follow rows \(r.followRows): \(loaded.graph.follows.count) edges, \(r.duplicatesMerged) duplicates merged, \(r.selfLoopsDropped) self-follows dropped
              referral rows \(r.referralRows): \(loaded.graph.referrals.count) edges, \(r.selfReferralsDropped) self-referrals dropped, \(r.refereesWithSeveralReferrers) referees with several referrers
              bad rows skipped \(r.badRowsSkipped)
            """)
        for bad in r.firstBadRows { context.note("  skipped: \(bad)") }
    }
}
