/// The header a user says each field is read from: `customers.id=customer_id`.
///
/// A mapped field is read from that column whatever the aliases say; fields the
/// mapping leaves out are found by their own name or an alias (`CSVField.aliases`).
/// A mapped header matches the column of that exact name, else the one equal to it
/// after `CSVField.foldedHeaderName(_:)`.
///
/// ```swift
/// let mapping = try CSVColumnMapping(parsing: "customers.id=customer_id,follows.follower=user_id")
/// mapping[.id]  // "customer_id"
/// ```
public struct CSVColumnMapping: Sendable, Equatable, CustomStringConvertible {
    /// The header of each mapped field.
    public var headers: [CSVField: String]

    /// A mapping of `headers`; empty by default (every field found by name or alias).
    public init(_ headers: [CSVField: String] = [:]) {
        self.headers = headers
    }

    /// The header `field` is read from, if mapped.
    public subscript(field: CSVField) -> String? {
        get { headers[field] }
        set { headers[field] = newValue }
    }

    public var isEmpty: Bool { headers.isEmpty }

    /// The entries as `--columns` takes them, in field order: `customers.id=customer_id,…`.
    public var description: String {
        CSVField.allCases.compactMap { field in headers[field].map { "\(field)=\($0)" } }.joined(separator: ",")
    }

    /// This mapping with the entries of `other` added, replacing any for the same field.
    public func merging(_ other: CSVColumnMapping) -> CSVColumnMapping {
        CSVColumnMapping(headers.merging(other.headers) { _, new in new })
    }

    /// Why a mapping text could not be read.
    public struct ParseError: Error, Equatable, CustomStringConvertible, Sendable {
        /// What was wrong, quoting the entry.
        public var message: String
        /// The 1-based line of the entry, for a text of one entry per line.
        public var line: Int?
        public var description: String { message }
    }

    /// Parses `ROLE.FIELD=HEADER` entries separated by commas, as `--columns` takes
    /// them. Spaces around an entry's parts are ignored; a header cannot hold a comma
    /// here (a columns file can).
    ///
    /// - Throws: `ParseError` for an entry without `=`, an unknown `ROLE.FIELD`
    ///   (suggesting the nearest), an empty header, or a field mapped twice.
    /// - Complexity: O(text length).
    public init(parsing text: String) throws(ParseError) {
        self.init()
        for entry in text.split(separator: ",", omittingEmptySubsequences: false) {
            try add(String(entry), line: nil)
        }
    }

    /// Parses one `ROLE.FIELD=HEADER` entry per line, as a columns file holds them:
    /// blank lines and lines starting with `#` are skipped, and the header is the
    /// rest of the line after `=`, commas included.
    ///
    /// - Throws: `ParseError` with the line of the first bad entry.
    /// - Complexity: O(text length).
    public init(lines text: String) throws(ParseError) {
        self.init()
        var number = 0
        for line in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            number += 1
            let trimmed = String(line).trimmingASCIIWhitespace()
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            try add(trimmed, line: number)
        }
    }

    /// Reads a columns file: one `ROLE.FIELD=HEADER` entry per line (see `init(lines:)`).
    ///
    /// - Throws: `InputError` naming the file, and the line of a bad entry.
    public init(contentsOf path: String) throws(InputError) {
        let bytes = try FileBytes.read(path)
        let text = bytes.withUnsafeBytes { raw in
            String(decoding: UnsafeRawBufferPointer(rebasing: raw[CSVScanner.contentStart(raw)...]), as: UTF8.self)
        }
        do throws(ParseError) {
            try self.init(lines: text)
        } catch {
            throw InputError(file: path, line: error.line, message: error.message)
        }
    }

    private mutating func add(_ entry: String, line: Int?) throws(ParseError) {
        let example = "for example customers.id=customer_id"
        guard let equals = entry.firstIndex(of: "=") else {
            throw ParseError(message: "\(quoted(entry)) is not ROLE.FIELD=HEADER (\(example))", line: line)
        }
        let name = String(entry[..<equals]).trimmingASCIIWhitespace()
        let header = String(entry[entry.index(after: equals)...]).trimmingASCIIWhitespace()
        guard let field = CSVField(qualifiedName: name) else {
            let known = CSVField.allCases.map(\.description)
            var message = "unknown field \(quoted(name)) in \(quoted(entry)); fields are \(known.joined(separator: ", "))"
            if let near = EditDistance.suggestion(for: name, among: known) { message += ". Did you mean '\(near)'?" }
            throw ParseError(message: message, line: line)
        }
        guard !header.isEmpty else {
            throw ParseError(message: "\(quoted(entry)) names no header after '=' (\(example))", line: line)
        }
        if let earlier = headers[field] {
            throw ParseError(message: "\(field) is mapped twice (to \(quoted(earlier)) and \(quoted(header)))", line: line)
        }
        headers[field] = header
    }

    private func quoted(_ text: String) -> String { InputError.quote(Array(text.utf8)) }
}
