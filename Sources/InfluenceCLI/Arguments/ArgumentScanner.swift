@_spi(Tooling) import InfluenceGraph

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
                    if let near = EditDistance.suggestion(for: name, among: spec.options.map(\.name) + ["help"]) { message += ". Did you mean '--\(near)'?" }
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
                if let near = EditDistance.suggestion(for: value, among: choices) { message += ". Did you mean '\(near)'?" }
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

    /// The integer value of `name`, held to `range` (said as `expected` in the error,
    /// after "an integer") or else to the option's own `.integers` range; `nil` when
    /// not given.
    func int(_ name: String, in range: ClosedRange<Int>? = nil, expected phrase: String? = nil) throws(UsageError) -> Int? {
        guard let text = values[name] else { return nil }
        var bounds = range
        if bounds == nil, case .integers(let r)? = spec.option(named: name)?.range { bounds = r }
        let expected = "an integer" + ((phrase ?? bounds.map { Self.phrase(ValueRange.integers($0)) }).map { " " + $0 } ?? "")
        guard let value = Int(text), bounds?.contains(value) ?? true else {
            throw fail("The value '\(text)' is invalid for '\(label(name))': expected \(expected)")
        }
        return value
    }

    /// The number value of `name`, held to the option's `.numbers` range; `nil` when not given.
    func double(_ name: String) throws(UsageError) -> Double? {
        guard let text = values[name] else { return nil }
        var bounds: ClosedRange<Double>? = nil
        if case .numbers(let r)? = spec.option(named: name)?.range { bounds = r }
        let expected = bounds.map { "a number " + Self.phrase(ValueRange.numbers($0)) } ?? "a number"
        guard let value = Double(text), value.isFinite, bounds?.contains(value) ?? true else {
            throw fail("The value '\(text)' is invalid for '\(label(name))': expected \(expected)")
        }
        return value
    }

    /// A random seed: any unsigned 64-bit integer; `nil` when not given.
    func seed(_ name: String) throws(UsageError) -> UInt64? {
        guard let text = values[name] else { return nil }
        guard let value = UInt64(text) else {
            throw fail("The value '\(text)' is invalid for '\(label(name))': expected an integer from 0 to \(UInt64.max)")
        }
        return value
    }

    /// `from 1 to 4096` or `of at least 0`, after "an integer" or "a number".
    static func phrase(_ range: ValueRange) -> String {
        switch range {
        case .integers(let r) where r.upperBound == Int.max: return "of at least \(r.lowerBound)"
        case .numbers(let r) where r.upperBound == .greatestFiniteMagnitude: return "of at least \(defaultText(r.lowerBound))"
        default: return "from " + range.text
        }
    }

    /// The value of a choice option (already validated by the scanner), or its default.
    func choice(_ name: String) -> String {
        values[name] ?? spec.option(named: name)?.defaultValue ?? ""
    }

    /// `--threads`, or all cores.
    func threads() throws(UsageError) -> Int {
        try int("threads") ?? Threads.available
    }

    /// `--format`.
    func format() -> OutputFormat { OutputFormat(rawValue: choice("format")) ?? .table }
}

