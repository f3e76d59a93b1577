/// A role's fields bound to the columns of a header.
///
/// Each field is found, in this order of precedence: by the user's mapping, by its
/// own name, by an alias (`CSVField.aliases`). Names are compared after
/// `CSVField.foldedHeaderName(_:)`; a column bound once is not bound again. Every
/// way of binding two columns to one field, or one column to two fields, is an
/// error rather than a pick, and so is a required field left without a column:
/// that error names the closest headers and the `--columns` flag that would bind them.
struct CSVColumnBinding {
    let role: CSVRole
    /// The header's names, as written (trimmed of spaces and tabs).
    let header: [String]
    /// The column of each of `role.fields`, or -1.
    private(set) var columns: [Int]
    /// How each bound field was found.
    private(set) var matches: [CSVFileReport.Match?]

    /// Binds `role`'s fields to the columns of `header`.
    ///
    /// - Throws: the message of the first problem: a mapped header the file lacks or
    ///   holds twice, one column mapped to two fields, a field's own name twice, two
    ///   columns matching one field by alias, or missing required fields.
    /// - Complexity: O(header columns · aliases), plus edit distances for a missing field.
    init(header raw: [String], role: CSVRole, mapping: CSVColumnMapping) throws(Problem) {
        self.role = role
        header = raw.map { $0.trimmingASCIIWhitespace() }
        let fields = role.fields
        columns = [Int](repeating: -1, count: fields.count)
        matches = [CSVFileReport.Match?](repeating: nil, count: fields.count)
        let folded = header.map(CSVField.foldedHeaderName)
        var owner = [Int](repeating: -1, count: header.count)  // the field bound to each column

        for (f, field) in fields.enumerated() {
            guard let wanted = mapping[field] else { continue }
            var found = header.indices.filter { header[$0] == wanted }
            if found.isEmpty { found = header.indices.filter { folded[$0] == CSVField.foldedHeaderName(wanted) } }
            guard found.count == 1 else {
                if found.isEmpty {
                    var message = "--columns maps \(field) to \(quote(wanted)), which the header lacks (header is \(headerText))"
                    if let near = closest(to: [wanted], free: owner).first { message += "; did you mean \(quote(header[near]))?" }
                    throw Problem(message)
                }
                throw Problem("--columns maps \(field) to \(quote(wanted)), which the header holds \(found.count) times (columns \(found.map { String($0 + 1) }.joined(separator: ", ")))")
            }
            let column = found[0]
            if owner[column] >= 0 {
                throw Problem("--columns maps both \(fields[owner[column]]) and \(field) to \(quote(header[column]))")
            }
            bind(f, to: column, by: .mapping, owner: &owner)
        }
        for (f, field) in fields.enumerated() where columns[f] < 0 && mapping[field] == nil {
            let found = header.indices.filter { owner[$0] < 0 && folded[$0] == field.rawValue }
            if found.count > 1 { throw Problem("column '\(field.rawValue)' appears twice in the header") }
            if let column = found.first { bind(f, to: column, by: .name, owner: &owner) }
        }
        for (f, field) in fields.enumerated() where columns[f] < 0 && mapping[field] == nil {
            let aliases = Set(field.aliases.map(CSVField.foldedHeaderName))
            let found = header.indices.filter { owner[$0] < 0 && aliases.contains(folded[$0]) }
            if found.count > 1 {
                let names = found.map { quote(header[$0]) }
                let all = found.count == 2 ? "both" : "all"
                throw Problem("columns \(names.dropLast().joined(separator: ", ")) and \(names[names.count - 1]) \(all) match \(field); \(flag([(field, header[found[0]])]).map { "choose one with --columns \($0)" } ?? "rename one of them in the file")")
            }
            if let column = found.first { bind(f, to: column, by: .alias, owner: &owner) }
        }
        let missing = fields.indices.prefix(role.requiredCount).filter { columns[$0] < 0 }
        if !missing.isEmpty {
            let (message, suggestion) = missingMessage(missing, owner: owner)
            throw Problem(message, suggestion: suggestion)
        }
    }

    /// A binding problem's message (the caller adds the file and line), and the
    /// columns it suggests, if any, as the `; did you mean …` that ends it.
    struct Problem: Error {
        var message: String
        var suggestion = ""
        init(_ message: String, suggestion: String = "") {
            self.message = message + suggestion
            self.suggestion = suggestion
        }
        /// The message without the suggestion.
        var withoutSuggestion: String { String(message.dropLast(suggestion.count)) }
    }

    private mutating func bind(_ f: Int, to column: Int, by match: CSVFileReport.Match, owner: inout [Int]) {
        columns[f] = column
        matches[f] = match
        owner[column] = f
    }

    /// The columns of the bound fields, in field order, as a report lists them.
    var reportColumns: [CSVFileReport.Column] {
        role.fields.indices.compactMap { f in
            guard columns[f] >= 0, let match = matches[f] else { return nil }
            return CSVFileReport.Column(field: role.fields[f], header: header[columns[f]], match: match)
        }
    }

    private var headerText: String { InputError.quote(Array(header.joined(separator: ",").utf8)) }

    private func quote(_ text: String) -> String { InputError.quote(Array(text.utf8)) }

    /// The unbound columns closest to any of `names` (folded), best first: a column
    /// containing a name or contained in one counts as one edit away.
    private func closest(to names: [String], free owner: [Int]) -> [Int] {
        let scored = header.indices.filter { owner[$0] < 0 && !header[$0].isEmpty }.map { ($0, nearness(of: $0, to: names)) }
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.map(\.0)
    }

    /// The edit distance from column `column`'s folded name to the nearest of `names`
    /// (folded), counting a name of three or more characters within the other as one edit.
    private func nearness(of column: Int, to names: [String]) -> Int {
        let name = CSVField.foldedHeaderName(header[column])
        return names.map(CSVField.foldedHeaderName).map { target in
            let within = name.count >= 3 && target.count >= 3 && (name.contains(target) || target.contains(name))
            return within ? 1 : EditDistance.between(name, target)
        }.min() ?? Int.max
    }

    /// `header lacks column 'id' (header is …; expected …); did you mean 'cust_no'
    /// (or 'cust_name')? pass --columns customers.id=cust_no`.
    private func missingMessage(_ missing: [Int], owner: [Int]) -> (message: String, suggestion: String) {
        let fields = role.fields
        let names = missing.map { "'\(fields[$0].rawValue)'" }.joined(separator: ", ")
        let required = fields.prefix(role.requiredCount).map(\.rawValue).joined(separator: ",")
        let optional = fields.dropFirst(role.requiredCount).map(\.rawValue).joined(separator: ",")
        let message = "header lacks column\(missing.count > 1 ? "s" : "") \(names) (header is \(headerText); expected \(required) plus any of \(optional))"
        // Each missing field takes its closest free column, so the flag suggested binds distinct ones.
        var free = owner
        var picks: [(field: CSVField, columns: [Int])] = []
        for f in missing {
            let field = fields[f]
            let near = closest(to: [field.rawValue] + field.aliases, free: free)
            guard let best = near.first else { continue }
            free[best] = f
            // Other columns are offered too when they are as near as a name within a name.
            let others = near.dropFirst().prefix(2).filter { nearness(of: $0, to: [field.rawValue] + field.aliases) <= 1 }
            picks.append((field, [best] + others))
        }
        guard !picks.isEmpty else { return (message, "; the header has no other column to read it from") }
        let guesses = picks.map { pick in
            let first = quote(header[pick.columns[0]])
            let others = pick.columns.dropFirst().map { quote(header[$0]) }
            let alternatives = others.isEmpty ? "" : " (or \(others.joined(separator: " or ")))"
            return missing.count > 1 ? "\(first)\(alternatives) for \(pick.field.rawValue)" : "\(first)\(alternatives)"
        }
        let guess = "; did you mean \(guesses.joined(separator: ", "))?"
        guard let flag = flag(picks.map { ($0.field, header[$0.columns[0]]) }) else {
            return (message, guess + " (a header holding a line break or other control character cannot be named in --columns: rename it in the file)")
        }
        return (message, guess + " pass --columns \(flag)")
    }

    /// The `--columns` value binding each field to its header, as one shell word; a
    /// header holding a comma cannot go in `--columns`, so the columns file is named
    /// instead. `nil` when a header holds a control character: neither a shell word
    /// in a message nor a line of a columns file can carry it.
    private func flag(_ entries: [(field: CSVField, header: String)]) -> String? {
        let text = entries.map { "\($0.field)=\($0.header)" }.joined(separator: ",")
        if text.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) { return nil }
        let safe = text.unicodeScalars.allSatisfy {
            $0.value >= 0x80 || ($0.properties.isAlphabetic && $0.isASCII) || "0123456789_.,=-/:@+".unicodeScalars.contains($0)
        }
        var word = text
        if !safe {
            word = "'"
            for c in text { word += c == "'" ? "'\\''" : String(c) }
            word += "'"
        }
        if entries.contains(where: { $0.header.contains(",") }) {
            word += " (a header holding a comma needs --columns-file, one ROLE.FIELD=HEADER per line)"
        }
        return word
    }
}
