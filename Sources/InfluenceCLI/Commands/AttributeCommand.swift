@_spi(Tooling) import InfluenceGraph

/// `influence attribute`: who gets credit for each referred conversion.
enum AttributeCommand: Command {
    static let spec = CommandSpec(
        name: "attribute",
        abstract: "Credit referrers, up to N tiers, for the conversions they brought.",
        discussion: "Each referee's value (the winning row's revenue, else its spend, else 0) flows up its chain of credit parents: tier t receives value × w_t × the shares along the path. A path stops before revisiting a customer, so rings terminate and no one earns credit for their own conversion. Sorted by attributed revenue, ties in customer order.",
        arguments: [CommonOptions.source],
        options: [
            .value("tiers", "n", help: "Deepest tier credited.", default: String(ReferralAttribution().tiers)),
            .value("decay", "d", help: "Tier weights 1, d, d², …", default: defaultText(defaultDecay)),
            .value("tier-weights", "list", help: "Explicit tier weights, e.g. 1,0.3,0.1 (sets --tiers to their count)."),
            ReferralOptions.touch, ReferralOptions.since, ReferralOptions.until,
            .value("top", "n", help: "How many rows to print; 0 prints every customer.", default: "20"),
            CommonOptions.format, CommonOptions.threads, CommonOptions.skipBadRows,
        ] + CommonOptions.csvFiles,
        exclusive: [["decay", "tier-weights"]])

    /// The decay of the library's default tier weights.
    static var defaultDecay: Double {
        if case .decay(let d) = ReferralAttribution().weights { return d }
        return 1
    }

    static func run(_ arguments: ParsedArguments, _ context: inout CommandContext) throws {
        var tiers = try arguments.int("tiers", in: 1...64)
        var weights = TierWeights.decay(try arguments.double("decay", in: 0...1_000_000) ?? defaultDecay)
        if let text = arguments.string("tier-weights") {
            var list: [Double] = []
            for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                guard let w = Double(part.trimmingSpaces), w.isFinite, w >= 0 else {
                    throw arguments.fail("The value '\(text)' is invalid for '--tier-weights <list>': expected numbers ≥ 0 separated by commas")
                }
                list.append(w)
            }
            guard list.count <= 64 else { throw arguments.fail("'--tier-weights' allows at most 64 tiers") }
            if let tiers, tiers != list.count {
                throw arguments.fail("'--tiers \(tiers)' does not match the \(list.count) weights of '--tier-weights'")
            }
            tiers = list.count
            weights = .explicit(list)
        }
        let touch = ReferralOptions.touchRule(arguments)
        let window = try ReferralOptions.window(arguments)
        let top = try arguments.int("top", in: 0...Int.max) ?? 20
        let threads = try arguments.threads()

        let loaded = try SourceLoading.load(arguments, &context)
        let graph = loaded.graph
        let attribution = ReferralAttribution(tiers: tiers ?? ReferralAttribution().tiers, weights: weights, touch: touch, window: window, threads: threads)
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
