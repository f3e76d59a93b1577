import InfluenceGraph

/// The options `attribute`, `chain` and `referrals` share: touch rule and time window.
enum ReferralOptions {
    static let touch = OptionSpec.value("touch", "rule", help: "Which referral row earns credit.", default: "first",
                                        choices: TouchRule.allCases.map(\.rawValue))
    static let since = OptionSpec.value("since", "date", help: "Only referral rows at or after this time (ISO 8601 or unix seconds; untimed rows are left out).")
    static let until = OptionSpec.value("until", "date", help: "Only referral rows at or before this time (a bare date includes that whole day).")

    static func touchRule(_ arguments: ParsedArguments) -> TouchRule {
        TouchRule(rawValue: arguments.choice("touch")) ?? .first
    }

    /// `--since` / `--until` as a window; a bad date is a usage error.
    static func window(_ arguments: ParsedArguments) throws(UsageError) -> ReferralWindow {
        func bound(_ name: String, endOfDay: Bool) throws(UsageError) -> Int64? {
            guard let text = arguments.string(name) else { return nil }
            guard let t = ReferralWindow.parseTime(text, endOfDay: endOfDay) else {
                throw arguments.fail("The value '\(text)' is invalid for '\(arguments.label(name))': expected a date like 2026-03-01, 2026-03-01T09:30:00Z or unix seconds")
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
