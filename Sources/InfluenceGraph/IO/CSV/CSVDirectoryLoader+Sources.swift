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
        let pool = ScratchPool(), lookupPool = ScratchPool()
        // The graph build that follows needs the memory more than a next load would.
        defer {
            pool.removeAll()
            lookupPool.removeAll()
        }
        for role in roles {
            let path = sources[role]!
            let name = path == CSVSources.standardInput ? Self.standardInputName : path
            var loader = self
            loader.columns = sources.columns
            loader.pool = pool
            loader.lookupPool = lookupPool
            // A regular file is read in windows while it is plain UTF-8; standard input,
            // a pipe, and a file that turns out not to be UTF-8 are read whole, for
            // encoding detection.
            if path != CSVSources.standardInput, let start = FileBytes.prefix(of: path, count: 1 << 16) {
                let delimiter = sources.delimiter ?? start.withUnsafeBytes { CSVDelimiter.detect($0) }
                loader.delimiter = delimiter.byte
                if case .loaded(let header) = try loader.load(role, .file(path), name: name, into: &builder) {
                    let marked = start.starts(with: [0xEF, 0xBB, 0xBF])
                    files.append(CSVFileReport(role: role, path: name, encoding: marked ? .utf8WithByteOrderMark : .utf8, delimiter: delimiter,
                                               delimiterDetected: sources.delimiter == nil, columns: header?.bound ?? []))
                    continue
                }
            }
            try withInput(path, name: name) { raw throws(InputError) in
                let encoding: TextEncoding
                do throws(TextEncoding.Refusal) {
                    encoding = try TextEncoding.detect(raw, threads: options.threads)
                } catch {
                    throw InputError(file: name, line: TextEncoding.line(ofOffset: error.offset, in: raw), message: error.message)
                }
                try TextEncoding.withUTF8(raw, encoding: encoding, name: name) { text throws(InputError) in
                    let delimiter = sources.delimiter ?? CSVDelimiter.detect(text)
                    loader.delimiter = delimiter.byte
                    var header: CSVHeader?
                    if case .loaded(let bound) = try loader.load(role, .bytes(text), name: name, into: &builder) { header = bound }
                    files.append(CSVFileReport(role: role, path: name, encoding: encoding, delimiter: delimiter,
                                               delimiterDetected: sources.delimiter == nil, columns: header?.bound ?? []))
                }
            }
        }
        return (builder, files)
    }

    /// Reads `input` as the file of `role` into `builder`.
    private func load(_ role: CSVRole, _ input: Input, name: String, into builder: inout GraphBuilder) throws(InputError) -> FileOutcome {
        switch role {
        case .customers: try loadCustomers(input, name: name, into: &builder)
        case .follows: try loadFollows(input, name: name, into: &builder)
        case .referrals: try loadReferrals(input, name: name, into: &builder)
        }
    }

    /// Calls `body` with the whole contents of the file at `path`, or of standard
    /// input for `CSVSources.standardInput`; `name` stands for it in errors.
    private func withInput(_ path: String, name: String, _ body: (UnsafeRawBufferPointer) throws(InputError) -> Void) throws(InputError) {
        options.progress?("parsing \(name)")
        guard path == CSVSources.standardInput else { return try FileBytes.withContents(of: path, threads: options.threads, pool: pool, body) }
        let device = "/dev/stdin"
        do throws(InputError) {
            try FileBytes.withContents(of: device, threads: options.threads, body)
        } catch {
            guard error.file == device else { throw error }
            throw InputError(file: name, line: error.line, message: error.message)
        }
    }
}
