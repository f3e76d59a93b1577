/// The values a CSV field can hold, parsed from its bytes with the row errors the
/// loaders report (the message names the column and quotes the text).
enum CSVValues {
    /// A required id: present in the record, non-empty.
    @inline(__always)
    static func id(_ bytes: UnsafeRawBufferPointer, column: Int, fieldCount: Int, name: StaticString) throws(RowError) -> UnsafeRawBufferPointer {
        guard column < fieldCount else {
            throw RowError("missing field '\(name)' (the row has \(fieldCount) field\(fieldCount == 1 ? "" : "s"))")
        }
        guard bytes.count > 0 else { throw RowError("empty \(name) id") }
        return bytes
    }

    /// An optional decimal number: `nil` for an empty field.
    @inline(__always)
    static func number(_ raw: UnsafeRawBufferPointer, name: StaticString, allowNegative: Bool) throws(RowError) -> Double? {
        let bytes = raw.trimmingASCIIWhitespace()
        guard bytes.count > 0 else { return nil }
        guard let value = NumberParsing.double(bytes.baseAddress!.assumingMemoryBound(to: UInt8.self), bytes.count) else {
            throw RowError("\(name) is not a number (\(InputError.quote(bytes)))")
        }
        guard value.isFinite else { throw RowError("\(name) is out of range (\(InputError.quote(bytes)))") }
        if !allowNegative, value < 0 { throw RowError("\(name) must not be negative (\(InputError.quote(bytes)))") }
        return value == 0 ? 0 : value  // folds -0 into 0
    }

    /// An optional non-negative integer count: `nil` for an empty field.
    @inline(__always)
    static func count(_ raw: UnsafeRawBufferPointer, name: StaticString) throws(RowError) -> Int64? {
        let bytes = raw.trimmingASCIIWhitespace()
        guard bytes.count > 0 else { return nil }
        guard let value = Int64(decimal: bytes), value >= 0 else {
            throw RowError("\(name) is not a whole number of at least 0 (\(InputError.quote(bytes)))")
        }
        return value
    }

    /// An optional time (ISO 8601 or unix seconds) in `Timestamp.range` as unix seconds:
    /// `nil` for an empty field.
    @inline(__always)
    static func time(_ raw: UnsafeRawBufferPointer, name: StaticString) throws(RowError) -> Int64? {
        let bytes = raw.trimmingASCIIWhitespace()
        guard bytes.count > 0 else { return nil }
        guard let value = Timestamp.parse(bytes) else {
            throw RowError("\(name) is not an ISO 8601 date/time or unix seconds (\(InputError.quote(bytes)))")
        }
        guard Timestamp.range.contains(value) else {
            throw RowError("\(name) out of range (\(InputError.quote(bytes))): times must lie from \(Timestamp.rangeText)")
        }
        return value
    }

    /// Rejects an id that is not valid UTF-8 (ids the table knows are valid already).
    @inline(__always)
    static func requireUTF8(_ bytes: UnsafeRawBufferPointer) throws(RowError) {
        guard bytes.isValidUTF8 else { throw RowError("id is not valid UTF-8 (\(InputError.quote(bytes)))") }
    }
}

extension UnsafeRawBufferPointer {
    func trimmingASCIIWhitespace() -> UnsafeRawBufferPointer {
        var lo = 0, hi = count
        while lo < hi, self[lo] == 0x20 || self[lo] == 0x09 { lo += 1 }
        while hi > lo, self[hi - 1] == 0x20 || self[hi - 1] == 0x09 { hi -= 1 }
        return UnsafeRawBufferPointer(rebasing: self[lo ..< hi])
    }

    var isValidUTF8: Bool {
        // ASCII, the usual case, needs no decoder: eight bytes at a time, then the rest.
        var i = 0
        if let base = baseAddress {
            while i + 8 <= count, base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i += 8 }
        }
        while i < count, self[i] < 0x80 { i += 1 }
        if i == count { return true }
        var iterator = UnsafeRawBufferPointer(rebasing: self[i...]).makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue: continue
            case .emptyInput: return true
            case .error: return false
            }
        }
    }
}

extension String {
    func trimmingASCIIWhitespace() -> String {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return String(s)
    }
}

func joinPath(_ directory: String, _ name: String) -> String {
    directory.hasSuffix("/") ? directory + name : directory + "/" + name
}
