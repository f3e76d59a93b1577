#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A growable byte buffer that CSV rows are formatted into, field by field, with no
/// `String` per row or per value.
///
/// Callers `reserve` the most bytes a row can take, then append without further
/// checks. The memory is owned by whoever made the sink and is freed by `release()`;
/// the value itself is a plain pointer, length and capacity, so a worker formats
/// into a local copy without exclusivity checks.
struct CSVByteSink {
    private(set) var base: UnsafeMutablePointer<UInt8>
    private(set) var capacity: Int
    /// Bytes written so far.
    var count = 0

    init(capacity: Int = 1 << 16) {
        self.capacity = max(64, capacity)
        base = .allocate(capacity: self.capacity)
    }

    /// Frees the memory; the sink must not be used afterwards.
    func release() { base.deallocate() }

    /// The bytes written.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: count) }

    /// Makes room for `n` more bytes.
    @inline(__always)
    mutating func reserve(_ n: Int) {
        if count + n > capacity { grow(to: count + n) }
    }

    mutating func grow(to needed: Int) {
        var size = capacity * 2
        while size < needed { size *= 2 }
        let fresh = UnsafeMutablePointer<UInt8>.allocate(capacity: size)
        fresh.update(from: base, count: count)
        base.deallocate()
        base = fresh
        capacity = size
    }

    // MARK: - Appending (room reserved by the caller)

    @inline(__always)
    mutating func append(_ byte: UInt8) {
        base[count] = byte
        count &+= 1
    }

    @inline(__always)
    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        if let source = bytes.baseAddress, bytes.count > 0 {
            UnsafeMutableRawPointer(base + count).copyMemory(from: source, byteCount: bytes.count)
        }
        count &+= bytes.count
    }

    /// `value` in decimal (at most 20 bytes).
    @inline(__always)
    mutating func appendDecimal(_ value: UInt64) {
        count &+= DecimalDigits.write(value, to: base + count)
    }

    /// `value` in decimal with a sign when negative (at most 20 bytes).
    @inline(__always)
    mutating func appendDecimal(_ value: Int64) {
        if value < 0 { append(UInt8(ascii: "-")) }
        appendDecimal(value.magnitude)
    }

    /// The shortest decimal that reads back as `value` (at most `ShortestDecimal.maximumLength` bytes).
    @inline(__always)
    mutating func appendDouble(_ value: Double) {
        count &+= ShortestDecimal.write(value, to: base + count)
    }

    /// Appends `count` bytes from `source` a word at a time, which beats a `memcpy`
    /// call for the short fields rows are made of. Reads and writes up to 7 bytes past
    /// the end: `source` must be readable there (`CSVFieldTable` pads its bytes) and
    /// `count + 8` bytes must be reserved.
    @inline(__always)
    mutating func appendWords(_ source: UnsafeRawPointer, count n: Int) {
        let at = UnsafeMutableRawPointer(base + count)
        var i = 0
        while i < n {
            at.storeBytes(of: source.loadUnaligned(fromByteOffset: i, as: UInt64.self), toByteOffset: i, as: UInt64.self)
            i &+= 8
        }
        count &+= n
    }

    /// Appends a prefix of at most 24 bytes held in registers (three unaligned word
    /// stores): the `src,` that starts every row of one source's edges.
    @inline(__always)
    mutating func append(_ prefix: CSVRowPrefix) {
        let at = UnsafeMutableRawPointer(base + count)
        at.storeBytes(of: prefix.words.0, toByteOffset: 0, as: UInt64.self)
        at.storeBytes(of: prefix.words.1, toByteOffset: 8, as: UInt64.self)
        at.storeBytes(of: prefix.words.2, toByteOffset: 16, as: UInt64.self)
        count &+= prefix.length
    }

    /// Bytes `appendField` may take for a field of `length` bytes: every byte a
    /// doubled quote, plus the two enclosing quotes.
    @inline(__always)
    static func fieldBound(_ length: Int) -> Int { 2 * length + 2 }

    /// Appends a text field as RFC 4180 requires: enclosed in double quotes, with inner
    /// quotes doubled, when it holds a comma, a quote, CR or LF; also when it starts or
    /// ends with a space or tab, which some readers trim from bare fields. Otherwise
    /// the bytes as they are. An empty field stays empty (read as null).
    @inline(__always)
    mutating func appendField(_ field: UnsafeRawBufferPointer) {
        if Self.needsQuotes(field) { appendQuoted(field) } else { append(field) }
    }

    /// Whether `appendField` encloses `field` in quotes.
    static func needsQuotes(_ field: UnsafeRawBufferPointer) -> Bool {
        guard let first = field.first, let last = field.last else { return false }
        if first == 0x20 || first == 0x09 || last == 0x20 || last == 0x09 { return true }
        for byte in field where byte == 0x2C || byte == 0x22 || byte == 0x0A || byte == 0x0D { return true }
        return false
    }

    mutating func appendQuoted(_ field: UnsafeRawBufferPointer) {
        append(0x22)
        for byte in field {
            if byte == 0x22 { append(0x22) }
            append(byte)
        }
        append(0x22)
    }

    /// Bytes `appendTimestamp` may take.
    static let timestampBound = Timestamp.maximumLength

    /// Unix seconds as UTC ISO 8601, `YYYY-MM-DDThh:mm:ssZ` (`Timestamp.write(_:to:)`).
    @inline(__always)
    mutating func appendTimestamp(_ seconds: Int64) {
        count &+= Timestamp.write(seconds, to: base + count)
    }

    /// Appends UTF-8 text (headers and other once-per-file text).
    mutating func append(text: String) {
        var text = text
        text.withUTF8 { utf8 in
            reserve(utf8.count)
            append(UnsafeRawBufferPointer(utf8))
        }
    }
}

/// Up to 24 bytes that start many rows, kept as three words so copying them costs
/// three stores (room for 24 bytes must be reserved even when `length` is less).
struct CSVRowPrefix {
    var words: (UInt64, UInt64, UInt64) = (0, 0, 0)
    var length = 0

    /// `value` in decimal followed by a comma.
    init(decimal value: UInt64) {
        withUnsafeMutableBytes(of: &words) { raw in
            let p = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            length = DecimalDigits.write(value, to: p)
            p[length] = 0x2C
            length += 1
        }
    }
}
