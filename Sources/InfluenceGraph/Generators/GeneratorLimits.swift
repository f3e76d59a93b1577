/// The largest datasets the generators make: what the loaders read back on a
/// machine like the 24 GB one this project is measured on, where a file is read
/// whole into memory beside the graph it builds.
///
/// `RMATGenerator` refuses a size whose estimated output or working memory is
/// above these; `SocialCRMGenerator`'s `customerCounts` stay far below them
/// (10 million customers write about 2 GB).
public enum GeneratorLimits {
    /// The most bytes one generated dataset may take on disk: 16 GiB.
    public static let outputBytes = 16 << 30
    /// The most memory generating may hold at once: 8 GiB.
    public static let memoryBytes = 8 << 30

    /// `bytes` in GiB with at most one decimal, e.g. `16 GiB`, `10.7 GiB`.
    @_spi(Tooling) public static func gibibytes(_ bytes: Int) -> String {
        let tenths = Int((Double(bytes) / Double(1 << 30) * 10).rounded())
        return "\(tenths / 10)" + (tenths % 10 == 0 ? "" : ".\(tenths % 10)") + " GiB"
    }
}
