// Fuzz target for the CSV scanner (CSVScanner) and the CSV directory loader
// (CSVDirectoryLoader). The input holds up to three files separated by a 0x01
// byte: customers.csv, follows.csv, referrals.csv, loaded in that order as a
// directory would be, each split by the delimiter detected from its header. Each
// file's records must also survive a write/re-read round trip, and a load cut into
// chunks of a few bytes on two threads must build the same graph, with the same
// errors, as one chunk on one thread. Each file's bytes also go through encoding
// detection and conversion, which must agree with the standard library on what is
// UTF-8 and always produce UTF-8.

func fuzzCSV(_ raw: UnsafeRawBufferPointer) {
    let parts = Array(raw).split(separator: 0x01, maxSplits: 2, omittingEmptySubsequences: false).map { Array($0) }
    for part in parts { part.withUnsafeBytes { checkRoundTrip($0) } }
    for part in parts { part.withUnsafeBytes { checkEncoding($0) } }

    let skip = parts.count == 3 && raw.count % 2 == 1
    var serial = CSVDirectoryLoader(options: LoadOptions(skipBadRows: skip, threads: 1))
    serial.chunkBytes = Int.max
    var chunked = CSVDirectoryLoader(options: LoadOptions(skipBadRows: skip, threads: 2))
    chunked.chunkBytes = 1 + raw.count % 7
    let whole = load(parts, with: serial)
    let cut = load(parts, with: chunked)
    switch (whole, cut) {
    case (.failure(let a), .failure(let b)):
        require(a == b, "chunked load fails differently: \(a) vs \(b)")
        checkError(a, name: a.file)
        return
    case (.success(let a), .success(let b)):
        require(sameBytes(a, b), "chunked load builds another graph")
    default:
        require(false, "chunked and whole loads disagree: \(whole) vs \(cut)")
    }
    guard case .success(let graph) = whole else { return }
    checkGraph(graph, built: true)
    let report = graph.report
    require(report.customerRows + report.customersFromEdges == graph.customerCount,
            "report: \(report.customerRows) customer rows + \(report.customersFromEdges) from edges != \(graph.customerCount) customers")
    for bad in report.firstBadRows { checkError(InputError(file: bad.file, line: bad.line, message: bad.message), name: bad.file) }
}

/// The graph the three parts load into, or the first error.
func load(_ parts: [[UInt8]], with loader: CSVDirectoryLoader) -> Result<CustomerGraph, InputError> {
    let names = ["customers.csv", "follows.csv", "referrals.csv"]
    var builder = GraphBuilder()
    for (i, part) in parts.enumerated() {
        do throws(InputError) {
            try part.withUnsafeBytes { bytes in
                Result { () throws(InputError) in
                    // Each file split by the delimiter its header holds, as a load of files does.
                    var loader = loader
                    loader.delimiter = CSVDelimiter.detect(bytes).byte
                    switch i {
                    case 0: try loader.loadCustomers(bytes, name: names[i], into: &builder)
                    case 1: try loader.loadFollows(bytes, name: names[i], into: &builder)
                    default: try loader.loadReferrals(bytes, name: names[i], into: &builder)
                    }
                }
            }.get()
        } catch {
            return .failure(error)
        }
    }
    return .success(builder.build(threads: 1))
}

/// Reads every record of `raw`, writes them back quoted, and checks that the
/// reader returns the same records from the rewritten text.
func checkRoundTrip(_ raw: UnsafeRawBufferPointer) {
    guard let records = readAll(raw) else { return }
    var text: [UInt8] = []
    for record in records {
        for (i, field) in record.enumerated() {
            if i > 0 { text.append(UInt8(ascii: ",")) }
            text.append(UInt8(ascii: "\""))
            for b in field {
                if b == UInt8(ascii: "\"") { text.append(b) }
                text.append(b)
            }
            text.append(UInt8(ascii: "\""))
        }
        text.append(UInt8(ascii: "\n"))
    }
    let again = text.withUnsafeBytes { readAll($0) }
    require(again != nil, "rewritten CSV does not parse")
    require(again! == records, "CSV records change on a write/re-read round trip: \(records) -> \(again!)")
}

/// All records as byte arrays, or `nil` when the scanner reports a problem.
func readAll(_ raw: UnsafeRawBufferPointer) -> [[[UInt8]]]? {
    var scanner = CSVScanner(raw, position: CSVScanner.contentStart(raw))
    var records: [[[UInt8]]] = []
    var lastLine = 0
    var width = 8
    while true {
        let start = scanner.position, line = scanner.line
        var spans = [CSVScanner.Span](repeating: .empty, count: width)
        let slots = Array(0..<width)
        let count: Int?
        do throws(CSVScanner.Failure) {
            count = try slots.withUnsafeBufferPointer { (slots) throws(CSVScanner.Failure) -> Int? in
                try spans.withUnsafeMutableBufferPointer { (spans) throws(CSVScanner.Failure) -> Int? in
                    try scanner.nextRecord(before: raw.count, slots: slots, into: spans)
                }
            }
        } catch {
            require(!error.message.isEmpty && error.line >= 1, "CSV failure without a message or line")
            return nil
        }
        guard let count else { return records }
        if count > width {
            width = count
            scanner.rewind(to: start, line: line)
            continue
        }
        require(scanner.recordLine > lastLine, "record lines do not increase: \(scanner.recordLine) after \(lastLine)")
        lastLine = scanner.recordLine
        require(count >= 1, "a record with no fields")
        records.append((0..<count).map { Array(scanner.bytes(spans[$0])) })
    }
}

/// Encoding detection and conversion of `raw`: the UTF-8 check agrees with the
/// standard library's decoder, and whatever is converted comes out as UTF-8.
func checkEncoding(_ raw: UnsafeRawBufferPointer) {
    var parser = Unicode.UTF8.ForwardParser()
    var iterator = raw.makeIterator()
    var offset = 0
    var expected: Int?
    parsing: while true {
        switch parser.parseScalar(from: &iterator) {
        case .valid(let encoded): offset += encoded.count
        case .emptyInput: break parsing
        case .error: expected = offset; break parsing
        }
    }
    let found = UTF8Validation.firstInvalid(raw, threads: 1)
    require(found == expected, "UTF-8 check says \(String(describing: found)), the standard library \(String(describing: expected))")
    let encoding: TextEncoding
    do throws(TextEncoding.Refusal) {
        encoding = try TextEncoding.detect(raw, threads: 2)
    } catch {
        require(error.offset >= 0 && error.offset < raw.count && !error.message.isEmpty, "refusal without a place or a message")
        return
    }
    guard encoding.isConverted else { return }
    do throws(InputError) {
        try TextEncoding.withUTF8(raw, encoding: encoding, name: "f.csv") { text in
            require(UTF8Validation.firstInvalid(text, threads: 1) == nil, "\(encoding) converted to bytes that are not UTF-8")
        }
    } catch {
        require(encoding != .gb18030, "GB18030 detected but not decoded: \(error)")
        checkError(error, name: "f.csv")
    }
}
