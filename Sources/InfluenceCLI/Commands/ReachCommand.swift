@_spi(Tooling) import InfluenceGraph

/// `influence reach`: how many distinct customers a post by the seeds reaches.
enum ReachCommand: Command {
    static let spec = CommandSpec(
        name: "reach",
        abstract: "Count the customers a post by the seeds reaches: exact k-hop reach or cascade Monte Carlo.",
        discussion: "A post by a seed is seen by its followers (hop 1), re-shared to their followers (hop 2), and so on. Reach counts distinct customers other than the seeds; spread is reach plus the number of seeds. The hops model is exact (stderr 0) with one hop_N column per hop, up to the last hop that reaches anyone; ic, wc and lt are estimated by Monte Carlo with a 95% interval.",
        arguments: [CommonOptions.source],
        options: [
            AudienceOptions.seeds, AudienceOptions.seedsFile,
            .value("model", "model", help: "Spread model: exact k-hop reach, independent cascade, weighted cascade or linear threshold.",
                   default: SpreadModel.hops.rawValue, choices: SpreadModel.allCases.map(\.rawValue)),
            AudienceOptions.hops, AudienceOptions.p,
            .value("runs", "n", help: "Monte Carlo runs for ic, wc and lt.", default: String(CascadeSimulation(model: .weightedCascade).runs),
                   range: .integers(1...100_000_000)),
            AudienceOptions.seed, AudienceOptions.excludeSegment, AudienceOptions.excludeFile,
            CommonOptions.format, CommonOptions.threads, CommonOptions.skipBadRows,
        ] + CommonOptions.csvFiles,
        exclusive: [["seeds", "seeds-file"]])

    static func run(_ arguments: ParsedArguments, _ context: inout CommandContext) throws {
        let model = AudienceOptions.spreadModel(arguments)
        let depth = try AudienceOptions.depth(arguments)
        let p = try AudienceOptions.probability(arguments)
        var simulation = CascadeSimulation(model: .weightedCascade)
        simulation.runs = try arguments.int("runs") ?? simulation.runs
        simulation.seed = try AudienceOptions.randomSeed(arguments)
        simulation.threads = try arguments.threads()
        let (loaded, seeds, excluded) = try AudienceOptions.loadAudience(arguments, &context)
        let graph = loaded.graph
        let start = monotonicSeconds()
        var columns = ["model", "seeds", "reach", "spread", "stderr", "ci_low", "ci_high"]
        var row: [ResultTable.Cell]
        if let cascade = model.cascade(probability: p) {
            simulation.model = cascade
            let e = simulation.run(on: graph, seeds: seeds, excluding: excluded)
            row = [.text(model.rawValue), .int(e.seeds.count), .number(e.meanReach, digits: 3), .number(e.meanSpread, digits: 3),
                   .number(e.standardError, digits: 3), .number(e.confidenceInterval.lowerBound, digits: 3),
                   .number(e.confidenceInterval.upperBound, digits: 3)]
        } else {
            let r = KHopReach(depth: depth, threads: simulation.threads).run(on: graph, seeds: seeds, excluding: excluded)
            row = [.text("hops"), .int(r.seeds.count), .int(r.reach), .int(r.spread), .number(0, digits: 3), .int(r.reach), .int(r.reach)]
            for (h, count) in r.hopCounts.enumerated() {
                columns.append("hop_\(h + 1)")
                row.append(.int(count))
            }
        }
        let seconds = monotonicSeconds() - start
        var table = ResultTable(columns: columns)
        table.rows = [row]
        switch arguments.format() {
        case .csv: context.stdout.write(table.renderCSV())
        case .table: context.stdout.write(table.renderTable())
        case .json:
            var object = zip(columns, row).map { ($0.0, $0.1.json) }
            if model == .hops { object.append(("hops", .string(AudienceOptions.depthLabel(depth)))) }
            else {
                object.append(("runs", .int(simulation.runs)))
                object.append(("seed", .string(String(simulation.seed))))
                if model == .independentCascade { object.append(("p", .double(p))) }
            }
            object.append(("timings", .object([("load_seconds", .double(loaded.seconds)), ("compute_seconds", .double(seconds))])))
            context.stdout.write(JSONValue.object(object).rendered() + "\n")
        }
    }
}
