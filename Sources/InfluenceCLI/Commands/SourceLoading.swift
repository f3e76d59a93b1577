@_spi(Tooling) import InfluenceGraph

/// Loading the SOURCE argument shared by every data command.
enum SourceLoading {
    /// The bundled demo dataset: `fixtures/demo` under the working directory when
    /// run from the package, otherwise beside these sources.
    static var demoPath: String {
        if FileBytes.isDirectory("fixtures/demo") { return "fixtures/demo" }
        let here = #filePath
        let root = here.components(separatedBy: "/Sources/").first ?? "."
        return root + "/fixtures/demo"
    }

    /// A loaded graph and how long it took.
    struct Loaded {
        var graph: CustomerGraph
        var path: String
        var seconds: Double
        /// How each CSV file was read; empty for an edge list or a snapshot.
        var files: [CSVFileReport] = []
    }

    /// Whether `<source>` or a CSV file by role is given.
    static func hasSource(_ arguments: ParsedArguments) -> Bool {
        arguments.argument("source") != nil || CSVRole.allCases.contains { arguments.string($0.rawValue) != nil }
    }

    /// Loads `<source>` and the CSV files `--customers`, `--follows`, `--referrals`
    /// name, mapped by `--columns`/`--columns-file` and split by `--delimiter`, with
    /// `--threads` and `--skip-bad-rows`; with none of them, the demo data (saying so
    /// on stderr). Files read other than as standard comma-separated UTF-8 under the
    /// fields' own names are described on stderr.
    static func load(_ arguments: ParsedArguments, _ context: inout CommandContext) throws -> Loaded {
        let threads = try arguments.threads()
        let options = LoadOptions(skipBadRows: arguments.flag("skip-bad-rows"), threads: threads,
                                  progress: context.progress())
        let roleFiles = CSVRole.allCases.compactMap { role in arguments.string(role.rawValue).map { (role, $0) } }
        let fromStandardInput = roleFiles.filter { $0.1 == CSVSources.standardInput }.map { "--\($0.0)" }
        if fromStandardInput.count > 1 {
            throw arguments.fail("Only one file can be read from standard input, not \(fromStandardInput.joined(separator: " and "))")
        }
        let delimiter = arguments.string("delimiter").flatMap(CSVDelimiter.init(rawValue:))
        var mapping = CSVColumnMapping()
        if let file = arguments.string("columns-file") { mapping = try CSVColumnMapping(contentsOf: file) }
        if let text = arguments.string("columns") {
            do throws(CSVColumnMapping.ParseError) {
                mapping = mapping.merging(try CSVColumnMapping(parsing: text))
            } catch {
                throw arguments.fail("The value '\(text)' is invalid for '\(arguments.label("columns"))': \(error.message)")
            }
        }
        var path = arguments.argument("source") ?? ""
        if path.isEmpty && roleFiles.isEmpty {
            path = demoPath
            context.note("No source given: using the bundled demo data in \(path)")
        }
        let start = monotonicSeconds()
        if !path.isEmpty && !FileBytes.isDirectory(path) {
            // An edge list or a snapshot: CSV options have nothing to apply to.
            let csvOptions = ["customers", "follows", "referrals", "columns", "columns-file", "delimiter"].filter { arguments.string($0) != nil }
            if let first = csvOptions.first, FileBytes.exists(path) {
                throw arguments.fail("'\(arguments.label(first))' applies to CSV files, but the source '\(path)' is a file (an edge list or a snapshot), not a directory of CSV files")
            }
            let graph = try CustomerGraph.load(from: path, options: options)
            context.clearProgress()
            if let line = graph.report.headerLine {
                context.note("\(path):\(line): read as a 'nodes edges' header (the next line has more columns) and skipped")
            }
            return Loaded(graph: graph, path: path, seconds: monotonicSeconds() - start)
        }
        var sources = path.isEmpty ? CSVSources(columns: mapping, delimiter: delimiter)
                                   : CSVSources(directory: path, columns: mapping, delimiter: delimiter)
        for (role, file) in roleFiles { sources[role] = file }
        let read = try sources.load(options: options)
        context.clearProgress()
        for file in read.files where !file.isStandard { context.note("Read \(file.summary)") }
        let named = path.isEmpty ? read.files.map(\.path).joined(separator: ", ") : path
        return Loaded(graph: read.graph, path: named, seconds: monotonicSeconds() - start, files: read.files)
    }
}

extension String {
    func components(separatedBy separator: String) -> [String] {
        var parts: [String] = []
        var rest = Substring(self)
        while let range = rest.firstRange(of: separator) {
            parts.append(String(rest[..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        parts.append(String(rest))
        return parts
    }
}
