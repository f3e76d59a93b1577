/// The character encodings exports arrive in. Loaders parse UTF-8; a file in
/// another encoding is converted to UTF-8 in memory first (`withUTF8(_:name:threads:_:)`).
///
/// Detection (`detect(_:threads:)`) goes by certainty:
/// - a byte-order mark decides: UTF-8, UTF-16LE (`FF FE`), UTF-16BE (`FE FF`);
/// - an ASCII character beside a NUL byte at the start is UTF-16 without a mark (a NUL
///   never belongs in a CSV file);
/// - valid UTF-8 is UTF-8 (text in GB18030 is almost never valid UTF-8 past a few
///   characters), and so is UTF-8 with fewer bad bytes than good multibyte sequences;
/// - other bytes that decode completely as GB18030, mostly as GB2312 characters,
///   are GB18030: what Excel on Chinese Windows saves as "CSV";
/// - bytes that look like GB18030 but hold bytes no GB18030 code starts with are
///   refused, never read as other text;
/// - anything else stays UTF-8 with invalid bytes, which the loaders report where they
///   matter (an id that is not UTF-8 is a bad row).
public enum TextEncoding: String, Sendable, CustomStringConvertible {
    case utf8 = "UTF-8"
    case utf8WithByteOrderMark = "UTF-8 with byte-order mark"
    case utf16LittleEndian = "UTF-16LE"
    case utf16BigEndian = "UTF-16BE"
    case gb18030 = "GB18030"

    public var description: String { rawValue }

    /// Whether loading converts bytes in this encoding to UTF-8 first.
    public var isConverted: Bool {
        switch self {
        case .utf8, .utf8WithByteOrderMark: false
        case .utf16LittleEndian, .utf16BigEndian, .gb18030: true
        }
    }

    /// The encoding of `bytes`, by the rules in the type's summary.
    ///
    /// - Throws: the message for bytes that look like GB18030 but do not decode as it.
    /// - Complexity: O(n), spread over `threads`, for UTF-8 (the check that it is
    ///   UTF-8 at all); O(n) on one thread when it is not.
    static func detect(_ bytes: UnsafeRawBufferPointer, threads: Int) throws(Refusal) -> TextEncoding {
        let n = bytes.count
        if n >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { return .utf8WithByteOrderMark }
        if let utf16 = utf16(byItsStart: bytes) { return utf16 }
        guard UTF8Validation.firstInvalid(bytes, threads: threads) != nil else { return .utf8 }
        // UTF-8 with a few bad bytes (a truncated character) stays UTF-8: read as
        // GB18030, its CJK text would become other characters.
        let utf8 = UTF8Validation.survey(bytes)
        if utf8.multibyte >= utf8.invalid { return .utf8 }
        let gb = GB18030Decoder.survey(bytes)
        guard gb.looksLikeGB18030 else { return .utf8 }
        if let bad = gb.firstInvalid {
            let byte = "0x" + String(bytes[bad], radix: 16, uppercase: true)
            throw Refusal(offset: bad, message: "not UTF-8 — looks like GB18030/GBK, but byte \(byte) here is not GB18030 either; save as UTF-8 (in Excel: CSV UTF-8)")
        }
        return .gb18030
    }

    /// UTF-16 in the order a byte-order mark or an ASCII character beside a NUL byte
    /// at the start of `bytes` shows, or `nil` when they start otherwise.
    ///
    /// - Complexity: O(1).
    static func utf16(byItsStart bytes: UnsafeRawBufferPointer) -> TextEncoding? {
        let n = bytes.count
        if n >= 2, bytes[0] == 0xFF, bytes[1] == 0xFE { return .utf16LittleEndian }
        if n >= 2, bytes[0] == 0xFE, bytes[1] == 0xFF { return .utf16BigEndian }
        if n >= 4, bytes[0] != 0, bytes[0] < 0x80, bytes[1] == 0, bytes[2] != 0, bytes[2] < 0x80, bytes[3] == 0 { return .utf16LittleEndian }
        if n >= 4, bytes[0] == 0, bytes[1] != 0, bytes[1] < 0x80, bytes[2] == 0, bytes[3] != 0, bytes[3] < 0x80 { return .utf16BigEndian }
        return nil
    }

    /// Why a file's bytes are refused, and where.
    struct Refusal: Error {
        /// The byte offset of the first offending byte.
        var offset: Int
        var message: String
    }

    /// Calls `body` with `bytes` as UTF-8: the bytes themselves for UTF-8, else a
    /// converted copy. `name` stands for the file in errors.
    ///
    /// - Throws: `InputError` naming the file and line for bytes the encoding cannot
    ///   hold (an unpaired UTF-16 surrogate, an odd UTF-16 length), or what `body` throws.
    /// - Complexity: O(n); the converted copy takes at most 1.5 times the input's bytes.
    static func withUTF8<R>(_ bytes: UnsafeRawBufferPointer, encoding: TextEncoding, name: String,
                            _ body: (UnsafeRawBufferPointer) throws(InputError) -> R) throws(InputError) -> R {
        switch encoding {
        case .utf8, .utf8WithByteOrderMark:
            return try body(bytes)
        case .utf16LittleEndian, .utf16BigEndian:
            let out = try UTF16Decoder.decode(bytes, bigEndian: encoding == .utf16BigEndian, name: name)
            return try body(UnsafeRawBufferPointer(start: out.memory.base, count: out.count))
        case .gb18030:
            let out = try GB18030Decoder.decode(bytes, name: name)
            return try body(UnsafeRawBufferPointer(start: out.memory.base, count: out.count))
        }
    }

    /// The 1-based line of byte `offset` of `bytes`, counting line feeds.
    static func line(ofOffset offset: Int, in bytes: UnsafeRawBufferPointer) -> Int {
        var line = 1
        for i in 0 ..< min(offset, bytes.count) where bytes[i] == CSVScanner.lf { line += 1 }
        return line
    }
}
