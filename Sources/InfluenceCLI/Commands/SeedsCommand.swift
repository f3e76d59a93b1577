@_spi(Tooling) import InfluenceGraph

/// `influence seeds`: which advocates to pay so a campaign reaches the most people.
enum SeedsCommand: Command {
    static let spec = CommandSpec(
        name: "seeds",
        abstract: "Pick the seeds that reach the most customers: CELF greedy for hops, IMM for ic and wc.",
        discussion: "Prints the seeds in pick order with the marginal reach each adds and the cumulative reach: the reach curve. With --budget, candidates carry a cost (a 'cost' column in the --candidates file, else 1) and picks maximize reach per cost within the budget, keeping the best single affordable seed when it does better. For ic and wc, reach is IMM's estimate from its reverse-reachable sets.",
        arguments: [CommonOptions.source],
        options: [
            .value("k", "k", help: "The most seeds to pick (required unless --budget is given).", range: .integers(1...CommonOptions.countLimit)),
            .value("model", "model", help: "Spread model: k-hop coverage, independent cascade or weighted cascade.",
                   default: SpreadModel.hops.rawValue, choices: SpreadModel.allCases.filter { $0.selection(depth: .hops(1)) != nil }.map(\.rawValue)),
            AudienceOptions.hops, AudienceOptions.p,
            AudienceOptions.epsilon, AudienceOptions.rrMemory,
            .value("candidates", "file", help: "Only these customers may be picked: ids one per line, or CSV with 'id' and optional 'cost' columns."),
            .value("segment", "name", help: "Only customers of this segment may be picked."),
            .value("budget", "b", help: "The most the picks may cost together.", range: .numbers(0...Double.greatestFiniteMagnitude)),
            AudienceOptions.seed, AudienceOptions.excludeSegment, AudienceOptions.excludeFile,
            .value("svg", "file", help: "Also write the reach curve as an SVG chart to this file."),
            CommonOptions.format, CommonOptions.threads, CommonOptions.skipBadRows,
        ] + CommonOptions.csvFiles,
        exclusive: [["candidates", "segment"]])

    static func run(_ arguments: ParsedArguments, _ context: inout CommandContext) throws {
        let model = AudienceOptions.spreadModel(arguments)
        let budget = try arguments.double("budget")
        let kOption = try arguments.int("k")
        guard kOption != nil || budget != nil else { throw arguments.fail("Missing expected option '--k <k>'") }
        let depth = try AudienceOptions.depth(arguments)
        let p = try AudienceOptions.probability(arguments)
        let (epsilon, memoryMB) = try AudienceOptions.imm(arguments)
        let seed = try AudienceOptions.randomSeed(arguments)
        let threads = try arguments.threads()
        let loaded = try SourceLoading.load(arguments, &context)
        let graph = loaded.graph
        let excluded = try AudienceOptions.exclusions(arguments, graph: graph)
        var candidates: [Int]? = nil
        var costs: [Double]? = nil
        if let file = arguments.string("candidates") {
            let rows = try IDFile.read(file)
            var list: [Int] = [], listCosts: [Double] = []
            for row in rows {
                guard let i = graph.customers.index(of: row.id) else {
                    throw CommandFailure(description: "\(file):\(row.line): unknown candidate customer '\(row.id)'")
                }
                list.append(i)
                listCosts.append(row.cost ?? 1)
            }
            candidates = list
            if rows.contains(where: { $0.cost != nil }) { costs = listCosts }
        } else if let segment = arguments.string("segment") {
            guard let code = graph.attributes.segmentCode(named: segment), let codes = graph.attributes.segmentCodes else {
                throw CommandFailure(description: "no customer is in segment '\(segment)'")
            }
            candidates = (0..<graph.customerCount).filter { codes[$0] == code }
        }
        if budget != nil && costs == nil {
            context.note("No cost column given: every candidate costs 1")
        }
        let selectionModel = model.selection(depth: depth, probability: p) ?? .hops(depth)
        let start = monotonicSeconds()
        let result = SeedSelection(count: kOption ?? Int.max, model: selectionModel, epsilon: epsilon, budget: budget,
                                   seed: seed, threads: threads, sampleMemoryLimit: memoryMB << 20).run(on: graph, candidates: candidates, costs: costs, excluding: excluded)
        let seconds = monotonicSeconds() - start
        if let achieved = result.guaranteedEpsilon, achieved > epsilon {
            context.note("IMM stopped sampling at --rr-memory \(memoryMB) MB with \(result.reverseReachableSets) RR sets: the picks are guaranteed within epsilon = \(formatFixed(achieved, digits: 3)), not \(formatFixed(epsilon, digits: 3)) (raise --rr-memory or --epsilon)")
        }
        let digits = model == .hops ? 0 : 3
        var table = ResultTable(columns: ["pick", "id", "marginal", "cumulative"])
        for (i, pick) in result.picks.enumerated() {
            table.rows.append([.int(i + 1), .text(graph.customers.id(pick.customer)),
                               digits == 0 ? .int(Int(pick.marginalReach)) : .number(pick.marginalReach, digits: digits),
                               digits == 0 ? .int(Int(pick.reach)) : .number(pick.reach, digits: digits)])
        }
        if let svg = arguments.string("svg") {
            let label = model == .hops ? "hops \(AudienceOptions.depthLabel(depth))" : model == .independentCascade ? "ic p=\(formatFixed(p, digits: 3))" : "wc"
            var chart = ReachCurveChart(title: "Reach curve (\(label))")
            chart.addSeries(name: label, values: result.picks.map(\.reach))
            try chart.write(to: svg)
        }
        switch arguments.format() {
        case .csv: context.stdout.write(table.renderCSV())
        case .table: context.stdout.write(table.renderTable())
        case .json:
            let picks: [JSONValue] = result.picks.enumerated().map { i, pick in
                .object([("pick", .int(i + 1)), ("id", .string(graph.customers.id(pick.customer))),
                         ("marginal", .double(pick.marginalReach)), ("cumulative", .double(pick.reach)),
                         ("spread", .double(pick.spread)), ("cost", .double(pick.cost)), ("cumulative_cost", .double(pick.cumulativeCost))])
            }
            var object: [(String, JSONValue)] = [("model", .string(model.rawValue)), ("picks", .array(picks))]
            if model == .hops { object.append(("hops", .string(AudienceOptions.depthLabel(depth)))) }
            else {
                object.append(("epsilon", .double(epsilon)))
                object.append(("rr_sets", .int(result.reverseReachableSets)))
                object.append(("guaranteed_epsilon", .double(result.guaranteedEpsilon ?? epsilon)))
                object.append(("seed", .string(String(seed))))
            }
            if let budget { object.append(("budget", .double(budget))) }
            object.append(("timings", .object([("load_seconds", .double(loaded.seconds)), ("compute_seconds", .double(seconds))])))
            context.stdout.write(JSONValue.object(object).rendered() + "\n")
        }
    }
}
