@_spi(Tooling) import InfluenceGraph

/// The `influence` command-line tool: parses arguments, runs a subcommand, maps
/// failures to exit codes (0 success, 1 data or file error, 64 usage error).
public enum InfluenceCLI {
    public static let version = "0.1.0"

    /// Runs with the process's real stdout and stderr.
    public static func main(arguments: [String]) -> Int32 {
        var out = TextOutput(descriptor: 1)
        var err = TextOutput(descriptor: 2)
        let code = run(arguments: arguments, stdout: &out, stderr: &err)
        out.flush()
        err.flush()
        return code
    }

    /// Runs with the given streams (tests pass in-memory ones).
    static func run(arguments: [String], stdout: inout TextOutput, stderr: inout TextOutput,
                    commands: [any Command.Type] = CommandList.all) -> Int32 {
        let specs = commands.map { $0.spec }
        guard let first = arguments.first else {
            stdout.write(HelpRenderer.topLevel(specs))
            return 0
        }
        switch first {
        case "-h", "--help":
            stdout.write(HelpRenderer.topLevel(specs))
            return 0
        case "--version":
            stdout.write(version + "\n")
            return 0
        case "help":
            guard arguments.count > 1 else { stdout.write(HelpRenderer.topLevel(specs)); return 0 }
            guard let command = commands.first(where: { $0.spec.name == arguments[1] }) else {
                return usageFailure(unknownCommand(arguments[1], specs), specs: specs, stderr: &stderr)
            }
            stdout.write(HelpRenderer.help(command.spec))
            return 0
        default:
            break
        }
        guard let command = commands.first(where: { $0.spec.name == first }) else {
            return usageFailure(unknownCommand(first, specs), specs: specs, stderr: &stderr)
        }
        let rest = Array(arguments.dropFirst())
        if let end = rest.firstIndex(of: "--") ?? Optional(rest.count),
           rest[..<end].contains(where: { $0 == "-h" || $0 == "--help" }) {
            stdout.write(HelpRenderer.help(command.spec))
            return 0
        }
        var context = CommandContext(stdout: stdout, stderr: stderr)
        defer {
            stdout = context.stdout
            stderr = context.stderr
        }
        do {
            let parsed = try ArgumentScanner.parse(rest, spec: command.spec)
            try command.run(parsed, &context)
            return 0
        } catch let error as UsageError {
            return usageFailure(error, specs: specs, stderr: &context.stderr)
        } catch {
            context.clearProgress()
            context.stderr.write("Error: \(error)\n")
            return 1
        }
    }

    static func unknownCommand(_ word: String, _ specs: [CommandSpec]) -> UsageError {
        var message = "Unknown command '\(word)'"
        if let near = EditDistance.suggestion(for: word, among: specs.map(\.name)) { message += ". Did you mean '\(near)'?" }
        return UsageError(message: message, command: nil)
    }

    static func usageFailure(_ error: UsageError, specs: [CommandSpec], stderr: inout TextOutput) -> Int32 {
        stderr.write("Error: \(error.message)\n")
        if let name = error.command, let spec = specs.first(where: { $0.name == name }) {
            stderr.write("Usage: \(HelpRenderer.usage(spec))\n")
            stderr.write("  See 'influence \(name) --help' for more information.\n")
        } else {
            stderr.write("Usage: influence <subcommand>\n")
            stderr.write("  See 'influence --help' for more information.\n")
        }
        return 64
    }
}
