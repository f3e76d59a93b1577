/// How to read a graph source.
public struct LoadOptions: Sendable {
    /// Skip unreadable rows (counting them and keeping the first ten in the
    /// import report) instead of stopping at the first one. Default: `false`.
    public var skipBadRows: Bool
    /// Threads used for parsing and building. Default: all cores.
    public var threads: Int
    /// Called with a short phase description ("parsing", "building") as a load
    /// proceeds, for progress display. Default: `nil`.
    public var progress: (@Sendable (String) -> Void)?

    public init(skipBadRows: Bool = false, threads: Int = Threads.available, progress: (@Sendable (String) -> Void)? = nil) {
        self.skipBadRows = skipBadRows
        self.threads = max(1, threads)
        self.progress = progress
    }
}
