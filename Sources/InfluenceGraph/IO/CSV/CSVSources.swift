/// The files of a CSV export by role, and how to read them: any file names, any
/// subset of roles, standard input for one of them, columns mapped to fields, and
/// the delimiter (detected per file unless given).
///
/// ```swift
/// var sources = CSVSources(customers: "members_2026-12-01.csv", follows: "fans.csv")
/// sources.columns = try CSVColumnMapping(parsing: "follows.follower=fan_openid,follows.followee=kol_openid")
/// let result = try sources.load()
/// result.graph.customerCount
/// result.files[0].summary  // how members_2026-12-01.csv was read
/// ```
public struct CSVSources: Sendable, Equatable {
    /// The path that stands for standard input.
    public static let standardInput = "-"

    /// The customers file, if any (`standardInput` for standard input).
    public var customers: String?
    /// The follows file, if any.
    public var follows: String?
    /// The referrals file, if any.
    public var referrals: String?
    /// The columns mapped to fields; the rest are found by name or alias. Default: none.
    public var columns: CSVColumnMapping
    /// The delimiter of every file, or `nil` to detect each file's from its header
    /// line (`CSVDelimiter.detect(_:)`). Default: `nil`.
    public var delimiter: CSVDelimiter?
    /// The directory the files were found in by `init(directory:columns:delimiter:)`,
    /// named in the error when it holds none of them.
    public var directory: String?

    /// Files by role.
    public init(customers: String? = nil, follows: String? = nil, referrals: String? = nil,
                columns: CSVColumnMapping = CSVColumnMapping(), delimiter: CSVDelimiter? = nil) {
        self.customers = customers
        self.follows = follows
        self.referrals = referrals
        self.columns = columns
        self.delimiter = delimiter
    }

    /// The files of `directory` named after their roles (`customers.csv`,
    /// `follows.csv`, `referrals.csv`) that exist.
    public init(directory: String, columns: CSVColumnMapping = CSVColumnMapping(), delimiter: CSVDelimiter? = nil) {
        self.init(columns: columns, delimiter: delimiter)
        self.directory = directory
        for role in CSVRole.allCases {
            let path = joinPath(directory, role.fileName)
            if FileBytes.exists(path) { self[role] = path }
        }
    }

    /// The file of `role`, if any.
    public subscript(role: CSVRole) -> String? {
        get {
            switch role {
            case .customers: customers
            case .follows: follows
            case .referrals: referrals
            }
        }
        set {
            switch role {
            case .customers: customers = newValue
            case .follows: follows = newValue
            case .referrals: referrals = newValue
            }
        }
    }

    /// Reads the files into a graph, customers first, then follows, then referrals
    /// (customers are numbered in order of first appearance), and reports how each
    /// file was read.
    ///
    /// Each file's encoding is detected (`TextEncoding`) and anything but UTF-8
    /// converted first; its delimiter is `delimiter` or detected; its columns are
    /// bound by `columns`, the fields' own names and their aliases.
    ///
    /// - Throws: `InputError` naming the file (and line) of the first problem: no
    ///   file at all, standard input given for two roles, an unreadable file, bytes
    ///   that look like GB18030 but are not, a header that cannot be bound, or a bad
    ///   row (unless `options.skipBadRows`).
    /// - Complexity: O(bytes + V · T + E), as `CustomerGraph.load(from:options:)`.
    public func load(options: LoadOptions = LoadOptions()) throws(InputError) -> CSVImport {
        let (builder, files) = try CSVDirectoryLoader(options: options).load(self)
        options.progress?("building graph")
        return CSVImport(graph: builder.build(threads: options.threads), files: files)
    }
}

/// A graph read from CSV files and how each file was read.
public struct CSVImport: Sendable {
    public var graph: CustomerGraph
    /// One report per file read, in reading order.
    public var files: [CSVFileReport]
}

extension CustomerGraph {
    /// Loads a graph from CSV files by role (see `CSVSources.load(options:)`).
    ///
    /// - Throws: `InputError` naming the file, line and problem.
    /// - Complexity: O(bytes + V · T + E).
    public static func load(csv sources: CSVSources, options: LoadOptions = LoadOptions()) throws(InputError) -> CustomerGraph {
        try sources.load(options: options).graph
    }
}
