// Fuzz target for the CSV reader (CSVReader) and the CSV directory loader
// (CSVDirectoryLoader). The input holds up to three files separated by a 0x01
// byte: customers.csv, follows.csv, referrals.csv, loaded in that order as a
// directory would be. Each file's records must also survive a write/re-read round trip.

func fuzzCSV(_ raw: UnsafeRawBufferPointer) {
    let parts = Array(raw).split(separator: 0x01, maxSplits: 2, omittingEmptySubsequences: false).map { Array($0) }
    for part in parts { part.withUnsafeBytes { checkRoundTrip($0) } }

    let names = ["customers.csv", "follows.csv", "referrals.csv"]
    let loader = CSVDirectoryLoader(options: LoadOptions(skipBadRows: parts.count == 3 && raw.count % 2 == 1, threads: 1))
    var builder = GraphBuilder()
    for (i, part) in parts.enumerated() {
        do throws(InputError) {
            try part.withUnsafeBytes { bytes in
                Result { () throws(InputError) in
                    switch i {
                    case 0: try loader.loadCustomers(bytes, name: names[i], into: &builder)
                    case 1: try loader.loadFollows(bytes, name: names[i], into: &builder)
                    default: try loader.loadReferrals(bytes, name: names[i], into: &builder)
                    }
                }
            }.get()
        } catch {
            checkError(error, name: names[i])
            return
        }
    }
    let graph = builder.build(threads: 1)
    checkGraph(graph, built: true)
    let report = graph.report
    require(report.customerRows + report.customersFromEdges == graph.customerCount,
            "report: \(report.customerRows) customer rows + \(report.customersFromEdges) from edges != \(graph.customerCount) customers")
    for bad in report.firstBadRows { checkError(InputError(file: bad.file, line: bad.line, message: bad.message), name: bad.file) }
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

/// All records as byte arrays, or `nil` when the reader reports a problem.
func readAll(_ raw: UnsafeRawBufferPointer) -> [[[UInt8]]]? {
    var reader = CSVReader(raw)
    var records: [[[UInt8]]] = []
    var lastLine = 0
    do {
        while try reader.nextRecord() {
            require(reader.recordLine > lastLine, "record lines do not increase: \(reader.recordLine) after \(lastLine)")
            lastLine = reader.recordLine
            require(reader.fieldCount >= 1, "a record with no fields")
            records.append((0..<reader.fieldCount).map { Array(reader.field($0)) })
        }
    } catch {
        require(!error.message.isEmpty && error.line >= 1, "CSV failure without a message or line")
        return nil
    }
    return records
}
