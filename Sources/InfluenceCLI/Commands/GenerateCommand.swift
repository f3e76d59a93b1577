@_spi(Tooling) import InfluenceGraph

/// `influence generate`: synthetic graphs for demos and benchmarks.
enum GenerateCommand: Command {
    static let spec = CommandSpec(
        name: "generate",
        abstract: "Generate an R-MAT edge list or a social-CRM CSV dataset, deterministically.",
        discussion: "rmat writes a SNAP edge list with 2^scale nodes and edge-factor·2^scale edges (GAP parameters a=0.57, b=c=0.19). scrm writes customers.csv, follows.csv and referrals.csv into a directory; --customers sets its size (the bundled demo is --customers 20000 --seed 2026). The same seed gives byte-identical files.",
        options: [
            .value("kind", "kind", help: "What to generate.", choices: ["rmat", "scrm"]),
            .value("scale", "s", help: "rmat: log2 of the node count; scrm: log2 of the customer count unless --customers is given.", default: "16"),
            .value("edge-factor", "f", help: "rmat: edges per node.", default: "16"),
            .value("customers", "n", help: "scrm: the number of customers (overrides --scale)."),
            .value("seed", "n", help: "Random seed.", default: "1"),
            .value("output", short: "o", "path", help: "The file (rmat) or directory (scrm) to write."),
            CommonOptions.threads,
        ])

    static func run(_ arguments: ParsedArguments, _ context: inout CommandContext) throws {
        guard arguments.string("kind") != nil else { throw arguments.fail("Missing expected option '--kind <kind>'") }
        guard let output = arguments.string("output") else { throw arguments.fail("Missing expected option '--output <path>'") }
        let scale = try arguments.int("scale", in: 1...31) ?? 16
        let seed = UInt64(try arguments.int("seed", in: 0...Int.max) ?? 1)
        let threads = try arguments.threads()
        let start = monotonicSeconds()
        if arguments.choice("kind") == "rmat" {
            let factor = try arguments.int("edge-factor", in: 1...1024) ?? 16
            let generator: RMATGenerator
            do { generator = try RMATGenerator(scale: scale, edgeFactor: factor, seed: seed) } catch {
                throw arguments.fail(error.message)
            }
            try generator.writeEdgeList(to: output, threads: threads)
            context.note("Wrote \(generator.edgeCount) edges over \(generator.nodeCount) nodes to \(output) in \(formatFixed(monotonicSeconds() - start, digits: 2)) s")
        } else {
            let customers = try arguments.int("customers", in: SocialCRMGenerator.customerCounts) ?? (1 << scale)
            let generator: SocialCRMGenerator
            do { generator = try SocialCRMGenerator(customers: customers, seed: seed) } catch {
                throw arguments.fail(error.message)
            }
            try generator.write(toDirectory: output, threads: threads)
            context.note("Wrote a social-CRM dataset of \(customers) customers to \(output) in \(formatFixed(monotonicSeconds() - start, digits: 2)) s")
        }
    }
}
