/// An RFC 4180 CSV record reader over bytes (comma-separated unless told another
/// delimiter): quoted fields may hold delimiters,
/// newlines and doubled quotes; lines end in LF or CRLF; a UTF-8 byte-order mark
/// is skipped; blank lines are skipped.
///
/// Fields are views into the input (or into a scratch buffer for quoted fields
/// that contained doubled quotes), valid until the next call to `nextRecord()`.
struct ReferenceCSVReader {
    /// Why a record could not be read, and the line it was on.
    struct Failure: Error {
        var line: Int
        var message: String
    }

    struct Field {
        var start: Int
        var count: Int
        var inScratch: Bool
    }

    let bytes: UnsafeRawBufferPointer
    private(set) var position: Int
    /// The 1-based line at `position`.
    private(set) var line = 1
    /// The 1-based line where the current record starts.
    private(set) var recordLine = 1
    private(set) var fields: [Field] = []
    private var scratch: [UInt8] = []

    /// The field delimiter.
    let delimiter: UInt8

    init(_ bytes: UnsafeRawBufferPointer, delimiter: UInt8 = UInt8(ascii: ",")) {
        self.bytes = bytes
        self.delimiter = delimiter
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        position = bytes.count >= 3 && bytes[0] == bom[0] && bytes[1] == bom[1] && bytes[2] == bom[2] ? 3 : 0
    }

    /// The number of fields in the current record.
    var fieldCount: Int { fields.count }

    /// The bytes of field `i` of the current record.
    func field(_ i: Int) -> UnsafeRawBufferPointer {
        let f = fields[i]
        if f.inScratch {
            return scratch.withUnsafeBytes { UnsafeRawBufferPointer(rebasing: $0[f.start ..< f.start + f.count]) }
        }
        return UnsafeRawBufferPointer(rebasing: bytes[f.start ..< f.start + f.count])
    }

    /// Reads the next non-blank record; returns `false` at the end of the input.
    mutating func nextRecord() throws(Failure) -> Bool {
        let quote = UInt8(ascii: "\""), separator = delimiter, cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        let n = bytes.count
        while true {
            fields.removeAll(keepingCapacity: true)
            scratch.removeAll(keepingCapacity: true)
            guard position < n else { return false }
            recordLine = line
            var recordDone = false
            while !recordDone {
                if position < n, bytes[position] == quote {
                    let fieldLine = line
                    position += 1
                    var start = position
                    var usesScratch = false
                    var scratchStart = 0
                    while true {
                        guard position < n else { throw Failure(line: fieldLine, message: "unterminated quoted field (opened here, never closed)") }
                        let b = bytes[position]
                        if b == quote {
                            if position + 1 < n, bytes[position + 1] == quote {
                                // A doubled quote: copy what we have, then one quote, into scratch.
                                if !usesScratch { usesScratch = true; scratchStart = scratch.count }
                                scratch.append(contentsOf: bytes[start ..< position + 1])
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
                    if usesScratch {
                        scratch.append(contentsOf: bytes[start ..< position])
                        fields.append(Field(start: scratchStart, count: scratch.count - scratchStart, inScratch: true))
                    } else {
                        fields.append(Field(start: start, count: position - start, inScratch: false))
                    }
                    position += 1
                    if position < n {
                        let b = bytes[position]
                        if b != separator && b != cr && b != lf {
                            throw Failure(line: line, message: "unexpected text after a closing quote")
                        }
                    }
                } else {
                    let start = position
                    while position < n {
                        let b = bytes[position]
                        if b == separator || b == lf || b == cr { break }
                        if b == 0 { throw Failure(line: line, message: "NUL byte in a field (is this a binary file?)") }
                        position += 1
                    }
                    fields.append(Field(start: start, count: position - start, inScratch: false))
                }
                // After a field: a comma continues the record; a line end or the input end closes it.
                if position >= n {
                    recordDone = true
                } else if bytes[position] == separator {
                    position += 1
                    if position >= n { fields.append(Field(start: position, count: 0, inScratch: false)); recordDone = true }
                } else {
                    if bytes[position] == cr { position += 1 }
                    if position < n, bytes[position] == lf { position += 1 }
                    line += 1
                    recordDone = true
                }
            }
            let blank = fields.count == 1 && fields[0].count == 0 && !fields[0].inScratch
                && (fields[0].start >= n || bytes[fields[0].start] != quote)
            if !blank { return true }
        }
    }
}
