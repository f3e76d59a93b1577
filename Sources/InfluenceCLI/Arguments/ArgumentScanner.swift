/// Splits a command's words into options and positional arguments by its spec.
///
/// Accepts `--name value`, `--name=value`, `-x value`, flags, and `--` to end options.
enum ArgumentScanner {
    static func parse(_ words: [String], spec: CommandSpec) throws(UsageError) -> ParsedArguments {
        var parsed = ParsedArguments(spec: spec)
        var i = 0
        var optionsEnded = false
        func fail(_ message: String) -> UsageError { UsageError(message: message, command: spec.name) }
        while i < words.count {
            let word = words[i]
            i += 1
            if optionsEnded || !word.hasPrefix("-") || word == "-" {
                guard parsed.positionals.count < spec.arguments.count else {
                    throw fail("Unexpected argument '\(word)'")
                }
                parsed.positionals.append(word)
                continue
            }
            if word == "--" { optionsEnded = true; continue }
            var name: String
            var inlineValue: String?
            let option: OptionSpec
            if word.hasPrefix("--") {
                name = String(word.dropFirst(2))
                if let eq = name.firstIndex(of: "=") {
                    inlineValue = String(name[name.index(after: eq)...])
                    name = String(name[..<eq])
                }
                guard let found = spec.option(named: name) else {
                    var message = "Unknown option '--\(name)'"
                    if let near = suggestion(for: name, among: spec.options.map(\.name) + ["help"]) { message += ". Did you mean '--\(near)'?" }
                    throw fail(message)
                }
                option = found
            } else {
                guard word.count == 2, let letter = word.dropFirst().first, let found = spec.option(short: letter) else {
                    throw fail("Unknown option '\(word)'")
                }
                option = found
            }
            if option.isFlag {
                if inlineValue != nil { throw fail("The flag '--\(option.name)' does not take a value") }
                parsed.flags.insert(option.name)
                continue
            }
            let value: String
            if let inlineValue {
                value = inlineValue
            } else {
                guard i < words.count, !(words[i].hasPrefix("--") && words[i].count > 2) else {
                    throw fail("Missing value for '\(option.label)'")
                }
                value = words[i]
                i += 1
            }
            if parsed.values[option.name] != nil { throw fail("The option '--\(option.name)' was given more than once") }
            if let choices = option.choices, !choices.contains(value) {
                var message = "The value '\(value)' is invalid for '\(option.label)'. Please provide one of \(choices.map { "'\($0)'" }.joined(separator: ", "))"
                if let near = suggestion(for: value, among: choices) { message += ". Did you mean '\(near)'?" }
                throw fail(message)
            }
            parsed.values[option.name] = value
        }
        for (index, argument) in spec.arguments.enumerated() where !argument.optional && index >= parsed.positionals.count {
            throw fail("Missing expected argument '<\(argument.name)>'")
        }
        for group in spec.exclusive {
            let given = group.filter { parsed.values[$0] != nil || parsed.flags.contains($0) }
            if given.count > 1 {
                throw fail("The options '--\(given[0])' and '--\(given[1])' cannot be used together")
            }
        }
        return parsed
    }
}

/// The options and arguments of one call, with typed accessors that raise usage errors naming the option.
struct ParsedArguments {
    let spec: CommandSpec
    var values: [String: String] = [:]
    var flags: Set<String> = []
    var positionals: [String] = []

    init(spec: CommandSpec) { self.spec = spec }

    func fail(_ message: String) -> UsageError { UsageError(message: message, command: spec.name) }

    func label(_ name: String) -> String { spec.option(named: name)?.label ?? "--\(name)" }

    /// The positional argument called `name`, if given.
    func argument(_ name: String) -> String? {
        guard let i = spec.arguments.firstIndex(where: { $0.name == name }), i < positionals.count else { return nil }
        return positionals[i]
    }

    func string(_ name: String) -> String? { values[name] }

    func flag(_ name: String) -> Bool { flags.contains(name) }

    func int(_ name: String, in range: ClosedRange<Int>? = nil) throws(UsageError) -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text) else { throw fail("The value '\(text)' is invalid for '\(label(name))': expected an integer") }
        if let range, !range.contains(value) {
            let bound = range.upperBound == Int.max ? "at least \(range.lowerBound)" : "from \(range.lowerBound) to \(range.upperBound)"
            throw fail("The value '\(text)' is invalid for '\(label(name))': expected an integer \(bound)")
        }
        return value
    }

    func double(_ name: String, in range: ClosedRange<Double>? = nil) throws(UsageError) -> Double? {
        guard let text = values[name] else { return nil }
        guard let value = Double(text), value.isFinite else {
            throw fail("The value '\(text)' is invalid for '\(label(name))': expected a number")
        }
        if let range, !range.contains(value) {
            throw fail("The value '\(text)' is invalid for '\(label(name))': expected a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return value
    }

    /// The value of a choice option (already validated by the scanner), or its default.
    func choice(_ name: String) -> String {
        values[name] ?? spec.option(named: name)?.defaultValue ?? ""
    }

    /// `--threads`, or all cores.
    func threads() throws(UsageError) -> Int {
        try int("threads", in: 1...4096) ?? Threads.available
    }

    /// `--format`.
    func format() -> OutputFormat { OutputFormat(rawValue: choice("format")) ?? .table }
}

import InfluenceGraph
