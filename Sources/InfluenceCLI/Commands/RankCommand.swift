import InfluenceGraph

/// `influence rank`: who are our advocates.
enum RankCommand: Command {
    static let spec = CommandSpec(
        name: "rank",
        abstract: "Rank customers by influence: PageRank, personalized PageRank, HITS, follower counts or the advocate score.",
        discussion: "The advocate score blends three percentile-ranked components: social (PageRank), referral (attributed revenue from first-touch, 3-tier, 0.5-decay attribution) and wallet (spend). Ties break by order of first appearance.",
        arguments: [CommonOptions.source],
        options: [
            .value("by", "by", help: "What to rank by.", default: "pagerank",
                   choices: ["pagerank", "personalized", "hits-authority", "hits-hub", "followers", "followees", "advocate"]),
            .value("damping", "x", help: "PageRank damping factor.", default: "0.85"),
            .value("tolerance", "x", help: "Stop when the L1 change between iterations is below this.", default: "1e-9"),
            .value("max-iterations", "n", help: "Iteration cap.", default: "100"),
            .value("iterations", "n", help: "Run exactly this many iterations (for benchmarking)."),
            .flag("weighted", help: "Split each follower's vote by follow weight instead of evenly."),
            .value("seeds", "ids", help: "Comma-separated seed customer ids for personalized PageRank."),
            .value("seeds-file", "file", help: "A file of seed ids, one per line (optional second column: weight)."),
            .value("segment", "name", help: "Use every customer of this segment as the seeds."),
            .value("weights", "list", help: "Advocate blend weights.", default: "social=0.5,referral=0.2,wallet=0.3"),
            .value("top", "n", help: "How many rows to print; 0 prints every customer.", default: "20"),
            CommonOptions.format, CommonOptions.threads, CommonOptions.skipBadRows,
        ],
        exclusive: [["max-iterations", "iterations"], ["seeds", "seeds-file", "segment"]])

    static func run(_ arguments: ParsedArguments, _ context: inout CommandContext) throws {
        let by = arguments.choice("by")
        var pageRank = PageRank()
        pageRank.damping = try arguments.double("damping", in: 0...1) ?? 0.85
        pageRank.tolerance = try arguments.double("tolerance", in: 0...1) ?? 1e-9
        pageRank.maxIterations = try arguments.int("max-iterations", in: 1...1_000_000) ?? 100
        pageRank.iterations = try arguments.int("iterations", in: 1...1_000_000)
        pageRank.weighted = arguments.flag("weighted")
        pageRank.threads = try arguments.threads()
        let weights = try blendWeights(arguments)
        let top = try arguments.int("top", in: 0...Int.max) ?? 20
        let hasSeeds = arguments.string("seeds") != nil || arguments.string("seeds-file") != nil || arguments.string("segment") != nil
        if by == "personalized", !hasSeeds { throw arguments.fail("--by personalized needs --seeds, --seeds-file or --segment") }

        let loaded = try SourceLoading.load(arguments, &context)
        let graph = loaded.graph
        if hasSeeds { pageRank.personalization = try seeds(arguments, graph) }
        let start = monotonicSeconds()
        var scores: [Double]
        var convergence: (iterations: Int, converged: Bool, delta: Double)? = nil
        var advocate: AdvocateResult? = nil
        switch by {
        case "hits-authority", "hits-hub":
            let hits = HITS(tolerance: pageRank.tolerance, maxIterations: pageRank.maxIterations).run(on: graph)
            scores = by == "hits-hub" ? hits.hubs : hits.authorities
            convergence = (hits.iterations, hits.converged, hits.delta)
        case "followers":
            scores = (0..<graph.customerCount).map { Double(graph.follows.followers.degree(of: $0)) }
        case "followees":
            scores = (0..<graph.customerCount).map { Double(graph.follows.followees.degree(of: $0)) }
        case "advocate":
            let attribution = ReferralAttribution(threads: pageRank.threads ?? Threads.available).run(on: graph)
            let result = AdvocateScore(social: weights.social, referral: weights.referral, wallet: weights.wallet, pageRank: pageRank)
                .run(on: graph, referralValues: attribution.attributedRevenue)
            scores = result.scores
            convergence = (result.pageRank.iterations, result.pageRank.converged, result.pageRank.delta)
            advocate = result
        default:
            let result = pageRank.run(on: graph)
            scores = result.scores
            convergence = (result.iterations, result.converged, result.delta)
        }
        let computeSeconds = monotonicSeconds() - start
        let order = Ranking.top(top == 0 ? scores.count : top, of: scores)

        var table = ResultTable(columns: advocate == nil ? ["rank", "id", "score"]
                                    : ["rank", "id", "score", "social", "referral", "wallet", "profile", "followers", "spend"])
        for (i, c) in order.enumerated() {
            var row: [ResultTable.Cell] = [.int(i + 1), .text(graph.customers.id(c)),
                                           by == "followers" || by == "followees" ? .int(Int(scores[c])) : .number(scores[c], digits: 6)]
            if let a = advocate {
                row += [.number(a.social[c], digits: 3), .number(a.referral[c], digits: 3), .number(a.wallet[c], digits: 3),
                        .text(a.profiles[c].rawValue), .int(graph.follows.followers.degree(of: c)),
                        .number(graph.attributes.spend(c), digits: 2)]
            }
            table.rows.append(row)
        }
        switch arguments.format() {
        case .table: context.stdout.write(table.renderTable())
        case .csv: context.stdout.write(table.renderCSV())
        case .json:
            let d = Distribution(scores)
            var parameters: [(String, JSONValue)] = [("damping", .double(pageRank.damping)), ("tolerance", .double(pageRank.tolerance)),
                                                     ("max_iterations", .int(pageRank.maxIterations)), ("weighted", .bool(pageRank.weighted)),
                                                     ("top", .int(top))]
            if let n = pageRank.iterations { parameters.append(("iterations", .int(n))) }
            if by == "advocate" {
                parameters.append(("weights", .object([("social", .double(weights.social)), ("referral", .double(weights.referral)), ("wallet", .double(weights.wallet))])))
            }
            let object: JSONValue = .object([
                ("algorithm", .string(by)),
                ("parameters", .object(parameters)),
                ("iterations", convergence.map { .int($0.iterations) } ?? .null),
                ("converged", convergence.map { .bool($0.converged) } ?? .null),
                ("delta", convergence.map { .double($0.delta) } ?? .null),
                ("timings", .object([("load_seconds", .double(loaded.seconds)), ("compute_seconds", .double(computeSeconds))])),
                ("distribution", .object([("min", .double(d.min)), ("mean", .double(d.mean)), ("p50", .double(d.p50)),
                                          ("p90", .double(d.p90)), ("p99", .double(d.p99)), ("max", .double(d.max))])),
                ("results", table.jsonRows),
            ])
            context.stdout.write(object.rendered() + "\n")
        }
    }

    static func blendWeights(_ arguments: ParsedArguments) throws(UsageError) -> (social: Double, referral: Double, wallet: Double) {
        var w = (social: 0.5, referral: 0.2, wallet: 0.3)
        guard let text = arguments.string("weights") else { return w }
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let value = Double(parts[1]), value.isFinite, value >= 0 else {
                throw arguments.fail("The value '\(pair)' is invalid for '--weights <list>': expected NAME=NUMBER with NUMBER ≥ 0")
            }
            switch parts[0] {
            case "social": w.social = value
            case "referral": w.referral = value
            case "wallet": w.wallet = value
            default:
                throw arguments.fail("The value '\(parts[0])' is invalid for '--weights <list>'. Please provide one of 'social', 'referral', 'wallet'")
            }
        }
        return w
    }

    /// Seed customers and weights from `--seeds`, `--seeds-file` or `--segment`.
    static func seeds(_ arguments: ParsedArguments, _ graph: CustomerGraph) throws -> [Int: Double] {
        var pairs: [(String, Double)] = []
        if let list = arguments.string("seeds") {
            pairs = list.split(separator: ",").map { (String($0), 1) }
        } else if let path = arguments.string("seeds-file") {
            let text = String(decoding: try FileBytes.read(path), as: UTF8.self)
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let fields = line.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
                guard let id = fields.first, !id.hasPrefix("#") else { continue }
                var weight = 1.0
                if fields.count > 1 {
                    guard let w = Double(fields[1]), w.isFinite, w >= 0 else {
                        throw InputError(file: path, line: n + 1, message: "seed weight is not a number of at least 0 ('\(fields[1])')")
                    }
                    weight = w
                }
                pairs.append((id, weight))
            }
        } else if let name = arguments.string("segment") {
            guard let code = graph.attributes.segmentCode(named: name), let codes = graph.attributes.segmentCodes else {
                throw CommandFailure(description: "no customer is in segment '\(name)'")
            }
            return Dictionary(uniqueKeysWithValues: codes.indices.filter { codes[$0] == code }.map { ($0, 1.0) })
        }
        var seeds: [Int: Double] = [:]
        var unknown: [String] = []
        for (id, weight) in pairs {
            if let i = graph.customers.index(of: id) { seeds[i, default: 0] += weight } else { unknown.append(id) }
        }
        if !unknown.isEmpty {
            throw CommandFailure(description: "unknown seed id\(unknown.count > 1 ? "s" : "") \(unknown.prefix(10).map { "'\($0)'" }.joined(separator: ", "))")
        }
        guard seeds.values.reduce(0, +) > 0 else { throw CommandFailure(description: "the seed weights sum to 0") }
        return seeds
    }
}
