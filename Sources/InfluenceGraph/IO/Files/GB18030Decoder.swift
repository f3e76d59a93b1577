/// Reads GB18030 (and GBK, its two-byte subset, and GB2312 within that) as Unicode,
/// through the table `Scripts/generate-gb18030-table.py` writes (`GB18030Table`).
///
/// A code is one byte 0x00–0x7F (ASCII); two bytes, lead 0x81–0xFE and trail
/// 0x40–0x7E or 0x80–0xFE; or four bytes 0x81–0xFE, 0x30–0x39, 0x81–0xFE, 0x30–0x39,
/// numbered linearly: those up to 0x8431A439 are BMP characters (by table), those from
/// 0x90308130 are U+10000 onwards (by arithmetic). The byte 0x80 alone reads as the
/// euro sign, as Windows code page 936 ("GBK") writes it.
enum GB18030Decoder {
    /// What a pass over some bytes found.
    struct Survey {
        /// Codes of two or four bytes.
        var multibyte = 0
        /// Two-byte codes of GB2312 (lead 0xA1–0xF7, trail 0xA1–0xFE): the characters
        /// Chinese text is mostly made of.
        var gb2312 = 0
        /// Bytes that start no valid code, and the first of them.
        var invalid = 0
        var firstInvalid: Int?

        /// Whether the bytes read as Chinese GB text: some multibyte codes, at least
        /// half of them GB2312, and fewer bad bytes than codes. Latin-1 text (an
        /// accented letter beside ASCII) decodes as two-byte codes too, but never as
        /// GB2312 ones, whose trail bytes lie above 0xA0.
        var looksLikeGB18030: Bool { gb2312 >= 1 && 2 * gb2312 >= multibyte && invalid < multibyte }
    }

    /// The code at `i` in `p[0 ..< n]`: its length and scalar, or `nil` when no valid
    /// code starts there.
    @inline(__always)
    static func code(at i: Int, in p: UnsafeRawBufferPointer, table: UnsafeBufferPointer<UInt32>) -> (length: Int, scalar: UInt32)? {
        let n = p.count
        let b1 = p[i]
        if b1 < 0x80 { return (1, UInt32(b1)) }
        if b1 == 0x80 { return (1, 0x20AC) }
        guard b1 != 0xFF, i + 1 < n else { return nil }
        let b2 = p[i + 1]
        if b2 >= 0x30 && b2 <= 0x39 {
            guard i + 3 < n else { return nil }
            let b3 = p[i + 2], b4 = p[i + 3]
            guard b3 >= 0x81 && b3 <= 0xFE && b4 >= 0x30 && b4 <= 0x39 else { return nil }
            let tail = UInt32(b3 - 0x81) * 10 + UInt32(b4 - 0x30)
            if b1 <= 0x84 {
                let linear = (UInt32(b1 - 0x81) * 10 + UInt32(b2 - 0x30)) * 1260 + tail
                guard linear < GB18030Table.fourByteCount else { return nil }
                return (4, fourByteScalar(linear))
            }
            guard b1 >= 0x90 else { return nil }
            let scalar = 0x10000 + (UInt32(b1 - 0x90) * 10 + UInt32(b2 - 0x30)) * 1260 + tail
            return scalar <= 0x10FFFF ? (4, scalar) : nil
        }
        guard b2 >= 0x40 && b2 != 0x7F && b2 != 0xFF else { return nil }
        let index = Int(b1 - 0x81) * 190 + Int(b2 - 0x40) - (b2 > 0x7F ? 1 : 0)
        return (2, table[index])
    }

    /// The scalar of a four-byte BMP code by its linear index.
    private static func fourByteScalar(_ linear: UInt32) -> UInt32 {
        let starts = GB18030Table.fourByteStarts
        var lo = 0, hi = starts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if starts[mid] <= linear { lo = mid } else { hi = mid - 1 }
        }
        return GB18030Table.fourByteScalars[lo] + (linear - starts[lo])
    }

    /// Two-byte codes by index (lead − 0x81) · 190 + trail offset: their scalars,
    /// supplementary ones included.
    static let twoByteScalars: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 126 * 190)
        var k = 0, value: UInt32 = 0, digits = 0
        GB18030Table.twoByte.withUTF8Buffer { text in
            for c in text {
                let digit: UInt32
                switch c {
                case UInt8(ascii: "0") ... UInt8(ascii: "9"): digit = UInt32(c - UInt8(ascii: "0"))
                case UInt8(ascii: "A") ... UInt8(ascii: "F"): digit = UInt32(c - UInt8(ascii: "A") + 10)
                default: continue
                }
                value = value << 4 | digit
                digits += 1
                if digits == 4 {
                    table[k] = value
                    k += 1
                    value = 0
                    digits = 0
                }
            }
        }
        for (code, scalar) in GB18030Table.twoByteSupplementary {
            let b1 = Int(code >> 8), b2 = Int(code & 0xFF)
            table[(b1 - 0x81) * 190 + b2 - 0x40 - (b2 > 0x7F ? 1 : 0)] = scalar
        }
        return table
    }()

    /// Counts the codes of `bytes` and finds the first byte that starts none.
    ///
    /// - Complexity: O(n).
    static func survey(_ bytes: UnsafeRawBufferPointer) -> Survey {
        var survey = Survey()
        twoByteScalars.withUnsafeBufferPointer { table in
            var i = 0
            while i < bytes.count {
                if bytes[i] < 0x80 { i += 1; continue }
                guard let code = code(at: i, in: bytes, table: table) else {
                    survey.invalid += 1
                    if survey.firstInvalid == nil { survey.firstInvalid = i }
                    i += 1
                    continue
                }
                if code.length > 1 { survey.multibyte += 1 }
                if code.length == 2, bytes[i] >= 0xA1, bytes[i] <= 0xF7, bytes[i + 1] >= 0xA1 { survey.gb2312 += 1 }
                i += code.length
            }
        }
        return survey
    }

    /// `bytes` converted to UTF-8.
    ///
    /// - Throws: `InputError` naming `name` and the line of the first byte that
    ///   starts no GB18030 code.
    /// - Complexity: O(n); the output takes at most three times the input's bytes.
    static func decode(_ bytes: UnsafeRawBufferPointer, name: String) throws(InputError) -> (memory: ScratchBuffer, count: Int) {
        let memory = ScratchBuffer(byteCount: 3 * bytes.count + 4)
        let out = memory.base.assumingMemoryBound(to: UInt8.self)
        var count = 0
        var bad: Int?
        twoByteScalars.withUnsafeBufferPointer { table in
            var i = 0
            while i < bytes.count {
                let b = bytes[i]
                if b < 0x80 {
                    out[count] = b
                    count += 1
                    i += 1
                    continue
                }
                guard let code = code(at: i, in: bytes, table: table) else { bad = i; return }
                count += UTF8Writing.write(code.scalar, to: out + count)
                i += code.length
            }
        }
        if let bad {
            let byte = "0x" + String(bytes[bad], radix: 16, uppercase: true)
            throw InputError(file: name, line: TextEncoding.line(ofOffset: bad, in: bytes),
                             message: "byte \(byte) starts no GB18030 character")
        }
        return (memory, count)
    }
}
