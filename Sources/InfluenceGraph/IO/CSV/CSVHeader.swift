/// A CSV file's header bound to the columns a loader reads: `column(of:)` is the
/// field index of each named column, or `nil` when the file lacks it.
///
/// Names match case-insensitively, surrounding spaces and tabs ignored; unknown
/// columns are ignored; a known column named twice is an error.
struct CSVHeader {
    /// The columns a loader reads: required first, then optional.
    let names: [String]
    /// The field index of `names[i]`, or -1.
    let fields: [Int]
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
    /// - Throws: `InputError` for an empty file, a repeated known column, a missing
    ///   required one (naming the header and what was expected), or a malformed
    ///   header without `skipBadRows`.
    static func read(_ input: UnsafeRawBufferPointer, name path: String, delimiter: UInt8, required: [String], optional: [String],
                     skipBadRows: Bool, report: inout ImportReport) throws(InputError) -> CSVHeader? {
        do throws(Problem) {
            return try CSVHeader(input, name: path, delimiter: delimiter, required: required, optional: optional)
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
                 required: [String], optional: [String]) throws(Problem) {
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
                throw .invalid(InputError(file: path, line: 1, message: "empty file: expected a header row naming the columns \(required.joined(separator: ", "))"))
            }
            fieldCount = count
            if fieldCount <= width { break }
            width = fieldCount
            scanner.position = start
            scanner.line = line
        }
        let headerLine = scanner.recordLine
        let headerFields = (0..<fieldCount).map { String(decoding: scanner.bytes(spans[$0]), as: UTF8.self) }
        var columns: [String: Int] = [:]
        for (i, raw) in headerFields.enumerated() {
            let name = raw.trimmingASCIIWhitespace().lowercased()
            if columns[name] != nil, required.contains(name) || optional.contains(name) {
                throw .invalid(InputError(file: path, line: headerLine, message: "column '\(name)' appears twice in the header"))
            }
            if columns[name] == nil { columns[name] = i }
        }
        let missing = required.filter { columns[$0] == nil }
        if !missing.isEmpty {
            let header = headerFields.joined(separator: ",")
            var message = "header lacks column\(missing.count > 1 ? "s" : "") \(missing.map { "'\($0)'" }.joined(separator: ", ")) (header is \(InputError.quote(Array(header.utf8))); expected \(required.joined(separator: ",")) plus any of \(optional.joined(separator: ",")))"
            // One field holding another common separator: the file is not comma-separated.
            if fieldCount == 1, let other = [(";", "semicolons"), ("\t", "tabs"), ("|", "vertical bars")].first(where: { header.contains($0.0) }) {
                message += "; the header is split by \(other.1), not commas: save the file as comma-separated CSV"
            }
            throw .invalid(InputError(file: path, line: headerLine, message: message))
        }
        names = required + optional
        fields = names.map { columns[$0] ?? -1 }
        dataStart = scanner.position
        dataLine = scanner.line
    }
}
