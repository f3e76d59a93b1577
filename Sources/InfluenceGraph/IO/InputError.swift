/// A problem with a file or its contents: which file, where, and what was wrong.
///
/// `description` reads `FILE:LINE: message`, or `FILE: message` when the problem is
/// not tied to a line; the CLI prints it after `Error: ` and exits 1.
public struct InputError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The path as the user gave it.
    public var file: String
    /// The 1-based line, when the problem is on one.
    public var line: Int?
    /// What was wrong, naming the offending text where there is one.
    public var message: String

    public init(file: String, line: Int? = nil, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    /// `FILE:LINE: message`, or `FILE: message`.
    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}

extension InputError {
    /// Quotes at most `limit` bytes of offending text for a message, replacing
    /// invalid UTF-8 with U+FFFD and spelling out control characters (`\t`, `\x00`)
    /// so the message stays one clean line.
    static func quote<C: Collection>(_ bytes: C, limit: Int = 60) -> String where C.Element == UInt8 {
        let clipped = Array(bytes.prefix(limit))
        var text = String(decoding: clipped, as: UTF8.self)
        text = text.unicodeScalars.map { scalar in
            switch scalar.value {
            case 0x09: "\\t"
            case 0x0A: "\\n"
            case 0x0D: "\\r"
            case 0x00 ..< 0x20, 0x7F: "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16, uppercase: true)
            default: String(scalar)
            }
        }.joined()
        return "'" + text + (bytes.count > limit ? "…'" : "'")
    }
}
