import InfluenceGraph

/// The options `rank` and `explain` share: PageRank settings and the advocate blend.
enum RankOptions {
    static let damping = OptionSpec.value("damping", "x", help: "PageRank damping factor.", default: defaultText(PageRank().damping),
                                          range: .numbers(0...1))
    static let tolerance = OptionSpec.value("tolerance", "x", help: "Stop when the L1 change between iterations is below this.",
                                            default: defaultText(PageRank().tolerance), range: .numbers(0...1))
    static let maxIterations = OptionSpec.value("max-iterations", "n", help: "Iteration cap.", default: String(PageRank().maxIterations),
                                                range: .integers(iterationRange))
    static let iterations = OptionSpec.value("iterations", "n", help: "Run exactly this many iterations (for benchmarking).",
                                             range: .integers(iterationRange))
    /// Iteration counts: a million PageRank iterations is beyond any convergence need.
    static let iterationRange = 1...1_000_000
    static let weighted = OptionSpec.flag("weighted", help: "Split each follower's vote by follow weight instead of evenly.")
    static let iterationOrder = OptionSpec.value("iteration-order", "order", help: "Memory layout while iterating; changes speed, not results (beyond rounding).",
                                                 default: IterationOrder.byFolloweeCount.rawValue,
                                                 choices: IterationOrder.allCases.map(\.rawValue))
    static let weights = OptionSpec.value("weights", "list", help: "Advocate blend weights.",
                                          default: pairsText(weightNames, defaultWeights),
                                          range: .described("each 0 to \(defaultText(weightRange.upperBound))"))
    static let thresholds = OptionSpec.value("thresholds", "list", help: "Profile thresholds on the percentile components.",
                                             default: pairsText(thresholdNames, defaultThresholds), range: .described("each 0 to 1"))
    /// Blend weights: relative, so a million to one is already one component alone.
    static let weightRange: ClosedRange<Double> = 0...1_000_000

    static let weightNames = ["social", "referral", "wallet"]
    static let thresholdNames = ["high", "low"]
    static var defaultWeights: [Double] { let a = AdvocateScore(); return [a.social, a.referral, a.wallet] }
    static var defaultThresholds: [Double] { let t = AdvocateThresholds(); return [t.high, t.low] }

    /// `social=0.5,referral=0.2,wallet=0.3` from names and values.
    static func pairsText(_ names: [String], _ values: [Double]) -> String {
        zip(names, values).map { "\($0)=\(defaultText($1))" }.joined(separator: ",")
    }

    /// The PageRank configuration from the shared options (`--iterations` only where the command has it).
    static func pageRank(_ arguments: ParsedArguments) throws(UsageError) -> PageRank {
        var pageRank = PageRank()
        pageRank.damping = try arguments.double("damping") ?? pageRank.damping
        pageRank.tolerance = try arguments.double("tolerance") ?? pageRank.tolerance
        pageRank.maxIterations = try arguments.int("max-iterations") ?? pageRank.maxIterations
        pageRank.iterations = try arguments.int("iterations")
        pageRank.weighted = arguments.flag("weighted")
        pageRank.threads = try arguments.threads()
        pageRank.order = IterationOrder(rawValue: arguments.choice("iteration-order")) ?? .byFolloweeCount
        return pageRank
    }

    /// The advocate configuration: `--weights`, `--thresholds` and the PageRank options.
    static func advocate(_ arguments: ParsedArguments) throws(UsageError) -> AdvocateScore {
        let w = try pairs(arguments, "weights", names: weightNames, defaults: defaultWeights, range: weightRange)
        let t = try pairs(arguments, "thresholds", names: thresholdNames, defaults: defaultThresholds, range: 0...1)
        var advocate = AdvocateScore(social: w[0], referral: w[1], wallet: w[2],
                                     thresholds: AdvocateThresholds(high: t[0], low: t[1]), pageRank: try pageRank(arguments))
        advocate.threads = advocate.pageRank.threads
        return advocate
    }

    /// `NAME=NUMBER,…` with the given names; names not listed keep their defaults.
    static func pairs(_ arguments: ParsedArguments, _ option: String, names: [String], defaults: [Double],
                      range: ClosedRange<Double>) throws(UsageError) -> [Double] {
        var values = defaults
        guard let text = arguments.string(option) else { return values }
        let label = "'--\(option) <list>'"
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2, let value = Double(parts[1]), value.isFinite, range.contains(value) else {
                throw arguments.fail("The value '\(pair)' is invalid for \(label): expected NAME=NUMBER with NUMBER from \(ValueRange.numbers(range).text)")
            }
            guard let slot = names.firstIndex(of: parts[0]) else {
                throw arguments.fail("The value '\(parts[0])' is invalid for \(label). Please provide one of \(names.map { "'\($0)'" }.joined(separator: ", "))")
            }
            values[slot] = value
        }
        return values
    }

    /// The advocate weights and thresholds as JSON parameters.
    static func parameters(_ advocate: AdvocateScore) -> [(String, JSONValue)] {
        [("weights", .object([("social", .double(advocate.social)), ("referral", .double(advocate.referral)), ("wallet", .double(advocate.wallet))])),
         ("thresholds", .object([("high", .double(advocate.thresholds.high)), ("low", .double(advocate.thresholds.low))]))]
    }
}
