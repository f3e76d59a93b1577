@_spi(Tooling) import InfluenceGraph

/// `influence rank`: who are our advocates.
enum RankCommand: Command {
    static let spec = CommandSpec(
        name: "rank",
        abstract: "Rank customers by influence: PageRank, personalized PageRank, HITS, follower counts or the advocate score.",
        discussion: """
            The advocate score blends three percentile-ranked components: social (PageRank), referral (attributed revenue from first-touch, 3-tier, 0.5-decay attribution) and wallet (spend). Profiles: advocate (social and wallet ≥ high), influencer (social ≥ high, wallet < low), big spender (social < low, wallet ≥ high), referrer (referral ≥ high and the largest component), other. Ties break by order of first appearance.
            """,
        arguments: [CommonOptions.source],
        options: [
            .value("by", "by", help: "What to rank by.", default: RankingCriterion.pageRank.rawValue,
                   choices: RankingCriterion.allCases.map(\.rawValue)),
            RankOptions.damping, RankOptions.tolerance, RankOptions.maxIterations, RankOptions.iterations,
            RankOptions.weighted,
            SeedSets.seeds, SeedSets.seedsFile, SeedSets.segment, SeedSets.seedSets,
            RankOptions.weights, RankOptions.thresholds,
            .value("top", "n", help: "How many rows to print (per seed set); 0 prints every customer.", default: "20",
                   range: .integers(0...CommonOptions.countLimit)),
            RankOptions.iterationOrder,
            CommonOptions.format, CommonOptions.threads, CommonOptions.skipBadRows,
        ] + CommonOptions.csvFiles,
        exclusive: [["max-iterations", "iterations"], ["seeds", "seeds-file", "segment", "seed-sets"]])

    static func run(_ arguments: ParsedArguments, _ context: inout CommandContext) throws {
        let by = RankingCriterion(rawValue: arguments.choice("by")) ?? .pageRank
        let ranking = CustomerRanking(by: by, advocate: try RankOptions.advocate(arguments))
        let pageRank = ranking.pageRank
        let top = try arguments.int("top") ?? 20
        let seedSetsPath = arguments.string("seed-sets")
        let hasSeeds = ["seeds", "seeds-file", "segment", "seed-sets"].contains { arguments.string($0) != nil }
        if by == .personalizedPageRank, !hasSeeds {
            throw arguments.fail("--by personalized needs --seeds, --seeds-file, --segment or --seed-sets")
        }
        if hasSeeds, !by.takesPersonalization {
            throw arguments.fail("Seeds apply to --by pagerank or personalized, not '\(by.rawValue)'")
        }

        let loaded = try SourceLoading.load(arguments, &context)
        let graph = loaded.graph
        let sets: [[Int: Double]?]
        if let seedSetsPath { sets = try SeedSets.batch(seedSetsPath, graph) } else { sets = [try SeedSets.single(arguments, graph)] }

        let start = monotonicSeconds()
        let runs = ranking.run(on: graph, personalizations: sets)
        let computeSeconds = monotonicSeconds() - start

        let withSet = seedSetsPath != nil
        var columns = runs[0].advocate == nil ? ["rank", "id", "score"]
            : ["rank", "id", "score", "social", "referral", "wallet", "profile", "followers", "spend"]
        if withSet { columns.insert("set", at: 0) }
        var table = ResultTable(columns: columns)
        for (s, run) in runs.enumerated() {
            let scores = run.scores
            for (i, c) in Ranking.top(top == 0 ? scores.count : top, of: scores).enumerated() {
                var row: [ResultTable.Cell] = [.int(i + 1), .text(graph.customers.id(c)),
                                               by == .followers || by == .followees ? .int(Int(scores[c])) : .number(scores[c], digits: 6)]
                if withSet { row.insert(.int(s + 1), at: 0) }
                if let a = run.advocate {
                    row += [.number(a.social[c], digits: 3), .number(a.referral[c], digits: 3), .number(a.wallet[c], digits: 3),
                            .text(a.profiles[c].rawValue), .int(graph.follows.followers.degree(of: c)),
                            .number(graph.attributes.spend(c), digits: 2)]
                }
                table.rows.append(row)
            }
        }
        switch arguments.format() {
        case .table: context.stdout.write(table.renderTable())
        case .csv: context.stdout.write(table.renderCSV())
        case .json:
            var parameters: [(String, JSONValue)] = [
                ("damping", .double(pageRank.damping)), ("tolerance", .double(pageRank.tolerance)),
                ("max_iterations", .int(pageRank.maxIterations)), ("weighted", .bool(pageRank.weighted)),
                ("iteration_order", .string(pageRank.order.rawValue)), ("top", .int(top))]
            if let n = pageRank.iterations { parameters.append(("iterations", .int(n))) }
            if by == .advocate { parameters += RankOptions.parameters(ranking.advocate) }
            if let seedSetsPath { parameters.append(("seed_sets", .string(seedSetsPath))) }
            // With several seed sets the top-level figures are the worst case over the sets.
            let convergence = runs.compactMap(\.convergence)
            // One run's scores as they are, without a copy (80 MB at ten million).
            let d = Distribution(runs.count == 1 ? runs[0].scores : runs.flatMap(\.scores), threads: pageRank.threads)
            var object: [(String, JSONValue)] = [
                ("algorithm", .string(by.rawValue)),
                ("parameters", .object(parameters)),
                ("iterations", convergence.isEmpty ? .null : .int(convergence.map(\.iterations).max() ?? 0)),
                ("converged", convergence.isEmpty ? .null : .bool(convergence.allSatisfy(\.converged))),
                ("delta", convergence.isEmpty ? .null : .double(convergence.map(\.delta).max() ?? 0)),
                ("timings", .object([("load_seconds", .double(loaded.seconds)), ("compute_seconds", .double(computeSeconds))])),
                ("distribution", .object([("min", .double(d.min)), ("mean", .double(d.mean)), ("p50", .double(d.p50)),
                                          ("p90", .double(d.p90)), ("p99", .double(d.p99)), ("max", .double(d.max))])),
            ]
            if withSet {
                object.append(("sets", .array(zip(sets, runs).enumerated().map { s, pair in
                    let c = pair.1.convergence
                    return .object([("set", .int(s + 1)), ("seeds", .int(pair.0?.count ?? 0)),
                                    ("iterations", .int(c?.iterations ?? 0)), ("converged", .bool(c?.converged ?? true)),
                                    ("delta", .double(c?.delta ?? 0))])
                })))
            }
            object.append(("results", table.jsonRows))
            context.stdout.write(JSONValue.object(object).rendered() + "\n")
        }
    }
}
