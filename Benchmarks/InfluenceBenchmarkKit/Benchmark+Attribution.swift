import InfluenceGraph
#if canImport(Glibc)
import Glibc
#endif

extension Benchmark {
    /// Attribution over a synthetic referral forest of `--referrals` rows (customers in
    /// signup order, then the same rows shuffled) and over a generated social-CRM
    /// dataset of `--scrm-customers` customers.
    mutating func attributionGroup() throws {
        let threads = options.threads
        let synthetic = scratch + "/referrals"
        mkdir(synthetic, 0o755)
        defer { removeTree(synthetic) }
        try ReferralDataset(rows: options.referrals).write(toDirectory: synthetic)
        try attribute(directory: synthetic, label: "\(options.referrals) referral rows")
        try ReferralDataset(rows: options.referrals, shuffled: true).write(toDirectory: synthetic)
        try attribute(directory: synthetic, label: "\(options.referrals) referral rows, shuffled")

        let scrm = scratch + "/scrm"
        let generate = try time(1) { try SocialCRMGenerator(customers: options.scrmCustomers, seed: 1).write(toDirectory: scrm, threads: threads) }
        record(Measurement(name: "generate scrm, \(options.scrmCustomers) customers", unit: "s", values: generate, params: [("threads", "\(threads)")]))
        defer { removeTree(scrm) }
        try attribute(directory: scrm, label: "scrm \(options.scrmCustomers) customers")
    }

    mutating func attribute(directory: String, label: String) throws {
        let threads = options.threads
        let graph = try CustomerGraph.load(from: directory, options: LoadOptions(threads: threads))
        let edges = graph.referrals.count
        let seconds = time(options.trials) {
            consume(ReferralAttribution(threads: threads).run(on: graph).totalCredit)
        }
        record(Measurement(name: "attribute \(label) (\(threads) thr)", unit: "s", values: seconds,
                           params: [("threads", "\(threads)"), ("referral_edges", "\(edges)"), ("customers", "\(graph.customerCount)"),
                                    ("tiers", "3"), ("touch", "first")]))
    }
}
