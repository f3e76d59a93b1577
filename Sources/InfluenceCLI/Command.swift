import InfluenceGraph
#if canImport(Glibc)
import Glibc
#endif

/// A subcommand: its spec and what it does.
protocol Command: SendableMetatype {
    static var spec: CommandSpec { get }
    static func run(_ arguments: ParsedArguments, _ context: inout CommandContext) throws
}

/// What a running command writes to.
struct CommandContext {
    /// Results.
    var stdout: TextOutput
    /// Diagnostics and progress.
    var stderr: TextOutput

    mutating func note(_ line: String) {
        stderr.write(line + "\n")
        stderr.flush()
    }

    /// A progress reporter that redraws one stderr line, only when stderr is a terminal.
    func progress() -> (@Sendable (String) -> Void)? {
        guard let fd = stderr.descriptor, isatty(fd) == 1 else { return nil }
        return { phase in
            var line = "\r\u{1B}[K" + phase + "…"
            line.withUTF8 { _ = Glibc.write(fd, $0.baseAddress, $0.count) }
        }
    }

    /// Clears a progress line drawn by `progress()`.
    func clearProgress() {
        guard let fd = stderr.descriptor, isatty(fd) == 1 else { return }
        var line = "\r\u{1B}[K"
        line.withUTF8 { _ = Glibc.write(fd, $0.baseAddress, $0.count) }
    }
}
