@_spi(Tooling) import InfluenceGraph

/// Options and parsing shared by `reach`, `overlap` and `seeds`: seed lists, hop
/// limits, exclusions and id files.
enum AudienceOptions {
    static let seeds = OptionSpec.value("seeds", "ids", help: "Comma-separated seed customer ids.")
    static let seedsFile = OptionSpec.value("seeds-file", "file", help: "A file of seed ids: one per line, or CSV with an 'id' column.")
    static let hops = OptionSpec.value("hops", "k", help: "Hops a post travels in the hops model.",
                                       default: depthLabel(KHopReach().depth), range: hopsRange)
    /// `--hops`: any count up to the most customers a graph holds (no chain of follows is
    /// longer; the search ends at the first hop that finds no one), or `all`.
    static let hopsRange = ValueRange.described("1 to \(ReachDepth.maximumHops), or all")
    static let p = OptionSpec.value("p", "p", help: "Edge probability of the independent cascade (ic).",
                                    default: defaultText(SpreadModel.defaultProbability), range: .numbers(0...1))
    static let seed = OptionSpec.value("seed", "s", help: "Random seed; the same seed gives the same numbers at any thread count.",
                                       default: String(CascadeSimulation(model: .weightedCascade).seed), range: CommonOptions.seedRange)
    static let excludeSegment = OptionSpec.value("exclude-segment", "name", help: "Do not count customers of this segment as reached (they still re-share).")
    static let excludeFile = OptionSpec.value("exclude-file", "file", help: "Do not count the customers listed in this file as reached (one id per line, or CSV with an 'id' column).")
    static let epsilon = OptionSpec.value("epsilon", "e", help: "IMM approximation slack; smaller is slower and closer to optimal.",
                                          default: defaultText(SeedSelection(count: 1).epsilon), range: .numbers(0.001...1))
    static let rrMemory = OptionSpec.value("rr-memory", "mb", help: "The most megabytes IMM's reverse-reachable sets may use; past it IMM stops sampling and reports the weaker epsilon it guarantees. IMM draws at most 2^32 - 1 sets (32-bit set ids), which fill about 48 GiB.",
                                           default: String(SeedSelection(count: 1).sampleMemoryLimit >> 20),
                                           range: .integers(1...(SeedSelection.maximumSampleMemoryLimit >> 20)))

    /// `--epsilon` and `--rr-memory` (in megabytes).
    static func imm(_ arguments: ParsedArguments) throws(UsageError) -> (epsilon: Double, memoryMB: Int) {
        let defaults = SeedSelection(count: 1)
        return (try arguments.double("epsilon") ?? defaults.epsilon,
                try arguments.int("rr-memory") ?? defaults.sampleMemoryLimit >> 20)
    }

    /// `--hops`, or `fallback` when it is not given.
    static func depth(_ arguments: ParsedArguments, default fallback: ReachDepth = KHopReach().depth) throws(UsageError) -> ReachDepth {
        guard let text = arguments.string("hops") else { return fallback }
        if text == "all" { return .unlimited }
        guard let k = Int(text), (1...ReachDepth.maximumHops).contains(k) else {
            throw arguments.fail("The value '\(text)' is invalid for '--hops <k>': expected an integer from 1 to \(ReachDepth.maximumHops), or 'all'")
        }
        return .hops(k)
    }

    /// The label of a depth in output: `2` or `all`.
    static func depthLabel(_ depth: ReachDepth) -> String {
        if case .hops(let k) = depth { return String(k) }
        return "all"
    }

    /// `--model` among `models`.
    static func spreadModel(_ arguments: ParsedArguments) -> SpreadModel {
        SpreadModel(rawValue: arguments.choice("model")) ?? .hops
    }

    /// `--p`.
    static func probability(_ arguments: ParsedArguments) throws(UsageError) -> Double {
        try arguments.double("p") ?? SpreadModel.defaultProbability
    }

    /// The graph, the seeds (`--seeds` or `--seeds-file`, one required) and the
    /// exclusions of a command that measures the seeds' audience.
    static func loadAudience(_ arguments: ParsedArguments, _ context: inout CommandContext) throws
        -> (loaded: SourceLoading.Loaded, seeds: [Int], excluded: Bitmap?)
    {
        if arguments.string("seeds") == nil && arguments.string("seeds-file") == nil {
            throw arguments.fail("Missing expected option '--seeds <ids>' or '--seeds-file <file>'")
        }
        let loaded = try SourceLoading.load(arguments, &context)
        let seeds = try seedIndices(arguments, graph: loaded.graph)
        return (loaded, seeds, try exclusions(arguments, graph: loaded.graph))
    }

    /// `--seed`.
    static func randomSeed(_ arguments: ParsedArguments) throws(UsageError) -> UInt64 {
        try arguments.seed("seed") ?? CascadeSimulation(model: .weightedCascade).seed
    }

    /// `--seeds` or `--seeds-file`, resolved to customer indices (one is required).
    static func seedIndices(_ arguments: ParsedArguments, graph: CustomerGraph) throws -> [Int] {
        var ids: [String] = []
        if let list = arguments.string("seeds") {
            ids = list.split(separator: ",").map { trimSpaces(String($0)) }.filter { !$0.isEmpty }
        } else if let file = arguments.string("seeds-file") {
            ids = try IDFile.read(file).map(\.id)
        } else {
            throw arguments.fail("Missing expected option '--seeds <ids>' or '--seeds-file <file>'")
        }
        guard !ids.isEmpty else { throw CommandFailure(description: "no seed ids given") }
        return try ids.map { id in
            guard let i = graph.customers.index(of: id) else { throw CommandFailure(description: "unknown seed customer '\(id)'") }
            return i
        }
    }

    /// `--exclude-segment` and `--exclude-file` as one set, or `nil` when neither is given.
    static func exclusions(_ arguments: ParsedArguments, graph: CustomerGraph) throws -> Bitmap? {
        let segment = arguments.string("exclude-segment")
        let file = arguments.string("exclude-file")
        guard segment != nil || file != nil else { return nil }
        var excluded = Bitmap(count: graph.customerCount)
        if let segment {
            guard let code = graph.attributes.segmentCode(named: segment), let codes = graph.attributes.segmentCodes else {
                throw CommandFailure(description: "no customer is in segment '\(segment)'")
            }
            for i in 0..<graph.customerCount where codes[i] == code { excluded.insert(i) }
        }
        if let file {
            // Ids the graph does not know cannot be reached anyway.
            for row in try IDFile.read(file) { if let i = graph.customers.index(of: row.id) { excluded.insert(i) } }
        }
        return excluded
    }

    static func trimSpaces(_ s: String) -> String {
        var t = Substring(s)
        while let c = t.first, c == " " || c == "\t" || c == "\r" { t.removeFirst() }
        while let c = t.last, c == " " || c == "\t" || c == "\r" { t.removeLast() }
        return String(t)
    }
}

/// A small id list file: either one id per line, or a CSV whose header has an `id`
/// column (and, for candidates, an optional `cost` column). Blank lines are skipped.
enum IDFile {
    struct Row {
        var id: String
        var cost: Double?
        var line: Int
    }

    static func read(_ path: String) throws -> [Row] {
        let bytes = try FileBytes.read(path)
        var text = String(decoding: bytes, as: UTF8.self)
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { AudienceOptions.trimSpaces(String($0)) }
        guard let first = lines.first(where: { !$0.isEmpty }) else { return [] }
        let header = first.split(separator: ",", omittingEmptySubsequences: false).map { AudienceOptions.trimSpaces(String($0)).lowercased() }
        let idColumn = header.firstIndex(of: "id")
        let costColumn = header.firstIndex(of: "cost")
        var rows: [Row] = []
        var skippedHeader = idColumn == nil
        for (n, line) in lines.enumerated() where !line.isEmpty {
            if !skippedHeader { skippedHeader = true; continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map { AudienceOptions.trimSpaces(String($0)) }
            let idIndex = idColumn ?? 0
            guard idIndex < fields.count, !fields[idIndex].isEmpty else {
                throw CommandFailure(description: "\(path):\(n + 1): missing id (\(line))")
            }
            var cost: Double?
            if let costColumn {
                guard costColumn < fields.count, let c = Double(fields[costColumn]), c.isFinite, c > 0 else {
                    throw CommandFailure(description: "\(path):\(n + 1): cost must be a positive number (\(line))")
                }
                cost = c
            }
            rows.append(Row(id: fields[idIndex], cost: cost, line: n + 1))
        }
        return rows
    }
}
