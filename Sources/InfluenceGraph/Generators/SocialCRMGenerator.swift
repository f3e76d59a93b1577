#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A synthetic social-CRM dataset: customers, who follows whom, and who referred
/// whom, as three CSV files whose shape resembles a real export, including the
/// mistakes real exports contain.
///
/// ```swift
/// let demo = try SocialCRMGenerator(customers: 20_000, seed: 1)
/// try demo.write(toDirectory: "fixtures/demo")
/// ```
///
/// **Files** (UTF-8, `\n` line ends, no quoting needed: no field contains a comma):
/// - `customers.csv` — `id,name,spend,orders,segment`, exactly `customers` rows:
///   regular customers `C-000001`, `C-000002`, … (at least six digits), then the
///   key opinion leaders `KOL-01` … `KOL-05`, then `RING-1` … `RING-3`. `spend` has two
///   decimals; `segment` is one of `vip`, `regular`, `new`, `dormant`, `kol`.
/// - `follows.csv` — `follower,followee,weight`; `weight` is an interaction
///   strength in `0.10...9.99` with two decimals. Rows are grouped by follower in
///   `customers.csv` order, followees ascending in that order.
/// - `referrals.csv` — `referrer,referee,time,revenue`; `time` is ISO 8601 UTC
///   (`2026-03-14T09:30:00Z`), `revenue` the referee's first-order value with two
///   decimals. Rows are in time order.
///
/// **Shape.** Spend is log-normal (median 250.00, σ = 1.2), orders follow spend at a
/// log-normal order value around 65.00. Follow out-degrees are Pareto (α = 2.5, 15%
/// follow no one) and followees are picked by a Pareto(α = 2.5) popularity that is
/// cut tenfold for big spenders (spend ≥ 2,000.00), so the biggest spenders are
/// rarely the most followed. Each KOL is followed by a fixed share of everyone
/// (30%, 22%, 15%, 10%, 6%): thousands of followers at the demo size. About 45% of
/// regular customers join by referral in four monthly campaign waves (January to
/// April 2026); each referrer joined strictly earlier (organic customers and KOLs
/// before 2026), chosen preferentially among active advocates or among recent
/// referees, which grows referral trees several levels deep.
///
/// **Segments**, first rule that applies: KOL accounts are `kol`; referees of the
/// April wave and referees with no orders are `new`; spend ≥ 2,000.00 is `vip`; a
/// random 10% of the rest are `dormant`; everyone else is `regular`.
///
/// **Deliberate quirks**, at fixed ids for tests and demos:
/// - a referral ring: `RING-1 → RING-2 → RING-3 → RING-1` (2026-02-10 to 02-12);
/// - a self-referral: `C-000005 → C-000005` (2026-01-12T08:00:00Z);
/// - a duplicated follow: the row `C-000003,C-000007,1.00` appears twice, in its
///   place and again as the last row of `follows.csv`;
/// - a customer referred twice: `C-000010` by `C-000001` (2026-01-05T10:15:00Z)
///   and by `C-000002` (2026-02-20T16:45:00Z), same revenue;
/// - referees with zero spend and zero orders: `C-000014`, `C-000015`, `C-000016`,
///   referred by `C-000003` in March 2026 with revenue `0.00`.
///
/// `C-000001` … `C-000016` take part in no random referral, so the quirks above are
/// the only referral rows that name them.
///
/// **Determinism.** Accounts and follows are generated in fixed chunks of 4,096
/// accounts, each from its own `SplitMix64` stream; referrals from one stream; all
/// numbers are formatted from integers. The bytes depend only on `customers` and
/// `seed`: not on the thread count, the machine, or its locale.
public struct SocialCRMGenerator: Sendable {
    /// Supported sizes: at least enough rows for the quirk accounts and some
    /// organic growth around them.
    public static let customerCounts: ClosedRange<Int> = 100...10_000_000

    /// The file names written by `write(toDirectory:threads:)`.
    public static let customersFileName = "customers.csv"
    /// See `customersFileName`.
    public static let followsFileName = "follows.csv"
    /// See `customersFileName`.
    public static let referralsFileName = "referrals.csv"

    /// The header lines, without their newline.
    public static let customersHeader = "id,name,spend,orders,segment"
    /// See `customersHeader`.
    public static let followsHeader = "follower,followee,weight"
    /// See `customersHeader`.
    public static let referralsHeader = "referrer,referee,time,revenue"

    /// The number of rows of `customers.csv`, KOL and ring accounts included.
    public let customers: Int
    /// The seed that fixes every random choice.
    public let seed: UInt64

    /// A generator for `customers` accounts.
    ///
    /// - Throws: `GeneratorError` when `customers` is outside `customerCounts`.
    /// - Complexity: O(1); nothing is generated until asked.
    public init(customers: Int = 20_000, seed: UInt64 = 1) throws(GeneratorError) {
        try GeneratorError.check("customer count", customers, in: Self.customerCounts)
        self.customers = customers
        self.seed = seed
    }

    /// The three CSV files as bytes.
    public struct Files: Equatable, Sendable {
        /// `customers.csv`.
        public var customers: [UInt8]
        /// `follows.csv`.
        public var follows: [UInt8]
        /// `referrals.csv`.
        public var referrals: [UInt8]
    }

    /// Generates the dataset in memory.
    ///
    /// - Parameter threads: worker threads (default: all cores). The bytes do
    ///   not depend on it.
    /// - Complexity: O(N + F log F + R log R) for N customers, F follows (about 5.5·N)
    ///   and R referrals (about 0.45·N).
    public func render(threads: Int = Threads.available) -> Files {
        let workers = Threads.resolve(threads)
        var accounts = Accounts.generate(count: customers, seed: seed, threads: workers)
        let referrals = Referrals.generate(accounts: &accounts, seed: seed)
        let follows = FollowWriter.render(accounts: accounts, seed: seed, threads: workers)
        return Files(
            customers: accounts.renderCustomers(),
            follows: follows,
            referrals: referrals.render(accounts: accounts)
        )
    }

    /// Writes `customers.csv`, `follows.csv` and `referrals.csv` into `directory`,
    /// creating it and any missing parents. The three files are written to
    /// temporary names and renamed into place together after all succeeded.
    ///
    /// - Throws: `OutputError` when the directory cannot be created or a file cannot
    ///   be written.
    /// - Complexity: as `render(threads:)`, plus writing about 45 bytes per customer
    ///   and 25 per follow.
    public func write(toDirectory directory: String, threads: Int = Threads.available) throws(OutputError) {
        try Self.makeDirectories(directory)
        let files = render(threads: threads)
        let base = directory.hasSuffix("/") ? directory : directory + "/"
        // All three are written and synced before any is renamed into place, so a
        // failure leaves the directory as it was, never a mix of old and new files.
        var customers = try AtomicFile(path: base + Self.customersFileName)
        var follows = try AtomicFile(path: base + Self.followsFileName)
        var referrals = try AtomicFile(path: base + Self.referralsFileName)
        try customers.write(contentsOf: files.customers)
        try follows.write(contentsOf: files.follows)
        try referrals.write(contentsOf: files.referrals)
        try customers.finish()
        try follows.finish()
        try referrals.finish()
        try customers.publish()
        try follows.publish()
        try referrals.publish()
    }

    /// `mkdir -p`: creates `path` and its missing parents.
    static func makeDirectories(_ path: String) throws(OutputError) {
        if FileBytes.isDirectory(path) { return }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if !FileBytes.isDirectory(prefix) && mkdir(prefix, 0o755) != 0 {
                let code = errno
                // Another process may have made it meanwhile; a file in the way is not.
                if !(code == EEXIST && FileBytes.isDirectory(prefix)) {
                    throw OutputError(file: path, errno: code == EEXIST ? ENOTDIR : code)
                }
            }
            prefix += "/"
        }
    }
}
