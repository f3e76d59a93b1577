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
    }

    /// Loads `<source>` (or the demo data, saying so on stderr) with `--threads` and `--skip-bad-rows`.
    static func load(_ arguments: ParsedArguments, _ context: inout CommandContext) throws -> Loaded {
        let threads = try arguments.threads()
        var path = arguments.argument("source") ?? ""
        if path.isEmpty {
            path = demoPath
            context.note("No source given: using the bundled demo data in \(path)")
        }
        let options = LoadOptions(skipBadRows: arguments.flag("skip-bad-rows"), threads: threads,
                                  progress: context.progress())
        let start = monotonicSeconds()
        let graph = try CustomerGraph.load(from: path, options: options)
        context.clearProgress()
        if let line = graph.report.headerLine {
            context.note("\(path):\(line): read as a 'nodes edges' header (the next line has more columns) and skipped")
        }
        return Loaded(graph: graph, path: path, seconds: monotonicSeconds() - start)
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
