import InfluenceGraph

/// `influence chain ID`: the referral chain from the top down to one customer.
enum ChainCommand: Command {
    static let spec = CommandSpec(
        name: "chain",
        abstract: "Show the referral chain from its root down to a customer, with times.",
        discussion: "Each step follows the customer's primary credit parent (the credit parent under first or last touch, the earliest one under linear). The walk stops at a customer with no referrer, or before revisiting a customer on a ring.",
        arguments: [ArgumentSpec(name: "id", help: "The customer id.", optional: false), CommonOptions.source],
        options: [ReferralOptions.touch, ReferralOptions.since, ReferralOptions.until,
                  CommonOptions.format, CommonOptions.threads, CommonOptions.skipBadRows] + CommonOptions.csvFiles)

    static func run(_ arguments: ParsedArguments, _ context: inout CommandContext) throws {
        let id = arguments.argument("id") ?? ""
        let touch = ReferralOptions.touchRule(arguments)
        let window = try ReferralOptions.window(arguments)
        let graph = try SourceLoading.load(arguments, &context).graph
        guard let customer = graph.customers.index(of: id) else {
            throw CommandFailure(description: "unknown customer id '\(id)'")
        }
        let forest = ReferralChains(touch: touch, window: window).run(on: graph)
        var table = ResultTable(columns: ["step", "id", "referrer", "time", "value"])
        for (i, link) in forest.chain(to: customer).enumerated() {
            table.rows.append([.int(i), .text(graph.customers.id(link.customer)),
                               .text(link.referrer.map { graph.customers.id($0) } ?? ""),
                               .text(ReferralWindow.formatTime(link.time)), .number(link.value, digits: 2)])
        }
        ReferralOptions.write(table, arguments, &context, json: [
            ("id", .string(id)),
            ("depth", .int(Int(forest.depth[customer]))),
            ("root", .string(graph.customers.id(Int(forest.root[customer])))),
            ("on_ring", .bool(forest.onRing[customer])),
            ("parameters", .object(ReferralOptions.parameters(touch, window))),
        ])
    }
}
