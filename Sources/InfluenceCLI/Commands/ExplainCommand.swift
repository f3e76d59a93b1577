@_spi(Tooling) import InfluenceGraph

/// `influence explain ID`: why a customer ranks where they do.
enum ExplainCommand: Command {
    static let spec = CommandSpec(
        name: "explain",
        abstract: "Explain a customer's ranking: PageRank and the followers behind it, spend, referrals, advocate components and profile.",
        discussion: "A follower's contribution is damping × the follower's PageRank × its vote share; the share column is that contribution over the customer's score. The rest of the score is teleport (including the mass of customers who follow nobody).",
        arguments: [
            ArgumentSpec(name: "id", help: "The customer id to explain.", optional: false),
            CommonOptions.source,
        ],
        options: [
            .value("followers", "n", help: "How many contributing followers to list.", default: "10", range: .integers(0...1_000_000)),
            RankOptions.damping, RankOptions.tolerance, RankOptions.maxIterations, RankOptions.weighted,
            RankOptions.weights, RankOptions.thresholds, RankOptions.iterationOrder,
            CommonOptions.format, CommonOptions.threads, CommonOptions.skipBadRows,
        ] + CommonOptions.csvFiles)

    static func run(_ arguments: ParsedArguments, _ context: inout CommandContext) throws {
        let id = arguments.argument("id") ?? ""
        let advocate = try RankOptions.advocate(arguments)
        let followers = try arguments.int("followers") ?? 10
        let loaded = try SourceLoading.load(arguments, &context)
        let graph = loaded.graph
        guard let customer = graph.customers.index(of: id) else { throw CommandFailure(description: "unknown customer id '\(id)'") }
        let start = monotonicSeconds()
        let why = Explain(topFollowers: followers, advocate: advocate).run(on: graph, customer: customer)
        let computeSeconds = monotonicSeconds() - start

        let fields: [(String, ResultTable.Cell)] = [
            ("id", .text(why.id)), ("name", .text(why.name)), ("segment", .text(why.segment)),
            ("pagerank", .number(why.pageRank, digits: 8)),
            ("pagerank_rank", .int(why.pageRankRank)), ("customers", .int(why.customerCount)),
            ("share_from_followers", .number(why.followerShare, digits: 4)),
            ("followers", .int(why.followerCount)), ("followees", .int(why.followeeCount)),
            ("spend", .number(why.spend, digits: 2)), ("orders", .int(Int(why.orders))),
            ("attributed_revenue", .number(why.attributedRevenue, digits: 2)),
            ("direct_referrals", .int(why.directReferrals)), ("downline", .int(why.downline)),
            ("referee_spend", .number(why.refereeSpend, digits: 2)),
            ("depth", .int(why.depth)), ("root", .text(why.root)),
            ("referred_by", .text(why.referredBy.joined(separator: " "))),
            ("advocate_score", .number(why.advocateScore, digits: 4)), ("advocate_rank", .int(why.advocateRank)),
            ("social", .number(why.social, digits: 3)), ("referral", .number(why.referral, digits: 3)),
            ("wallet", .number(why.wallet, digits: 3)), ("profile", .text(why.profile.rawValue)),
        ]
        var contributors = ResultTable(columns: ["rank", "follower", "contribution", "share"])
        contributors.rows = why.topFollowers.enumerated().map { i, f in
            [.int(i + 1), .text(f.id), .number(f.contribution, digits: 8), .number(f.share, digits: 4)]
        }
        switch arguments.format() {
        case .table:
            var table = ResultTable(columns: ["metric", "value"])
            table.rows = fields.map { [.text($0.0.replacingAll("_", with: " ")), $0.1] }
            context.stdout.write(table.renderTable())
            if !contributors.rows.isEmpty {
                context.stdout.write("\nFollowers contributing most:\n")
                context.stdout.write(contributors.renderTable())
            }
        case .csv:
            // One flat metric,value table, so a spreadsheet reads it without a second header.
            var table = ResultTable(columns: ["metric", "value"])
            table.rows = fields.map { [.text($0.0), $0.1] }
            for (i, f) in why.topFollowers.enumerated() {
                table.rows.append([.text("follower_\(i + 1)"), .text(f.id)])
                table.rows.append([.text("follower_\(i + 1)_share"), .number(f.share, digits: 4)])
            }
            context.stdout.write(table.renderCSV())
        case .json:
            let object: JSONValue = .object([
                ("id", .string(why.id)), ("name", .string(why.name)), ("segment", .string(why.segment)),
                ("pagerank", .object([("score", .double(why.pageRank)), ("rank", .int(why.pageRankRank)),
                                      ("customers", .int(why.customerCount)), ("share_from_followers", .double(why.followerShare)),
                                      ("iterations", .int(why.pageRankIterations)), ("converged", .bool(why.pageRankConverged))])),
                ("followers", .int(why.followerCount)), ("followees", .int(why.followeeCount)),
                ("top_followers", .array(why.topFollowers.map { f in
                    .object([("id", .string(f.id)), ("contribution", .double(f.contribution)), ("share", .double(f.share))])
                })),
                ("spend", .double(why.spend)), ("orders", .int(Int(why.orders))),
                ("referrals", .object([("attributed_revenue", .double(why.attributedRevenue)),
                                       ("direct_referrals", .int(why.directReferrals)), ("downline", .int(why.downline)),
                                       ("referee_spend", .double(why.refereeSpend)), ("depth", .int(why.depth)),
                                       ("root", .string(why.root)), ("referred_by", .array(why.referredBy.map { .string($0) }))])),
                ("advocate", .object([("score", .double(why.advocateScore)), ("rank", .int(why.advocateRank)),
                                      ("social", .double(why.social)), ("referral", .double(why.referral)),
                                      ("wallet", .double(why.wallet)), ("profile", .string(why.profile.rawValue))]
                                     + RankOptions.parameters(advocate))),
                ("timings", .object([("load_seconds", .double(loaded.seconds)), ("compute_seconds", .double(computeSeconds))])),
            ])
            context.stdout.write(object.rendered() + "\n")
        }
    }
}
