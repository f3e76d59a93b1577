/// Splits RFC 4180 bytes into records and fields, the hot loop of every CSV load.
///
/// A quoted field may hold delimiters, line breaks and doubled quotes; a quote inside
/// an unquoted field is an ordinary byte. Records end at LF, CRLF or a lone CR; a
/// record that is one empty unquoted field (a blank line) is skipped; a delimiter at
/// the very end of the input ends the record with one more, empty, field. A NUL byte,
/// an unterminated quote and text after a closing quote are failures.
///
/// The scanner hands out the fields a caller asked for (`slots`) as spans: into the
/// input, or into the scanner's scratch for a quoted field that held doubled quotes.
/// Spans stay valid until the next record is read.
struct CSVScanner {
    /// Where a field's bytes are: `start ..< start + count` of the input, or of
    /// `scratch` when `start` is negative (its bitwise complement is the offset).
    struct Span {
        var start: Int
        var count: Int
        static let empty = Span(start: 0, count: 0)
    }

    /// A record that could not be read: what was wrong and on which line.
    struct Failure: Error, Equatable {
        var line: Int
        var message: String
    }

    let input: UnsafeRawBufferPointer
    let delimiter: UInt8
    /// The next byte to read.
    private(set) var position: Int
    /// The 1-based line at `position`.
    private(set) var line: Int
    /// The 1-based line where the record last read starts.
    var recordLine = 1
    /// Unescaped bytes of quoted fields that held doubled quotes.
    var scratch: [UInt8] = []
    /// `stops[b] != 0` for the bytes that end an unquoted field: the delimiter, CR, LF and NUL.
    let stops: [UInt8]
    /// Which of the 64 bytes from `blockStart` are stop bytes (bit i for byte
    /// `blockStart + i`): found once for the block, then each field's end is one
    /// shift and count, not a search of its own. It describes the input, not the
    /// scanner's place in it, so it never goes stale.
    private var blockStart = -64
    private var blockMask: UInt64 = 0
    /// The unquoted records' own view of the stops: the ones from `pendingStart`
    /// not consumed yet (bit i for byte `pendingStart + i`). Each stop a record
    /// ends a field at is cleared, so the next field's end is the lowest bit left.
    /// Only the unquoted records' loop keeps it; `pendingStart` is `invalidPending` when
    /// it does not describe the bytes from `position`.
    private var pendingStart = Self.invalidPending
    private var pendingStops: UInt64 = 0
    private static let invalidPending = Int.min / 2

    static let quote = UInt8(ascii: "\""), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")

    /// A scanner of `input` from byte `position`, which is on line `line`.
    init(_ input: UnsafeRawBufferPointer, delimiter: UInt8 = UInt8(ascii: ","), position: Int = 0, line: Int = 1) {
        self.input = input
        self.delimiter = delimiter
        self.position = position
        self.line = line
        var stops = [UInt8](repeating: 0, count: 256)
        for b in [delimiter, Self.cr, Self.lf, 0] { stops[Int(b)] = 1 }
        self.stops = stops
    }

    /// The lanes of `mask` that are set, as the low sixteen bits (lane 0 lowest):
    /// each half's lanes keep one bit each, and a multiplication adds a half's bytes
    /// into its top byte (no two share a bit, so nothing carries).
    @inline(__always)
    static func bits(of mask: SIMDMask<SIMD16<Int8>>) -> UInt32 {
        let lanes = unsafeBitCast(mask, to: SIMD16<UInt8>.self) & SIMD16<UInt8>(1, 2, 4, 8, 16, 32, 64, 128, 1, 2, 4, 8, 16, 32, 64, 128)
        let halves = unsafeBitCast(lanes, to: SIMD2<UInt64>.self)
        let spread: UInt64 = 0x0101_0101_0101_0101
        return UInt32(truncatingIfNeeded: (halves[0] &* spread) >> 56 | ((halves[1] &* spread) >> 56) << 8)
    }

    /// The stop bytes among the 64 at `offset` of `p` (bit i for byte `offset + i`).
    @inline(__always)
    static func stopMask(_ p: UnsafeRawPointer, at offset: Int, delimiter: SIMD16<UInt8>) -> UInt64 {
        let vCR = SIMD16<UInt8>(repeating: cr), vLF = SIMD16<UInt8>(repeating: lf)
        var mask: UInt64 = 0
        for i in 0 ..< 4 {
            let v = p.loadUnaligned(fromByteOffset: offset &+ 16 &* i, as: SIMD16<UInt8>.self)
            let hits = bits(of: (v .== delimiter) .| (v .== vCR) .| (v .== vLF) .| (v .== SIMD16<UInt8>()))
            mask |= UInt64(hits) << UInt64(16 &* i)
        }
        return mask
    }

    /// The first stop byte at or after `start` in `p`, or `p.count`.
    @inline(__always)
    private mutating func nextStop(_ p: UnsafeBufferPointer<UInt8>, _ stops: UnsafeBufferPointer<UInt8>, from start: Int,
                                   delimiter: SIMD16<UInt8>) -> Int {
        var base = start
        let n = p.count
        if base &- blockStart < 64 && base >= blockStart {
            let rest = blockMask >> UInt64(base &- blockStart)
            if rest != 0 { return base &+ rest.trailingZeroBitCount }
            base = blockStart &+ 64
        }
        while base &+ 64 <= n {
            let mask = Self.stopMask(UnsafeRawPointer(p.baseAddress!), at: base, delimiter: delimiter)
            blockStart = base
            blockMask = mask
            if mask != 0 { return base &+ mask.trailingZeroBitCount }
            base &+= 64
        }
        // Fewer than 64 bytes remain: a byte at a time.
        while base < n && stops[Int(p[base])] == 0 { base += 1 }
        return base
    }

    /// Goes back to byte `position`, on line `line`, to read a record again (with
    /// more slots, say): `position` must be where a record starts.
    mutating func rewind(to position: Int, line: Int) {
        self.position = position
        self.line = line
        pendingStart = Self.invalidPending
    }

    /// The byte offset just past a UTF-8 byte-order mark at the start, or 0.
    static func contentStart(_ input: UnsafeRawBufferPointer) -> Int {
        input.count >= 3 && input[0] == 0xEF && input[1] == 0xBB && input[2] == 0xBF ? 3 : 0
    }

    /// The bytes of `span` in the record last read.
    @inline(__always)
    func bytes(_ span: Span) -> UnsafeRawBufferPointer {
        // The scanner made the span inside the input: a slice's range checks, run for
        // every field of every record, would only repeat that.
        if span.start >= 0 { return UnsafeRawBufferPointer(start: input.baseAddress.map { $0 + span.start }, count: span.count) }
        return unescapedBytes(span)
    }

    /// The bytes of a field that held doubled quotes, kept in `scratch` without them.
    @inline(never)
    private func unescapedBytes(_ span: Span) -> UnsafeRawBufferPointer {
        scratch.withUnsafeBytes { UnsafeRawBufferPointer(rebasing: $0[~span.start ..< ~span.start + span.count]) }
    }

    /// Reads the next record that starts before `limit`, storing field `i` in
    /// `spans[slots[i]]` when `i < slots.count` and `slots[i] >= 0`; returns the
    /// record's field count, or `nil` when no record starts before `limit`.
    ///
    /// - Complexity: O(bytes of the record), no allocation unless a field holds
    ///   doubled quotes.
    @inline(__always)
    mutating func nextRecord(before limit: Int, slots: UnsafeBufferPointer<Int>,
                             into spans: UnsafeMutableBufferPointer<Span>) throws(Failure) -> Int? {
        try input.withMemoryRebound(to: UInt8.self) { (p) throws(Failure) -> Int? in
            try stops.withUnsafeBufferPointer { (stops) throws(Failure) -> Int? in
                try nextRecord(p, stops, limit: limit, slots: slots, spans: spans)
            }
        }
    }

    /// The stops among the 64 bytes from `start` of `p`, or among those left
    /// before its end (bit i for byte `start + i`).
    @inline(__always)
    private static func stopMask(_ p: UnsafeBufferPointer<UInt8>, _ stops: UnsafeBufferPointer<UInt8>, from start: Int,
                                 delimiter: SIMD16<UInt8>) -> UInt64 {
        if start &+ 64 <= p.count { return stopMask(UnsafeRawPointer(p.baseAddress.unsafelyUnwrapped), at: start, delimiter: delimiter) }
        var mask: UInt64 = 0
        for i in 0 ..< p.count &- start where stops[Int(p[start &+ i])] != 0 { mask |= 1 << UInt64(i) }
        return mask
    }

    @inline(__always)
    private mutating func nextRecord(_ p: UnsafeBufferPointer<UInt8>, _ stops: UnsafeBufferPointer<UInt8>, limit: Int,
                                     slots: UnsafeBufferPointer<Int>, spans: UnsafeMutableBufferPointer<Span>) throws(Failure) -> Int? {
        let n = p.count
        let quote = Self.quote, cr = Self.cr, lf = Self.lf, delimiter = self.delimiter
        let vDelimiter = SIMD16<UInt8>(repeating: delimiter)
        /// Stores field `field`'s span in its slot, when the caller asked for the field.
        @inline(__always) func store(_ span: Span, field: Int) {
            if field < slots.count, slots[field] >= 0 { spans[slots[field]] = span }
        }
        records: while true {
            if !scratch.isEmpty { scratch.removeAll(keepingCapacity: true) }
            guard position < limit else { return nil }
            recordLine = line
            // Nearly every record of an export has no quoted field: each field's end
            // is then the lowest stop left in `pendingStops`, and the byte there says
            // what follows. A record with a quoted field or a NUL byte goes to the
            // general loop below, which reads it again from its start.
            var fieldStart = position
            // In locals while the record is read: the spans' stores could otherwise
            // be taken to change them, and they would be read again after each one.
            var base = pendingStart, pending = pendingStops
            if UInt(bitPattern: fieldStart &- base) >= 64 {
                base = fieldStart
                pending = Self.stopMask(p, stops, from: base, delimiter: vDelimiter)
            }
            var fields = 0
            unquoted: while true {
                if p[fieldStart] == quote { break unquoted }
                // The field's end: the lowest stop left, past blocks without one.
                while pending == 0 && base &+ 64 < n {
                    base &+= 64
                    pending = Self.stopMask(p, stops, from: base, delimiter: vDelimiter)
                }
                let end = pending == 0 ? n : base &+ pending.trailingZeroBitCount
                pending &= pending &- 1
                store(Span(start: fieldStart, count: end &- fieldStart), field: fields)
                fields &+= 1
                guard end < n else {
                    position = n
                    pendingStart = Self.invalidPending
                    if fields == 1 && end == fieldStart { continue records }
                    return fields
                }
                let b = p[end]
                if b == delimiter {
                    fieldStart = end &+ 1
                    if fieldStart < n { continue }
                    // A delimiter ends the input: one more, empty, field.
                    store(Span(start: fieldStart, count: 0), field: fields)
                    position = fieldStart
                    pendingStart = Self.invalidPending
                    return fields &+ 1
                }
                if b == 0 { break unquoted }
                // A line end: CR, LF or CRLF.
                var after = end &+ 1
                if b == cr, after < n, p[after] == lf {
                    // The LF is the lowest stop left, or the first byte of the next
                    // block, which the next record then loads from past it.
                    if after &- base < 64 { pending &= pending &- 1 } else { base = Self.invalidPending }
                    after &+= 1
                }
                position = after
                line &+= 1
                pendingStart = base
                pendingStops = pending
                if fields == 1 && end == fieldStart { continue records }
                return fields
            }
            pendingStart = Self.invalidPending
            var field = 0
            var blank = true
            while true {
                var span: Span
                if p[position] == quote {
                    blank = false
                    let openedOn = line
                    position += 1
                    var start = position
                    var escaped = -1
                    while true {
                        guard position < n else {
                            throw Failure(line: openedOn, message: "unterminated quoted field (opened here, never closed)")
                        }
                        let b = p[position]
                        if b == quote {
                            if position + 1 < n, p[position + 1] == quote {
                                // A doubled quote: what came before and one quote go to scratch.
                                if escaped < 0 { escaped = scratch.count }
                                scratch.append(contentsOf: UnsafeBufferPointer(rebasing: p[start ..< position + 1]))
                                position += 2
                                start = position
                                continue
                            }
                            break
                        }
                        if b == 0 { throw Failure(line: line, message: "NUL byte in a field (is this a binary file?)") }
                        if b == lf { line += 1 }
                        position += 1
                    }
                    if escaped >= 0 {
                        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: p[start ..< position]))
                        span = Span(start: ~escaped, count: scratch.count - escaped)
                    } else {
                        span = Span(start: start, count: position - start)
                    }
                    position += 1
                    if position < n {
                        let b = p[position]
                        if b != delimiter && b != cr && b != lf {
                            throw Failure(line: line, message: "unexpected text after a closing quote")
                        }
                    }
                } else {
                    let start = position
                    position = nextStop(p, stops, from: position, delimiter: vDelimiter)
                    if position < n && p[position] == 0 {
                        throw Failure(line: line, message: "NUL byte in a field (is this a binary file?)")
                    }
                    span = Span(start: start, count: position - start)
                    if span.count > 0 { blank = false }
                }
                store(span, field: field)
                field += 1
                // After a field: a delimiter continues the record; a line end or the input end closes it.
                if position >= n { break }
                if p[position] == delimiter {
                    blank = false
                    position += 1
                    if position >= n {
                        store(Span(start: position, count: 0), field: field)
                        field += 1
                        break
                    }
                    continue
                }
                if p[position] == cr { position += 1 }
                if position < n, p[position] == lf { position += 1 }
                line += 1
                break
            }
            if !blank { return field }
        }
    }
}
