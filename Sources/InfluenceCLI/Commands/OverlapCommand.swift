@_spi(Tooling) import InfluenceGraph

/// `influence overlap`: how much the seeds' audiences duplicate each other.
enum OverlapCommand: Command {
    static let spec = CommandSpec(
        name: "overlap",
        abstract: "Show each seed's own and marginal k-hop reach and the pairwise shared audience and Jaccard index.",
        discussion: "Own reach is the seed's audience alone; marginal reach is what the list loses without that seed (it can be -1 when the seed is itself reached by the others and brings no one new). CSV and table rows are of kind 'seed' (own_reach, marginal_reach) or 'pair' (shared, jaccard); the total row has the reach of all seeds together.",
        arguments: [CommonOptions.source],
        options: [
            AudienceOptions.seeds, AudienceOptions.seedsFile,
            .value("hops", "k", help: "Hops a post travels.", default: AudienceOptions.depthLabel(AudienceOverlap().depth),
                   range: AudienceOptions.hopsRange),
            AudienceOptions.excludeSegment, AudienceOptions.excludeFile,
            CommonOptions.format, CommonOptions.threads, CommonOptions.skipBadRows,
        ] + CommonOptions.csvFiles,
        exclusive: [["seeds", "seeds-file"]])

    static func run(_ arguments: ParsedArguments, _ context: inout CommandContext) throws {
        let depth = try AudienceOptions.depth(arguments, default: AudienceOverlap().depth)
        let threads = try arguments.threads()
        let (loaded, seeds, excluded) = try AudienceOptions.loadAudience(arguments, &context)
        let graph = loaded.graph
        let start = monotonicSeconds()
        let o = AudienceOverlap(depth: depth, threads: threads).run(on: graph, seeds: seeds, excluding: excluded)
        let seconds = monotonicSeconds() - start
        let ids = o.seeds.map { graph.customers.id($0) }
        let k = o.seeds.count
        switch arguments.format() {
        case .json:
            let seedObjects: [JSONValue] = (0..<k).map { i in
                .object([("id", .string(ids[i])), ("own_reach", .int(o.ownReach[i])), ("marginal_reach", .int(o.marginalReach[i]))])
            }
            var pairs: [JSONValue] = []
            for i in 0..<k { for j in (i + 1)..<max(i + 1, k) {
                pairs.append(.object([("a", .string(ids[i])), ("b", .string(ids[j])), ("shared", .int(o.shared(i, j))),
                                      ("jaccard", .double(o.jaccard(i, j)))]))
            } }
            let object: JSONValue = .object([
                ("hops", .string(AudienceOptions.depthLabel(depth))), ("seeds", .int(k)), ("total_reach", .int(o.totalReach)),
                ("per_seed", .array(seedObjects)), ("pairs", .array(pairs)),
                ("timings", .object([("load_seconds", .double(loaded.seconds)), ("compute_seconds", .double(seconds))])),
            ])
            context.stdout.write(object.rendered() + "\n")
        case .csv, .table:
            var table = ResultTable(columns: ["kind", "id", "other", "own_reach", "marginal_reach", "shared", "jaccard"])
            table.rows.append([.text("total"), .text(""), .text(""), .int(o.totalReach), .text(""), .text(""), .text("")])
            for i in 0..<k {
                table.rows.append([.text("seed"), .text(ids[i]), .text(""), .int(o.ownReach[i]), .int(o.marginalReach[i]), .text(""), .text("")])
            }
            for i in 0..<k { for j in (i + 1)..<max(i + 1, k) {
                table.rows.append([.text("pair"), .text(ids[i]), .text(ids[j]), .text(""), .text(""), .int(o.shared(i, j)),
                                   .number(o.jaccard(i, j), digits: 4)])
            } }
            context.stdout.write(arguments.format() == .csv ? table.renderCSV() : table.renderTable())
        }
    }
}
