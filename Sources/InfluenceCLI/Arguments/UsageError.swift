/// A mistake in how the command was called: printed with the usage line, exit 64.
struct UsageError: Error, Equatable {
    var message: String
    /// The command whose usage to show; `nil` for the top level.
    var command: String?
}

/// A failure while running a command that is not the data's fault nor a usage mistake.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String
}
