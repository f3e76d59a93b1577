@_spi(Tooling) import InfluenceGraph

/// `influence report`: one self-contained HTML page a growth team looks at.
enum ReportCommand: Command {
    static let spec = CommandSpec(
        name: "report",
        abstract: "Write one self-contained HTML page: social vs wallet, top advocates, campaign reach, referral waves and segments.",
        discussion: "The page has inline CSS and SVG only (no scripts, nothing fetched), prints on A4 or Letter, and names every chart for screen readers with its numbers in a table. Advocate, attribution and reach options mean what they mean for rank, attribute and seeds; --seeds-k and --model choose the reach curve (weighted cascade by default, with IMM's 95% interval), and --hops also sets the audiences the overlap heat map compares. The same input gives the same file at any --threads, but for the one line of load and compute times. Above 5,000 customers the maps draw density grids, so the file stays small.",
        arguments: [CommonOptions.source],
        options: [
            .value("output", short: "o", "file", help: "The HTML file to write."),
            .value("title", "text", help: "The page's heading.", default: InfluenceReport().title),
            .value("top", "n", help: "How many top advocates to label and list.", default: String(InfluenceReport().top),
                   range: .integers(0...1_000)),
            .value("seeds-k", "k", help: "How many seeds the reach curve picks.", default: String(InfluenceReport().seeds.count),
                   range: .integers(1...1_000)),
            .value("model", "model", help: "Spread model of the reach curve: k-hop coverage, independent cascade or weighted cascade.",
                   default: SpreadModel.weightedCascade.rawValue, choices: SpreadModel.allCases.filter { $0.selection(depth: .hops(1)) != nil }.map(\.rawValue)),
            AudienceOptions.hops, AudienceOptions.p, AudienceOptions.epsilon, AudienceOptions.rrMemory, AudienceOptions.seed,
            .value("segment", "name", help: "Only customers of this segment may be seeds."),
            AudienceOptions.excludeSegment, AudienceOptions.excludeFile,
            RankOptions.damping, RankOptions.tolerance, RankOptions.maxIterations, RankOptions.weighted,
            RankOptions.weights, RankOptions.thresholds, RankOptions.iterationOrder,
            ReferralOptions.tiers, ReferralOptions.decay, ReferralOptions.tierWeights,
            ReferralOptions.touch, ReferralOptions.since, ReferralOptions.until,
            ReferralOptions.burstThreshold, ReferralOptions.burstWindow,
            CommonOptions.threads, CommonOptions.skipBadRows,
        ],
        exclusive: [["decay", "tier-weights"]])

    static func run(_ arguments: ParsedArguments, _ context: inout CommandContext) throws {
        guard let output = arguments.string("output") else {
            throw arguments.fail("Missing expected option '--output <file>'")
        }
        let threads = try arguments.threads()
        var config = InfluenceReport(generator: "influence \(InfluenceCLI.version)")
        config.title = arguments.string("title") ?? config.title
        config.top = try arguments.int("top") ?? config.top
        let k = try arguments.int("seeds-k") ?? config.seeds.count
        let model = SpreadModel(rawValue: arguments.choice("model")) ?? .weightedCascade
        let depth = try AudienceOptions.depth(arguments)
        let p = try AudienceOptions.probability(arguments)
        let (epsilon, memoryMB) = try AudienceOptions.imm(arguments)
        config.seeds = SeedSelection(count: k, model: model.selection(depth: depth, probability: p) ?? .weightedCascade,
                                     epsilon: epsilon, seed: try AudienceOptions.randomSeed(arguments), threads: threads,
                                     sampleMemoryLimit: memoryMB << 20)
        config.overlapDepth = depth
        config.seedSegment = arguments.string("segment")
        var advocate = try RankOptions.advocate(arguments)
        let (tiers, weights) = try ReferralOptions.tierWeights(arguments)
        let window = try ReferralOptions.window(arguments)
        advocate.attribution = ReferralAttribution(tiers: tiers, weights: weights, touch: ReferralOptions.touchRule(arguments),
                                                   window: window, threads: threads)
        config.advocate = advocate
        config.audit = try ReferralOptions.audit(arguments, window: window)
        config.threads = threads

        let loaded = try SourceLoading.load(arguments, &context)
        let graph = loaded.graph
        if let segment = config.seedSegment, graph.attributes.segmentCode(named: segment) == nil {
            throw CommandFailure(description: "no customer is in segment '\(segment)'")
        }
        let excluded = try AudienceOptions.exclusions(arguments, graph: graph)
        var report = config.run(on: graph, source: arguments.argument("source") ?? SourceLoading.demoPath, excluding: excluded)
        report.timing.loadSeconds = loaded.seconds
        let start = monotonicSeconds()
        let page = report.html()
        try AtomicFile.write(to: output) { (file: inout AtomicFile) throws(OutputError) in try file.write(page) }
        context.note("Wrote \(output): \(page.utf8.count) bytes, \(graph.customerCount) customers; loaded in \(formatFixed(loaded.seconds, digits: 3)) s, computed in \(formatFixed(report.timing.computeSeconds ?? 0, digits: 3)) s, rendered and written in \(formatFixed(monotonicSeconds() - start, digits: 3)) s")
    }
}
