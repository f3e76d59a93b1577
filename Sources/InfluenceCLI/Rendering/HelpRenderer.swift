/// Help and usage text in the layout of swift-argument-parser.
enum HelpRenderer {
    static let column = 26

    static func usage(_ spec: CommandSpec) -> String {
        var parts = ["influence", spec.name]
        for argument in spec.arguments { parts.append(argument.optional ? "[<\(argument.name)>]" : "<\(argument.name)>") }
        for option in spec.options { parts.append("[\(option.label)]") }
        return parts.joined(separator: " ")
    }

    static func help(_ spec: CommandSpec) -> String {
        var out = "OVERVIEW: \(spec.abstract)\n"
        if !spec.discussion.isEmpty { out += "\n\(spec.discussion)\n" }
        out += "\nUSAGE: \(usage(spec))\n"
        if !spec.arguments.isEmpty {
            out += "\nARGUMENTS:\n"
            for argument in spec.arguments { out += row("<\(argument.name)>", argument.help) }
        }
        out += "\nOPTIONS:\n"
        for option in spec.options {
            var label = option.label
            if let short = option.short { label = "-\(short), " + label }
            var text = option.help
            if let choices = option.choices {
                text += " (values: \(choices.joined(separator: ", "))\(option.defaultValue.map { "; default: \($0)" } ?? ""))"
            } else if let range = option.range {
                text += " (range: \(range.text)\(option.defaultValue.map { "; default: \($0)" } ?? ""))"
            } else if let value = option.defaultValue {
                text += " (default: \(value))"
            }
            out += row(label, text)
        }
        out += row("-h, --help", "Show help information.")
        return out
    }

    static func topLevel(_ commands: [CommandSpec]) -> String {
        var out = "OVERVIEW: Customer influence for social CRM: advocates, referral credit and campaign reach.\n"
        out += "\nUSAGE: influence <subcommand>\n"
        out += "\nOPTIONS:\n"
        out += row("--version", "Show the version.")
        out += row("-h, --help", "Show help information.")
        out += "\nSUBCOMMANDS:\n"
        for command in commands { out += row(command.name, command.abstract) }
        out += "\n  See 'influence help <subcommand>' for detailed help.\n"
        return out
    }

    /// A label indented 2 with its description from column 26, wrapped at 80.
    static func row(_ label: String, _ text: String) -> String {
        let lines = wrap(text, width: 80 - column)
        var out = "  " + label
        if out.count > column - 2 {
            out += "\n" + String(repeating: " ", count: column)
        } else {
            out += String(repeating: " ", count: column - out.count)
        }
        out += lines.first ?? ""
        for line in lines.dropFirst() { out += "\n" + String(repeating: " ", count: column) + line }
        return out + "\n"
    }

    static func wrap(_ text: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        for word in text.split(separator: " ") {
            if !current.isEmpty, current.count + 1 + word.count > width {
                lines.append(current)
                current = ""
            }
            current += current.isEmpty ? String(word) : " " + word
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }
}
