/// A CSV file's header bound to the columns a loader reads: `column(of:)` is the
/// field index of each named column, or `nil` when the file lacks it.
///
/// Columns are bound to the role's fields by `CSVColumnBinding`: by the user's
/// mapping, the field's own name or an alias, case, `_`, `-` and spaces ignored;
/// unknown columns are ignored.
struct CSVHeader {
    /// The columns a loader reads: required first, then optional.
    let names: [String]
    /// The field index of `names[i]`, or -1.
    let fields: [Int]
    /// The bound fields and their headers, for the file's report.
    let bound: [CSVFileReport.Column]
    /// Where the first data record starts, and its line.
    let dataStart: Int
    let dataLine: Int

    /// `slots[f]` is the position in `names` of field `f`, or -1: what `CSVScanner` takes.
    var slots: [Int] {
        var slots = [Int](repeating: -1, count: (fields.max() ?? -1) + 1)
        for (i, f) in fields.enumerated() where f >= 0 { slots[f] = i }
        return slots
    }

    /// The field index of the column `name`, or `nil`.
    func column(_ name: String) -> Int? {
        guard let i = names.firstIndex(of: name), fields[i] >= 0 else { return nil }
        return fields[i]
    }

    /// Reads the header of `input` (after a byte-order mark). A header that is not
    /// well-formed CSV makes the rest of the file unreadable: with `skipBadRows` it is
    /// recorded in `report` and the result is `nil` (the file is skipped).
    ///
    /// - Throws: `InputError` for an empty file, a header `CSVColumnBinding` cannot
    ///   bind (naming the header and what was expected), or a malformed header
    ///   without `skipBadRows`.
    static func read(_ input: UnsafeRawBufferPointer, name path: String, delimiter: UInt8, role: CSVRole, mapping: CSVColumnMapping,
                     skipBadRows: Bool, report: inout ImportReport) throws(InputError) -> CSVHeader? {
        do throws(Problem) {
            return try CSVHeader(input, name: path, delimiter: delimiter, role: role, mapping: mapping)
        } catch {
            switch error {
            case .invalid(let problem):
                throw problem
            case .malformed(let failure):
                let problem = InputError(file: path, line: failure.line, message: failure.message)
                if !skipBadRows { throw problem }
                report.recordBadRow(problem)
                return nil
            }
        }
    }

    /// A header that cannot be read as CSV, or that does not name the columns.
    private enum Problem: Error {
        case malformed(CSVScanner.Failure)
        case invalid(InputError)
    }

    private init(_ input: UnsafeRawBufferPointer, name path: String, delimiter: UInt8,
                 role: CSVRole, mapping: CSVColumnMapping) throws(Problem) {
        var scanner = CSVScanner(input, delimiter: delimiter, position: CSVScanner.contentStart(input))
        var spans: [CSVScanner.Span] = []
        var fieldCount = 0
        // The header may have any number of fields: read it in growing slot tables.
        var width = 64
        while true {
            let start = scanner.position, line = scanner.line
            spans = [CSVScanner.Span](repeating: .empty, count: width)
            let slots = Array(0..<width)
            let count: Int?
            do throws(CSVScanner.Failure) {
                count = try slots.withUnsafeBufferPointer { (slots) throws(CSVScanner.Failure) -> Int? in
                    try spans.withUnsafeMutableBufferPointer { (spans) throws(CSVScanner.Failure) -> Int? in
                        try scanner.nextRecord(before: input.count, slots: slots, into: spans)
                    }
                }
            } catch {
                throw .malformed(error)
            }
            guard let count else {
                let required = role.fields.prefix(role.requiredCount).map(\.rawValue)
                throw .invalid(InputError(file: path, line: 1, message: "empty file: expected a header row naming the columns \(required.joined(separator: ", "))"))
            }
            fieldCount = count
            if fieldCount <= width { break }
            width = fieldCount
            scanner.rewind(to: start, line: line)
        }
        let headerLine = scanner.recordLine
        let headerFields = (0..<fieldCount).map { String(decoding: scanner.bytes(spans[$0]), as: UTF8.self) }
        let binding: CSVColumnBinding
        do throws(CSVColumnBinding.Problem) {
            binding = try Self.bind(headerFields, role: role, mapping: mapping, delimiter: delimiter)
        } catch {
            throw .invalid(InputError(file: path, line: headerLine, message: error.message))
        }
        names = role.fields.map(\.rawValue)
        fields = binding.columns
        bound = binding.reportColumns
        dataStart = scanner.position
        dataLine = scanner.line
    }

    /// Binds the header's names to `role`'s fields (`CSVColumnBinding`); a header of
    /// one name holding another delimiter adds that the delimiter is wrong.
    static func bind(_ names: [String], role: CSVRole, mapping: CSVColumnMapping, delimiter: UInt8) throws(CSVColumnBinding.Problem) -> CSVColumnBinding {
        do throws(CSVColumnBinding.Problem) {
            return try CSVColumnBinding(header: names, role: role, mapping: mapping)
        } catch {
            guard names.count == 1, let other = CSVDelimiter.allCases.first(where: { $0.byte != delimiter && names[0].utf8.contains($0.byte) }) else {
                throw error
            }
            // Columns are no use to suggest from a header split by the wrong delimiter.
            let given = CSVDelimiter.allCases.first { $0.byte == delimiter }?.pluralName ?? "the delimiter given"
            throw CSVColumnBinding.Problem(error.withoutSuggestion + "; the header is split by \(other.pluralName), not \(given): pass --delimiter \(other) (or leave --delimiter out to detect it)")
        }
    }
}
