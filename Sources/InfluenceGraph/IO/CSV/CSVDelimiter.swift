/// The byte that separates the fields of a CSV file.
///
/// Exports from Excel come comma-, semicolon- (locales with a decimal comma) or
/// tab-separated ("Unicode Text"); some databases write vertical bars. When none is
/// given, `detect(_:)` reads it off the header line.
public enum CSVDelimiter: String, CaseIterable, Sendable, CustomStringConvertible {
    case comma, semicolon, tab, pipe

    /// The delimiter byte.
    public var byte: UInt8 {
        switch self {
        case .comma: UInt8(ascii: ",")
        case .semicolon: UInt8(ascii: ";")
        case .tab: UInt8(ascii: "\t")
        case .pipe: UInt8(ascii: "|")
        }
    }

    /// The delimiter in a sentence: "split by semicolons".
    public var pluralName: String {
        switch self {
        case .comma: "commas"
        case .semicolon: "semicolons"
        case .tab: "tabs"
        case .pipe: "vertical bars"
        }
    }

    /// The delimiter's name, as `--delimiter` takes it.
    public var description: String { rawValue }

    /// The delimiter of the header line of `bytes` (after a UTF-8 byte-order mark):
    /// the candidate occurring most often outside quotes before the first line end
    /// outside quotes; on a tie, or when none occurs (a one-column header), the
    /// earliest of comma, semicolon, tab, pipe.
    ///
    /// - Complexity: O(length of the header line).
    public static func detect(_ bytes: UnsafeRawBufferPointer) -> CSVDelimiter {
        var counts = [Int](repeating: 0, count: allCases.count)
        var inside = false
        var i = CSVScanner.contentStart(bytes)
        scan: while i < bytes.count {
            let b = bytes[i]
            i += 1
            if b == CSVScanner.quote { inside.toggle(); continue }
            if inside { continue }
            if b == CSVScanner.lf || b == CSVScanner.cr { break scan }
            for (k, candidate) in allCases.enumerated() where candidate.byte == b { counts[k] += 1 }
        }
        var best = 0
        for k in counts.indices where counts[k] > counts[best] { best = k }
        return allCases[best]
    }
}
