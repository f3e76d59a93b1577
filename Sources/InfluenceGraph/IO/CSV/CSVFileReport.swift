/// How one CSV file of an export was read: its role, encoding, delimiter and the
/// column each field came from, so that nothing about its layout is guessed silently.
public struct CSVFileReport: Sendable, Equatable {
    /// How a field's column was found.
    public enum Match: String, Sendable {
        /// The user's `CSVColumnMapping` named it.
        case mapping
        /// The header is the field's own name (`id`, `follower`, …).
        case name
        /// The header is one of the field's `aliases`.
        case alias
    }

    /// A field and the header it was read from.
    public struct Column: Sendable, Equatable {
        public var field: CSVField
        /// The header as the file writes it.
        public var header: String
        public var match: Match
    }

    public var role: CSVRole
    /// The path as given (`<stdin>` for standard input).
    public var path: String
    /// The encoding the bytes were in (anything but UTF-8 was converted to it first).
    public var encoding: TextEncoding
    public var delimiter: CSVDelimiter
    /// Whether `delimiter` was read off the header rather than given.
    public var delimiterDetected: Bool
    /// The bound fields in the role's field order; empty when the header was
    /// unreadable and the file skipped.
    public var columns: [Column]

    /// Whether the file is laid out as the README's standard schema describes it:
    /// UTF-8, comma-separated, every column under its field's own name.
    public var isStandard: Bool {
        !encoding.isConverted && delimiter == .comma && columns.allSatisfy { $0.match == .name }
    }

    /// One line saying how the file was read, for stderr:
    /// `members.csv (customers): customers.id=customer_id (alias), …; delimiter semicolon (detected); encoding GB18030, converted to UTF-8`.
    public var summary: String {
        let bound = columns.map { "\($0.field)=\($0.header)\($0.match == .name ? "" : " (\($0.match.rawValue))")" }
        var parts = ["\(path) (\(role)): " + (bound.isEmpty ? "no columns read" : bound.joined(separator: ", "))]
        parts.append("delimiter \(delimiter)\(delimiterDetected ? " (detected)" : "")")
        parts.append("encoding \(encoding)\(encoding.isConverted ? ", converted to UTF-8" : "")")
        return parts.joined(separator: "; ")
    }
}
