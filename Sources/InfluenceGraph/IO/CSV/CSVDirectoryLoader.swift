/// Loads a directory holding any of `customers.csv`, `follows.csv` and
/// `referrals.csv` (see the README for the schemas). Columns are found by header
/// name in any order; unknown columns are ignored.
///
/// Each file is cut into chunks at record boundaries (`CSVChunks`) and the chunks
/// are scanned in parallel (`CSVChunkScan`); ids the customer table already holds
/// are resolved there, read-only. Ids new to the table are then added serially, in
/// order of first appearance, so customers are numbered exactly as a one-row-at-a-time
/// reader would number them, and errors name the same file and line at any thread
/// count. A file whose chunks do not line up (a stray quote fooling the quote count)
/// is scanned again as one chunk.
struct CSVDirectoryLoader {
    var options: LoadOptions
    /// The bytes of a chunk; small values force chunk boundaries into every kind of
    /// record (a test hook). Results do not depend on it.
    var chunkBytes = 4 << 20
    /// The field delimiter.
    var delimiter = UInt8(ascii: ",")
    /// The columns the user mapped to fields; the rest are found by name or alias.
    var columns = CSVColumnMapping()

    static let customerFile = "customers.csv"
    static let followFile = "follows.csv"
    static let referralFile = "referrals.csv"

    init(options: LoadOptions) {
        self.options = options
    }

    /// Reads the files that exist into a builder.
    ///
    /// - Throws: `InputError` naming the file and line of the first bad row (unless
    ///   `skipBadRows`), or when the directory holds none of the three files.
    func load(directory: String) throws(InputError) -> GraphBuilder {
        try load(CSVSources(directory: directory)).builder
    }

    /// Calls `body` with the whole contents of the file at `path`.
    func withFile(_ path: String, _ body: (UnsafeRawBufferPointer) throws(InputError) -> Void) throws(InputError) {
        options.progress?("parsing \(path)")
        try FileBytes.withContents(of: path, threads: options.threads, body)
    }

    /// The header of `input` bound to the columns a file's loader reads, or `nil`
    /// when a malformed header skips the file (see `CSVHeader.read`).
    func header(_ input: UnsafeRawBufferPointer, name path: String, role: CSVRole,
                report: inout ImportReport) throws(InputError) -> CSVHeader? {
        try CSVHeader.read(input, name: path, delimiter: delimiter, role: role, mapping: columns,
                           skipBadRows: options.skipBadRows, report: &report)
    }

    /// Scans the records after `header` in chunks and keeps the results that stand:
    /// every chunk up to the first one that stopped (on a malformed record or,
    /// without `skipBadRows`, a bad row).
    func scan<State>(
        _ input: UnsafeRawBufferPointer, header: CSVHeader, makeState: (Int) -> State,
        record: (inout State, inout CSVScanner, UnsafeMutableBufferPointer<CSVScanner.Span>, Int) throws(RowError) -> Void,
        finish: (inout State) -> Void = { _ in }
    ) -> (chunks: CSVChunks, results: [CSVChunkResult<State>]) {
        var chunks = CSVChunks.split(input, from: header.dataStart, line: header.dataLine, chunkBytes: chunkBytes, threads: options.threads)
        var results = CSVChunkScan.run(input, header: header, delimiter: delimiter, chunks: chunks, skipBadRows: options.skipBadRows,
                                       threads: options.threads, makeState: makeState, record: record, finish: finish)
        if chunks.count > 1 && !CSVChunkScan.boundariesHold(results, chunks) {
            chunks = CSVChunks.single(input, from: header.dataStart, line: header.dataLine)
            results = CSVChunkScan.run(input, header: header, delimiter: delimiter, chunks: chunks, skipBadRows: options.skipBadRows,
                                       threads: options.threads, makeState: makeState, record: record, finish: finish)
        }
        if let stop = results.firstIndex(where: { $0.failure != nil || $0.rowError != nil }) {
            results.removeSubrange((stop + 1)...)
        }
        return (chunks, results)
    }

    /// The line of record `record` of chunk `c`.
    func line(ofRecord record: Int, chunk c: Int, in input: UnsafeRawBufferPointer, chunks: CSVChunks) -> Int {
        CSVChunkScan.lines(ofRecords: [record], in: input, delimiter: delimiter, from: chunks.starts[c], line: chunks.lines[c])[0]
    }

    /// Settles one chunk's problems after its rows went in: records its bad rows
    /// (those found while scanning and `late` ones found afterwards, by record index,
    /// merged in file order), or throws the first problem when bad rows are not skipped.
    func settle<State>(_ result: CSVChunkResult<State>, chunk c: Int, late: [(record: Int, message: String)],
                       input: UnsafeRawBufferPointer, chunks: CSVChunks, name path: String,
                       report: inout ImportReport) throws(InputError) {
        var problems = result.badRows
        if !late.isEmpty {
            let lines = CSVChunkScan.lines(ofRecords: late.map(\.record), in: input, delimiter: delimiter,
                                           from: chunks.starts[c], line: chunks.lines[c])
            problems += zip(lines, late).map { ($0, $1.message) }
            problems.sort { $0.line < $1.line }
        }
        if !options.skipBadRows, let first = problems.first {
            throw InputError(file: path, line: first.line, message: first.message)
        }
        if let rowError = result.rowError {
            // Not skipping bad rows: the scan stopped at this row.
            throw InputError(file: path, line: rowError.line, message: rowError.message)
        }
        for (line, message) in problems { report.recordBadRow(InputError(file: path, line: line, message: message)) }
        report.badRowsSkipped += result.badCount + late.count - problems.count
        if let failure = result.failure {
            let problem = InputError(file: path, line: failure.line, message: failure.message)
            if !options.skipBadRows { throw problem }
            // A malformed record makes the rest of the file unreadable: it is recorded and the file ends there.
            report.recordBadRow(problem)
        }
    }
}
