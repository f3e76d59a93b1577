/// The kinds of input a graph loads from.
enum GraphSourceKind: String, Sendable {
    /// A directory of `customers.csv`, `follows.csv`, `referrals.csv`.
    case csvDirectory = "csv-directory"
    /// A SNAP-style edge list file.
    case edgeList = "edge-list"
    /// A binary snapshot written by `influence import` (`.igs`).
    case snapshot

    /// The kind of `path`: a directory, a file ending in `.igs` or starting with
    /// the snapshot magic, or else an edge list.
    static func of(_ path: String) -> GraphSourceKind {
        if FileBytes.isDirectory(path) { return .csvDirectory }
        if path.hasSuffix(".igs") || SnapshotFile.hasMagic(path) { return .snapshot }
        return .edgeList
    }
}

extension CustomerGraph {
    /// Loads a graph from a CSV directory, an edge list or a snapshot.
    ///
    /// - Parameters:
    ///   - path: the source; its kind is detected by `GraphSourceKind.of(_:)`.
    ///   - options: bad-row policy, threads and progress reporting.
    /// - Throws: `InputError` naming the file, line and problem.
    /// - Complexity: O(input bytes + V · T + E) for text; O(file bytes) for a snapshot.
    public static func load(from path: String, options: LoadOptions = LoadOptions()) throws(InputError) -> CustomerGraph {
        switch GraphSourceKind.of(path) {
        case .snapshot:
            return try SnapshotFile.read(path, threads: options.threads)
        case .csvDirectory:
            let builder = try CSVDirectoryLoader(options: options).load(directory: path)
            options.progress?("building graph")
            return builder.build(threads: options.threads, progress: options.progress)
        case .edgeList:
            let builder = try FileBytes.withContents(of: path, threads: options.threads) { raw throws(InputError) in
                try EdgeListReader(path: path, options: options).load(raw)
            }
            options.progress?("building graph")
            return builder.build(threads: options.threads, progress: options.progress)
        }
    }

    /// Builds a graph from in-memory follow edges given as external ids, for
    /// programs and tests that have no files: `(follower, followee)` pairs.
    ///
    /// Import rules are the same as for files: duplicates merge, self-follows drop.
    ///
    /// - Throws: `CapacityError` past 2³² − 2 distinct ids.
    public init(follows pairs: [(follower: String, followee: String)], threads: Int = Threads.available) throws(CapacityError) {
        var builder = GraphBuilder()
        for (a, b) in pairs {
            builder.addFollow(try builder.customers.intern(a), try builder.customers.intern(b), weight: nil)
        }
        self = builder.build(threads: threads)
    }
}
