@_spi(Tooling) import InfluenceGraph

/// `influence attribute`: who gets credit for each referred conversion.
enum AttributeCommand: Command {
    static let spec = CommandSpec(
        name: "attribute",
        abstract: "Credit referrers, up to N tiers, for the conversions they brought.",
        discussion: "Each referee's value (the winning row's revenue, else its spend, else 0) flows up its chain of credit parents: tier t receives value × w_t × the shares along the path. A path stops before revisiting a customer, so rings terminate and no one earns credit for their own conversion. Sorted by attributed revenue, ties in customer order.",
        arguments: [CommonOptions.source],
        options: [
            ReferralOptions.tiers, ReferralOptions.decay, ReferralOptions.tierWeights,
            ReferralOptions.touch, ReferralOptions.since, ReferralOptions.until,
            .value("top", "n", help: "How many rows to print; 0 prints every customer.", default: "20",
                   range: .integers(0...CommonOptions.countLimit)),
            CommonOptions.format, CommonOptions.threads, CommonOptions.skipBadRows,
        ] + CommonOptions.csvFiles,
        exclusive: [["decay", "tier-weights"]])

    static func run(_ arguments: ParsedArguments, _ context: inout CommandContext) throws {
        let (tiers, weights) = try ReferralOptions.tierWeights(arguments)
        let touch = ReferralOptions.touchRule(arguments)
        let window = try ReferralOptions.window(arguments)
        let top = try arguments.int("top") ?? 20
        let threads = try arguments.threads()

        let loaded = try SourceLoading.load(arguments, &context)
        let graph = loaded.graph
        let attribution = ReferralAttribution(tiers: tiers, weights: weights, touch: touch, window: window, threads: threads)
        let start = monotonicSeconds()
        let result = attribution.run(on: graph)
        let seconds = monotonicSeconds() - start

        var table = ResultTable(columns: ["rank", "id", "attributed_revenue", "direct_referrals", "downline", "depth", "root"])
        for (i, c) in result.top(top).enumerated() {
            table.rows.append([.int(i + 1), .text(graph.customers.id(c)), .number(result.attributedRevenue[c], digits: 2),
                               .int(Int(result.directReferrals[c])), .int(Int(result.downline[c])), .int(Int(result.depth[c])),
                               .text(graph.customers.id(Int(result.root[c])))])
        }
        let referees = result.forest.credit.primary.reduce(0) { $0 + ($1 == CreditParents.none ? 0 : 1) }
        let tierWeights = (1...attribution.tiers).map { JSONValue.double(weights.weight(tier: $0)) }
        ReferralOptions.write(table, arguments, &context, json: [
            ("parameters", .object([("tiers", .int(attribution.tiers)), ("tier_weights", .array(tierWeights)), ("top", .int(top))]
                                   + ReferralOptions.parameters(touch, window))),
            ("referees", .int(referees)),
            ("total_credit", .double(result.totalCredit)),
            ("timings", .object([("load_seconds", .double(loaded.seconds)), ("compute_seconds", .double(seconds))])),
        ])
    }
}

extension Substring {
    /// Without leading and trailing spaces.
    var trimmingSpaces: String {
        String(drop { $0 == " " }.reversed().drop { $0 == " " }.reversed())
    }
}
