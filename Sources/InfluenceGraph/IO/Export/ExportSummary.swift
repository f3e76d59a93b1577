/// What an export wrote.
public struct ExportSummary: Sendable, Equatable {
    /// One written file.
    public struct File: Sendable, Equatable {
        /// The path relative to the export directory, e.g. `follows/part-00000.csv`.
        public var path: String
        /// Data rows, not counting a header.
        public var rows: Int
        /// Bytes in the file.
        public var bytes: Int
    }

    /// The export directory, as given.
    public var directory: String
    /// The layout.
    public var format: ExportFormat
    /// Parts per table.
    public var partitions: Int
    /// Every file, in the order written.
    public var files: [File]

    /// Bytes in all files.
    public var bytes: Int { files.reduce(0) { $0 + $1.bytes } }
}
