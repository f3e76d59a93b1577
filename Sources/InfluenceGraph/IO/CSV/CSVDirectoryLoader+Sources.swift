extension CSVDirectoryLoader {
    /// The name of standard input in messages.
    static let standardInputName = "<stdin>"

    /// Reads the files of `sources` into a builder, each converted to UTF-8 and split
    /// by its delimiter, and reports how each was read.
    ///
    /// - Throws: `InputError` as `CSVSources.load(options:)` describes.
    func load(_ sources: CSVSources) throws(InputError) -> (builder: GraphBuilder, files: [CSVFileReport]) {
        let roles = CSVRole.allCases.filter { sources[$0] != nil }
        guard !roles.isEmpty else {
            if let directory = sources.directory {
                throw InputError(file: directory, message: "holds none of \(CSVRole.allCases.map(\.fileName).joined(separator: ", "))")
            }
            throw InputError(file: Self.standardInputName, message: "no CSV file given: name at least one of the customers, follows and referrals files")
        }
        let fromStandardInput = roles.filter { sources[$0] == CSVSources.standardInput }
        if fromStandardInput.count > 1 {
            throw InputError(file: Self.standardInputName, message: "standard input can hold one file only, not both the \(fromStandardInput[0]) and the \(fromStandardInput[1])")
        }
        var builder = GraphBuilder()
        var files: [CSVFileReport] = []
        for role in roles {
            let path = sources[role]!
            let name = path == CSVSources.standardInput ? Self.standardInputName : path
            try withInput(path, name: name) { raw throws(InputError) in
                let encoding: TextEncoding
                do throws(TextEncoding.Refusal) {
                    encoding = try TextEncoding.detect(raw, threads: options.threads)
                } catch {
                    throw InputError(file: name, line: TextEncoding.line(ofOffset: error.offset, in: raw), message: error.message)
                }
                try TextEncoding.withUTF8(raw, encoding: encoding, name: name) { text throws(InputError) in
                    var loader = self
                    let delimiter = sources.delimiter ?? CSVDelimiter.detect(text)
                    loader.delimiter = delimiter.byte
                    loader.columns = sources.columns
                    // The header is bound again by the file's loader; this binding is for the report.
                    var unused = ImportReport()
                    let header = try loader.header(text, name: name, role: role, report: &unused)
                    switch role {
                    case .customers: try loader.loadCustomers(text, name: name, into: &builder)
                    case .follows: try loader.loadFollows(text, name: name, into: &builder)
                    case .referrals: try loader.loadReferrals(text, name: name, into: &builder)
                    }
                    files.append(CSVFileReport(role: role, path: name, encoding: encoding, delimiter: delimiter,
                                               delimiterDetected: sources.delimiter == nil, columns: header?.bound ?? []))
                }
            }
        }
        return (builder, files)
    }

    /// Calls `body` with the whole contents of the file at `path`, or of standard
    /// input for `CSVSources.standardInput`; `name` stands for it in errors.
    private func withInput(_ path: String, name: String, _ body: (UnsafeRawBufferPointer) throws(InputError) -> Void) throws(InputError) {
        guard path == CSVSources.standardInput else { return try withFile(path, body) }
        let device = "/dev/stdin"
        do throws(InputError) {
            options.progress?("parsing \(name)")
            try FileBytes.withContents(of: device, threads: options.threads, body)
        } catch {
            guard error.file == device else { throw error }
            throw InputError(file: name, line: error.line, message: error.message)
        }
    }
}
