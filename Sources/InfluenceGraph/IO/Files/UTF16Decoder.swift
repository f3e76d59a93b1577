/// Converts UTF-16 bytes of either byte order to UTF-8.
enum UTF16Decoder {
    /// `bytes` (after a byte-order mark, if any) converted to UTF-8.
    ///
    /// - Throws: `InputError` naming `name` and the line of an unpaired surrogate,
    ///   or an odd number of bytes.
    /// - Complexity: O(n); the output takes at most 1.5 times the input's bytes.
    static func decode(_ bytes: UnsafeRawBufferPointer, bigEndian: Bool, name: String) throws(InputError) -> (memory: ScratchBuffer, count: Int) {
        let n = bytes.count
        var i = 0
        if n >= 2, (bigEndian ? (bytes[0], bytes[1]) == (0xFE, 0xFF) : (bytes[0], bytes[1]) == (0xFF, 0xFE)) { i = 2 }
        let memory = ScratchBuffer(byteCount: 3 * (n / 2) + 4)
        let out = memory.base.assumingMemoryBound(to: UInt8.self)
        var count = 0
        var line = 1
        @inline(__always) func unit(_ at: Int) -> UInt32 {
            bigEndian ? UInt32(bytes[at]) << 8 | UInt32(bytes[at + 1]) : UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at])
        }
        while i + 1 < n {
            let u = unit(i)
            i += 2
            if u < 0x80 {
                if u == 0x0A { line += 1 }
                out[count] = UInt8(u)
                count += 1
                continue
            }
            var scalar = u
            if u >= 0xD800 && u <= 0xDFFF {
                let low = i + 1 < n ? unit(i) : 0
                guard u <= 0xDBFF, low >= 0xDC00, low <= 0xDFFF else {
                    let hex = String(u, radix: 16, uppercase: true)
                    throw InputError(file: name, line: line, message: "invalid UTF-16: unpaired surrogate U+\(hex)")
                }
                i += 2
                scalar = 0x10000 + ((u - 0xD800) << 10) + (low - 0xDC00)
            }
            count += UTF8Writing.write(scalar, to: out + count)
        }
        if i < n {
            throw InputError(file: name, line: line, message: "invalid UTF-16: the file ends in the middle of a character (odd number of bytes)")
        }
        return (memory, count)
    }
}
