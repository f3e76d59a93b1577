@_spi(Tooling) import InfluenceGraph

/// Seed sets for personalized PageRank: `--seeds`, `--seeds-file`, `--segment` (one
/// set) and `--seed-sets` (many), as teleport weights by customer index.
enum SeedSets {
    static let seeds = OptionSpec.value("seeds", "ids", help: "Comma-separated seed customer ids for personalized PageRank.")
    static let seedsFile = OptionSpec.value("seeds-file", "file", help: "A file of seed ids, one per line (optional second column: weight).")
    static let segment = OptionSpec.value("segment", "name", help: "Use every customer of this segment as the seeds.")
    static let seedSets = OptionSpec.value("seed-sets", "file", help: "Many seed sets, one per line: ids separated by commas or spaces, each optionally ID=WEIGHT. Adds a set column.")

    /// The one seed set the options name, or `nil` when none is given.
    static func single(_ arguments: ParsedArguments, _ graph: CustomerGraph) throws -> [Int: Double]? {
        if let list = arguments.string("seeds") {
            return try resolve(list.split(separator: ",").map { (String($0), 1.0) }, graph, context: "")
        }
        if let path = arguments.string("seeds-file") {
            var pairs: [(String, Double)] = []
            for (n, fields) in try lines(path) {
                var weight = 1.0
                if fields.count > 1 {
                    guard let w = Double(fields[1]), w.isFinite, w >= 0 else {
                        throw InputError(file: path, line: n, message: "seed weight is not a number of at least 0 ('\(fields[1])')")
                    }
                    weight = w
                }
                pairs.append((fields[0], weight))
            }
            return try resolve(pairs, graph, context: "\(path): ")
        }
        if let name = arguments.string("segment") {
            guard let code = graph.attributes.segmentCode(named: name), let codes = graph.attributes.segmentCodes else {
                throw CommandFailure(description: "no customer is in segment '\(name)'")
            }
            return Dictionary(uniqueKeysWithValues: codes.indices.filter { codes[$0] == code }.map { ($0, 1.0) })
        }
        return nil
    }

    /// One seed set per line of `path`; a token that is not a known id but ends in
    /// `=NUMBER` is an id with a weight.
    static func batch(_ path: String, _ graph: CustomerGraph) throws -> [[Int: Double]] {
        var sets: [[Int: Double]] = []
        for (n, fields) in try lines(path) {
            var pairs: [(String, Double)] = []
            for token in fields {
                if graph.customers.index(of: token) == nil, let eq = token.lastIndex(of: "=") {
                    let text = token[token.index(after: eq)...]
                    guard let w = Double(text), w.isFinite, w >= 0 else {
                        throw InputError(file: path, line: n, message: "seed weight is not a number of at least 0 ('\(text)')")
                    }
                    pairs.append((String(token[..<eq]), w))
                } else {
                    pairs.append((token, 1))
                }
            }
            sets.append(try resolve(pairs, graph, context: "\(path):\(n): "))
        }
        guard !sets.isEmpty else { throw CommandFailure(description: "\(path): no seed sets (one set per line)") }
        return sets
    }

    /// The non-empty, non-`#` lines of `path` with their 1-based numbers, split on commas and blanks.
    static func lines(_ path: String) throws -> [(Int, [String])] {
        let text = String(decoding: try FileBytes.read(path), as: UTF8.self)
        var result: [(Int, [String])] = []
        for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let fields = line.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
            guard let first = fields.first, !first.hasPrefix("#") else { continue }
            result.append((n + 1, fields))
        }
        return result
    }

    /// Ids to customer indices with summed weights; unknown ids are an error naming them.
    static func resolve(_ pairs: [(String, Double)], _ graph: CustomerGraph, context: String) throws -> [Int: Double] {
        var seeds: [Int: Double] = [:]
        var unknown: [String] = []
        for (id, weight) in pairs {
            if let i = graph.customers.index(of: id) { seeds[i, default: 0] += weight } else { unknown.append(id) }
        }
        if !unknown.isEmpty {
            let names = unknown.prefix(10).map { "'\($0)'" }.joined(separator: ", ") + (unknown.count > 10 ? ", …" : "")
            throw CommandFailure(description: "\(context)unknown seed id\(unknown.count > 1 ? "s" : "") \(names)")
        }
        guard seeds.values.reduce(0, +) > 0 else { throw CommandFailure(description: "\(context)the seed weights sum to 0") }
        return seeds
    }
}
