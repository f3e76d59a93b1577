@_spi(Tooling) import InfluenceGraph

/// `influence generate`: synthetic graphs for demos and benchmarks.
enum GenerateCommand: Command {
    static let spec = CommandSpec(
        name: "generate",
        abstract: "Generate an R-MAT edge list or a social-CRM CSV dataset, deterministically.",
        discussion: "rmat writes a SNAP edge list with 2^scale nodes and edge-factor·2^scale edges (GAP parameters a=0.57, b=c=0.19). scrm writes customers.csv, follows.csv and referrals.csv into a directory; --customers sets its size (the bundled demo is --customers 20000 --seed 2026). The same seed gives byte-identical files.",
        options: [
            .value("kind", "kind", help: "What to generate.", choices: ["rmat", "scrm"]),
            .value("scale", "s", help: "rmat: log2 of the node count; scrm: log2 of the customer count unless --customers is given.", default: "16",
                   range: .described("\(RMATGenerator.scales.lowerBound) to \(RMATGenerator.scales.upperBound) for rmat, \(scrmScales.lowerBound) to \(scrmScales.upperBound) for scrm")),
            .value("edge-factor", "f", help: "rmat: edges per node. Scale and edge factor together may write at most \(GeneratorLimits.gibibytes(GeneratorLimits.outputBytes)) and use at most \(GeneratorLimits.gibibytes(GeneratorLimits.memoryBytes)) of memory.",
                   default: "16", range: .integers(RMATGenerator.edgeFactors)),
            .value("customers", "n", help: "scrm: the number of customers (overrides --scale).", range: .integers(SocialCRMGenerator.customerCounts)),
            .value("seed", "n", help: "Random seed.", default: "1", range: CommonOptions.seedRange),
            .value("output", short: "o", "path", help: "The file (rmat) or directory (scrm) to write."),
            CommonOptions.threads,
        ])

    /// The scales whose customer count `2^scale` scrm accepts.
    static let scrmScales: ClosedRange<Int> = {
        let counts = SocialCRMGenerator.customerCounts
        let low = (0..<63).first { 1 << $0 >= counts.lowerBound } ?? 0
        let high = (0..<63).last { 1 << $0 <= counts.upperBound } ?? 0
        return low...high
    }()

    static func run(_ arguments: ParsedArguments, _ context: inout CommandContext) throws {
        guard arguments.string("kind") != nil else { throw arguments.fail("Missing expected option '--kind <kind>'") }
        guard let output = arguments.string("output") else { throw arguments.fail("Missing expected option '--output <path>'") }
        let rmat = arguments.choice("kind") == "rmat"
        let scaleText = "from \(RMATGenerator.scales.lowerBound) to \(RMATGenerator.scales.upperBound) for rmat, \(scrmScales.lowerBound) to \(scrmScales.upperBound) for scrm"
        let scale = try arguments.int("scale", in: rmat ? RMATGenerator.scales : scrmScales, expected: scaleText) ?? 16
        let factor = try arguments.int("edge-factor") ?? 16
        let customerCount = try arguments.int("customers")
        let seed = try arguments.seed("seed") ?? 1
        let threads = try arguments.threads()
        let start = monotonicSeconds()
        if rmat {
            let generator: RMATGenerator
            do { generator = try RMATGenerator(scale: scale, edgeFactor: factor, seed: seed) } catch {
                throw arguments.fail("'--scale \(scale)' with '--edge-factor \(factor)' is too large: \(error.message)")
            }
            try generator.writeEdgeList(to: output, threads: threads)
            context.note("Wrote \(generator.edgeCount) edges over \(generator.nodeCount) nodes to \(output) in \(formatFixed(monotonicSeconds() - start, digits: 2)) s")
        } else {
            let customers = customerCount ?? (1 << scale)
            let generator: SocialCRMGenerator
            do { generator = try SocialCRMGenerator(customers: customers, seed: seed) } catch {
                throw arguments.fail(error.message)
            }
            try generator.write(toDirectory: output, threads: threads)
            context.note("Wrote a social-CRM dataset of \(customers) customers to \(output) in \(formatFixed(monotonicSeconds() - start, digits: 2)) s")
        }
    }
}
