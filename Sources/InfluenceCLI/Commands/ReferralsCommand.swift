import InfluenceGraph

/// `influence referrals --report …`: cascades, K-factor cohorts, or the fraud and data-quality audit.
enum ReferralsCommand: Command {
    static let spec = CommandSpec(
        name: "referrals",
        abstract: "Report on referral cascades, K-factor cohorts, or fraud and data-quality signals.",
        discussion: "cascades: sizes and depths of referral trees (primary credit parents). cohorts: K-factor (new customers per referrer) by month of the referrer's first referral or by segment; each referee counts once, for its primary parent's cohort. audit: rings, self-referrals dropped at import, referees with several referrers, bursts, referees with no purchase.",
        arguments: [CommonOptions.source],
        options: [
            .value("report", "kind", help: "The report to print.", choices: ["cascades", "cohorts", "audit"]),
            .value("by", "key", help: "Cohort key (cohorts only).", default: "month", choices: CohortKey.allCases.map(\.rawValue)),
            ReferralOptions.touch, ReferralOptions.since, ReferralOptions.until,
            ReferralOptions.burstThreshold, ReferralOptions.burstWindow,
            .value("top", "n", help: "Cascades: how many of the largest to list in table and JSON output; 0 lists all.", default: "10",
                   range: .integers(0...CommonOptions.countLimit)),
            CommonOptions.format, CommonOptions.threads, CommonOptions.skipBadRows,
        ] + CommonOptions.csvFiles)

    static func run(_ arguments: ParsedArguments, _ context: inout CommandContext) throws {
        guard let report = arguments.string("report") else {
            throw arguments.fail("Missing expected option '--report <kind>' (values: cascades, cohorts, audit)")
        }
        let touch = ReferralOptions.touchRule(arguments)
        let window = try ReferralOptions.window(arguments)
        let audit = try ReferralOptions.audit(arguments, window: window)
        let top = try arguments.int("top") ?? 10
        let key = CohortKey(rawValue: arguments.choice("by")) ?? .month
        let graph = try SourceLoading.load(arguments, &context).graph
        let parameters = ReferralOptions.parameters(touch, window)
        switch report {
        case "cascades": cascades(graph, touch, window, top: top, parameters, arguments, &context)
        case "cohorts": cohorts(graph, key, touch, window, parameters, arguments, &context)
        default: self.audit(graph, audit, arguments, &context)
        }
    }

    static func cascades(_ graph: CustomerGraph, _ touch: TouchRule, _ window: ReferralWindow, top: Int,
                         _ parameters: [(String, JSONValue)], _ arguments: ParsedArguments, _ context: inout CommandContext) {
        let report = ReferralCascades(touch: touch, window: window).run(on: graph)
        var table = ResultTable(columns: ["dimension", "lower", "upper", "cascades", "customers"])
        for b in report.sizeDistribution { table.rows.append([.text("size"), .int(b.lower), .int(b.upper), .int(b.cascades), .int(b.customers)]) }
        for b in report.depthDistribution { table.rows.append([.text("depth"), .int(b.lower), .int(b.upper), .int(b.cascades), .int(b.customers)]) }
        let largest = top == 0 ? report.cascades : Array(report.cascades.prefix(top))
        var list = ResultTable(columns: ["rank", "root", "size", "depth", "value", "ring"])
        for (i, c) in largest.enumerated() {
            list.rows.append([.int(i + 1), .text(graph.customers.id(c.root)), .int(c.size), .int(c.depth),
                              .number(c.value, digits: 2), .flag(c.hasRing)])
        }
        switch arguments.format() {
        case .csv:
            context.stdout.write(table.renderCSV())
        case .table:
            context.stdout.write("\(report.cascades.count) cascades, \(report.customersInCascades) customers\n\n")
            context.stdout.write(table.renderTable() + "\nLargest cascades\n" + list.renderTable())
        case .json:
            context.stdout.write(JSONValue.object([
                ("parameters", .object(parameters)),
                ("cascades", .int(report.cascades.count)),
                ("customers", .int(report.customersInCascades)),
                ("distribution", table.jsonRows),
                ("largest", list.jsonRows),
            ]).rendered() + "\n")
        }
    }

    static func cohorts(_ graph: CustomerGraph, _ key: CohortKey, _ touch: TouchRule, _ window: ReferralWindow,
                        _ parameters: [(String, JSONValue)], _ arguments: ParsedArguments, _ context: inout CommandContext) {
        let cohorts = ReferralCohorts(by: key, touch: touch, window: window).run(on: graph)
        var table = ResultTable(columns: ["cohort", "referrers", "referred", "k_factor", "referred_value"])
        for c in cohorts {
            table.rows.append([.text(c.name), .int(c.referrers), .int(c.referred), .number(c.kFactor, digits: 4),
                               .number(c.referredValue, digits: 2)])
        }
        ReferralOptions.write(table, arguments, &context, json: [("parameters", .object([("by", .string(key.rawValue))] + parameters))])
    }

    static func audit(_ graph: CustomerGraph, _ configuration: ReferralAudit,
                      _ arguments: ParsedArguments, _ context: inout CommandContext) {
        let audit = configuration.run(on: graph)
        let threshold = configuration.burstThreshold, span = configuration.burstWindow, window = configuration.window
        let id = { graph.customers.id($0) }
        var table = ResultTable(columns: ["signal", "customers", "detail"])
        for ring in audit.rings {
            table.rows.append([.text("ring"), .text(ring.map(id).joined(separator: " ")),
                               .text("\(ring.count) customers refer each other round a cycle")])
        }
        for s in audit.selfReferrals {
            table.rows.append([.text("self_referral"), .text(s.id), .text("\(s.rows) row\(s.rows == 1 ? "" : "s") dropped at import")])
        }
        for r in audit.severalReferrers {
            table.rows.append([.text("several_referrers"), .text(([r.referee] + r.referrers).map(id).joined(separator: " ")),
                               .text("\(r.referrers.count) referrers")])
        }
        for b in audit.bursts {
            table.rows.append([.text("burst"), .text(id(b.referrer)),
                               .text("\(b.referrals) referrals from \(ReferralWindow.formatTime(b.start)) to \(ReferralWindow.formatTime(b.end))")])
        }
        for r in audit.noPurchase {
            table.rows.append([.text("no_purchase"), .text(id(r.referee)),
                               .text("referred by \(r.referrers.map(id).joined(separator: " "))")])
        }
        ReferralOptions.write(table, arguments, &context, json: [
            ("parameters", .object([("burst_threshold", .int(threshold)), ("burst_window_seconds", .int(Int(span)))]
                                   + ReferralOptions.parameters(.first, window).dropFirst())),
            ("counts", .object([("rings", .int(audit.rings.count)), ("self_referrals", .int(audit.selfReferrals.count)),
                                ("several_referrers", .int(audit.severalReferrers.count)), ("bursts", .int(audit.bursts.count)),
                                ("no_purchase", .int(audit.noPurchase.count))])),
        ])
    }
}
