import InfluenceGraph

/// The options `attribute`, `chain` and `referrals` share: touch rule and time window.
enum ReferralOptions {
    static let touch = OptionSpec.value("touch", "rule", help: "Which referral row earns credit.", default: "first",
                                        choices: TouchRule.allCases.map(\.rawValue))
    static let since = OptionSpec.value("since", "date", help: "Only referral rows at or after this time (ISO 8601 or unix seconds; untimed rows are left out).",
                                        range: timeRange)
    static let until = OptionSpec.value("until", "date", help: "Only referral rows at or before this time (a bare date includes that whole day).",
                                        range: timeRange)
    /// The times data may hold (`ReferralEdges.timeRange`).
    static let timeRange = ValueRange.described("1900-01-01 to 9999-12-31")

    static let tiers = OptionSpec.value("tiers", "n", help: "Deepest tier credited.", default: String(ReferralAttribution().tiers),
                                        range: .integers(1...maximumTiers))
    static let decay = OptionSpec.value("decay", "d", help: "Tier weights 1, d, d², …", default: defaultText(defaultDecay),
                                        range: .numbers(0...1_000))
    static let tierWeights = OptionSpec.value("tier-weights", "list", help: "Explicit tier weights, e.g. 1,0.3,0.1 (sets --tiers to their count).",
                                              range: .described("each 0 or more, at most \(maximumTiers) weights"))
    static let burstThreshold = OptionSpec.value("burst-threshold", "n", help: "Audit: a burst is more than this many referrals…",
                                                 default: String(ReferralAudit().burstThreshold), range: .integers(0...CommonOptions.countLimit))
    static let burstWindow = OptionSpec.value("burst-window", "duration", help: "…within this span: seconds or a number with s, m, h or d.", default: "1h",
                                              range: .described("1s to \(maximumBurstDays)d"))

    /// The deepest tier `--tiers` accepts.
    static let maximumTiers = 64
    /// The longest burst window in days: longer than the whole span of accepted times
    /// (1900 to 9999, 2,958,465 days), so a larger one could find nothing more.
    static let maximumBurstDays: Int64 = 3_000_000

    /// The decay of the library's default tier weights.
    static var defaultDecay: Double {
        if case .decay(let d) = ReferralAttribution().weights { return d }
        return 1
    }

    /// `--tiers` with `--decay` or `--tier-weights` (which sets the tier count).
    static func tierWeights(_ arguments: ParsedArguments) throws(UsageError) -> (tiers: Int, weights: TierWeights) {
        var tiers = try arguments.int("tiers")
        var weights = TierWeights.decay(try arguments.double("decay") ?? defaultDecay)
        if let text = arguments.string("tier-weights") {
            var list: [Double] = []
            for part in text.split(separator: ",", omittingEmptySubsequences: false) {
                guard let w = Double(part.trimmingSpaces), w.isFinite, w >= 0 else {
                    throw arguments.fail("The value '\(text)' is invalid for '--tier-weights <list>': expected numbers ≥ 0 separated by commas")
                }
                list.append(w)
            }
            guard list.count <= maximumTiers else {
                throw arguments.fail("The value '\(text)' is invalid for '--tier-weights <list>': \(list.count) weights, at most \(maximumTiers) allowed")
            }
            if let tiers, tiers != list.count {
                throw arguments.fail("'--tiers \(tiers)' does not match the \(list.count) weights of '--tier-weights'")
            }
            tiers = list.count
            weights = .explicit(list)
        }
        return (tiers ?? ReferralAttribution().tiers, weights)
    }

    /// `--burst-threshold` and `--burst-window` as an audit configuration over `window`.
    static func audit(_ arguments: ParsedArguments, window: ReferralWindow) throws(UsageError) -> ReferralAudit {
        ReferralAudit(window: window, burstThreshold: try arguments.int("burst-threshold") ?? ReferralAudit().burstThreshold,
                      burstWindow: try duration(arguments))
    }

    /// `--burst-window`: seconds, or a number with `s`, `m`, `h` or `d`.
    static func duration(_ arguments: ParsedArguments) throws(UsageError) -> Int64 {
        guard let text = arguments.string("burst-window") else { return ReferralAudit().burstWindow }
        let units: [Character: Int64] = ["s": 1, "m": 60, "h": 3_600, "d": 86_400]
        var digits = Substring(text), unit: Int64 = 1
        if let last = text.last, let u = units[last] { digits = digits.dropLast(); unit = u }
        guard let n = Int64(digits), n > 0, n <= maximumBurstDays * 86_400 / unit else {
            throw arguments.fail("The value '\(text)' is invalid for '--burst-window <duration>': expected from 1s to \(maximumBurstDays)d, as seconds or a number with s, m, h or d, e.g. 90m")
        }
        return n * unit
    }

    static func touchRule(_ arguments: ParsedArguments) -> TouchRule {
        TouchRule(rawValue: arguments.choice("touch")) ?? .first
    }

    /// `--since` / `--until` as a window; a bad date is a usage error.
    static func window(_ arguments: ParsedArguments) throws(UsageError) -> ReferralWindow {
        func bound(_ name: String, endOfDay: Bool) throws(UsageError) -> Int64? {
            guard let text = arguments.string(name) else { return nil }
            guard let t = ReferralWindow.parseTime(text, endOfDay: endOfDay) else {
                throw arguments.fail("The value '\(text)' is invalid for '\(arguments.label(name))': expected a time from 1900-01-01 to 9999-12-31 (UTC) as a date like 2026-03-01, 2026-03-01T09:30:00Z or unix seconds")
            }
            return t
        }
        let window = ReferralWindow(since: try bound("since", endOfDay: false), until: try bound("until", endOfDay: true))
        if let s = window.since, let u = window.until, s > u {
            throw arguments.fail("'--since' is after '--until'")
        }
        return window
    }

    /// The window and touch rule as JSON parameters.
    static func parameters(_ touch: TouchRule, _ window: ReferralWindow) -> [(String, JSONValue)] {
        [("touch", .string(touch.rawValue)),
         ("since", window.since.map { .string(ReferralWindow.formatTime($0)) } ?? .null),
         ("until", window.until.map { .string(ReferralWindow.formatTime($0)) } ?? .null)]
    }

    /// Writes `table` in the chosen format; JSON wraps its rows with `header` fields.
    static func write(_ table: ResultTable, _ arguments: ParsedArguments, _ context: inout CommandContext,
                      json header: [(String, JSONValue)]) {
        switch arguments.format() {
        case .table: context.stdout.write(table.renderTable())
        case .csv: context.stdout.write(table.renderCSV())
        case .json: context.stdout.write(JSONValue.object(header + [("results", table.jsonRows)]).rendered() + "\n")
        }
    }
}
