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
/// is scanned again as one chunk. A large file is read a window at a time into one
/// buffer, cut after its last whole record, so it never needs memory of its size.
struct CSVDirectoryLoader {
    var options: LoadOptions
    /// The bytes of a chunk; small values force chunk boundaries into every kind of
    /// record (a test hook). Results do not depend on it.
    var chunkBytes = 4 << 20
    /// The bytes of a window a file is read in; small values force window
    /// boundaries into every kind of record (a test hook). Results do not depend on it.
    var windowBytes = 128 << 20
    /// The field delimiter.
    var delimiter = UInt8(ascii: ",")
    /// The columns the user mapped to fields; the rest are found by name or alias.
    var columns = CSVColumnMapping()
    /// Buffers one file's windows (or a window's rows) leave for the next to reuse.
    var pool: ScratchPool?
    /// The same for the rooms of a window's id lookups (`IDLookupBatch.Room`), kept
    /// apart: in `pool` they would go to rows that outlive the window.
    var lookupPool: ScratchPool?

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

    /// A CSV file to load: its UTF-8 bytes, or its path to read window by window.
    enum Input {
        case bytes(UnsafeRawBufferPointer)
        case file(String)
    }

    /// What a loader's window handler makes of a window of records.
    enum WindowOutcome {
        /// The records went in; the next window starts on this line.
        case next(line: Int)
        /// The file ends here (a malformed record, with `skipBadRows`).
        case stop
        /// The window's records did not line up to its end (a quote the count
        /// misread): nothing went in, and the file is read again whole.
        case misaligned
    }

    /// How a file's load ended.
    enum FileOutcome {
        /// The records went in; the header as bound, `nil` when a malformed header
        /// skipped the file.
        case loaded(CSVHeader?)
        /// Nothing went in: the file must be read whole and go in as `.bytes` — its
        /// windows did not line up, or it is not plain UTF-8 (a byte-order mark of
        /// UTF-16, or bytes that are not UTF-8, which encoding detection must see whole).
        case readWhole
    }

    /// Reads `input`'s header and hands its records to `window` a window at a time:
    /// `region` holds whole records from the header on or from where the last window
    /// stopped, its first record on `line`; `isLast` when it runs to the end of the
    /// file; `validUTF8` when the region was checked to be UTF-8 (a window of a
    /// file), so its ids need no check of their own. A file read in windows stays on
    /// this path only while every window is UTF-8 and lines up; otherwise `builder`
    /// is left as it was before the file and the file is reported `readWhole`.
    func forEachWindow(
        _ input: Input, name path: String, role: CSVRole, builder: inout GraphBuilder,
        _ window: (_ region: UnsafeRawBufferPointer, _ header: CSVHeader, _ line: Int, _ isLast: Bool, _ validUTF8: Bool,
                   _ builder: inout GraphBuilder) throws(InputError) -> WindowOutcome
    ) throws(InputError) -> FileOutcome {
        guard case .file(let file) = input else {
            guard case .bytes(let bytes) = input else { return .readWhole }
            guard let header = try header(bytes, name: path, role: role, report: &builder.report) else { return .loaded(nil) }
            _ = try window(UnsafeRawBufferPointer(rebasing: bytes[header.dataStart...]), header, header.dataLine, true, false, &builder)
            return .loaded(header)
        }
        options.progress?("parsing \(path)")
        let before = builder
        var bound: CSVHeader?
        var line = 1
        var readWhole = false, stopped = false
        let size = FileBytes.size(of: file)
        var done = 0
        try FileBytes.withWindows(of: file, windowBytes: windowBytes, threads: options.threads, pool: pool) { (bytes, isLast) throws(InputError) -> Int in
            if readWhole || stopped { return bytes.count }
            var start = 0
            if bound == nil {
                if TextEncoding.utf16(byItsStart: bytes) != nil {
                    readWhole = true
                    return bytes.count
                }
                if !isLast && CSVChunks.lastRecordEnd(bytes, from: 0, delimiter: delimiter, threads: options.threads) == nil { return 0 }
            }
            let end = isLast ? bytes.count : (CSVChunks.lastRecordEnd(bytes, from: start, delimiter: delimiter, threads: options.threads) ?? start)
            // Windows end after a line feed, so a valid one never ends inside a character.
            if UTF8Validation.firstInvalid(UnsafeRawBufferPointer(rebasing: bytes[..<end]), threads: options.threads) != nil {
                readWhole = true
                return bytes.count
            }
            if bound == nil {
                guard let header = try header(bytes, name: file, role: role, report: &builder.report) else {
                    stopped = true
                    return bytes.count
                }
                bound = header
                start = header.dataStart
                line = header.dataLine
            }
            if end <= start && !isLast { return start }
            switch try window(UnsafeRawBufferPointer(rebasing: bytes[start ..< max(start, end)]), bound!, line, isLast, true, &builder) {
            case .next(let next): line = next
            case .stop: stopped = true
            case .misaligned: readWhole = true
            }
            done += end
            if !isLast, size > 0 { options.progress?("parsing \(path) \(min(99, done * 100 / size))%") }
            return end
        }
        if readWhole {
            builder = before
            return .readWhole
        }
        return .loaded(bound)
    }

    /// The header of `input` bound to the columns a file's loader reads, or `nil`
    /// when a malformed header skips the file (see `CSVHeader.read`).
    func header(_ input: UnsafeRawBufferPointer, name path: String, role: CSVRole,
                report: inout ImportReport) throws(InputError) -> CSVHeader? {
        try CSVHeader.read(input, name: path, delimiter: delimiter, role: role, mapping: columns,
                           skipBadRows: options.skipBadRows, report: &report)
    }

    /// Scans `region`'s records, the first on `line`, in chunks and keeps the
    /// results that stand: every chunk up to the first one that stopped (on a
    /// malformed record or, without `skipBadRows`, a bad row). `complete` when no
    /// chunk stopped and the last ended at the end of `region`.
    func scan<State>(
        _ region: UnsafeRawBufferPointer, line: Int, header: CSVHeader, makeState: (CSVChunks, Int) -> State,
        record: (inout State, inout CSVScanner, UnsafeMutableBufferPointer<CSVScanner.Span>, Int) throws(RowError) -> Void,
        finish: (inout State) -> Void = { _ in }
    ) -> (chunks: CSVChunks, results: [CSVChunkResult<State>], complete: Bool) {
        var chunks = CSVChunks.split(region, from: 0, line: line, chunkBytes: chunkBytes, threads: options.threads)
        var results = CSVChunkScan.run(region, header: header, delimiter: delimiter, chunks: chunks, skipBadRows: options.skipBadRows,
                                       threads: options.threads, makeState: makeState, record: record, finish: finish)
        if chunks.count > 1 && !CSVChunkScan.boundariesHold(results, chunks) {
            chunks = CSVChunks.single(region, from: 0, line: line)
            results = CSVChunkScan.run(region, header: header, delimiter: delimiter, chunks: chunks, skipBadRows: options.skipBadRows,
                                       threads: options.threads, makeState: makeState, record: record, finish: finish)
        }
        var complete = results.last.map { $0.end == region.count } ?? true
        if let stop = results.firstIndex(where: { $0.failure != nil || $0.rowError != nil }) {
            results.removeSubrange((stop + 1)...)
            complete = false
        }
        return (chunks, results, complete)
    }

    /// How a window ends once its chunks are settled: the next window's line, or the
    /// end of the file after a malformed record.
    func outcome<State>(_ results: [CSVChunkResult<State>], line: Int) -> WindowOutcome {
        guard let last = results.last else { return .next(line: line) }
        return last.failure != nil ? .stop : .next(line: last.endLine)
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
