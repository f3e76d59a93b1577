/// A file that could not be written: which file and why.
///
/// `description` reads `FILE: message`; the CLI prints it after `Error: ` and exits 1.
/// Every writer in the library replaces its file atomically, so when this is thrown
/// the file at `file` is as it was before.
public struct OutputError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The path as the caller gave it.
    public var file: String
    /// What went wrong, e.g. `no space left on device`.
    public var message: String

    public init(file: String, message: String) {
        self.file = file
        self.message = message
    }

    /// The error for a failed system call on `file` with `errno` `code`.
    init(file: String, errno code: Int32) {
        self.init(file: file, message: FileBytes.reason(code))
    }

    /// `FILE: message`.
    public var description: String { "\(file): \(message)" }
}
