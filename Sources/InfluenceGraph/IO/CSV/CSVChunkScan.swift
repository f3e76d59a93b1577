/// A row-level problem; `fatal` ones stop the import even with `skipBadRows`.
struct RowError: Error {
    var message: String
    var fatal = false
    init(_ message: String, fatal: Bool = false) {
        self.message = message
        self.fatal = fatal
    }
}

/// What scanning one chunk produced: the loader's per-chunk state and the rows
/// that went wrong.
struct CSVChunkResult<State> {
    var state: State
    /// Records read, bad ones included: the record index of the next one.
    var records = 0
    /// The first bad rows (at most ten, in file order) and how many there were.
    var badRows: [(line: Int, message: String)] = []
    var badCount = 0
    /// The record index of every bad row, in order.
    var badRecords: [Int] = []
    /// The first row error when bad rows are not skipped; the scan stopped there.
    var rowError: (line: Int, message: String)?
    /// A record that is not well-formed CSV; the scan stopped there.
    var failure: CSVScanner.Failure?
    /// Where the scan ended: the byte past the last record, and its line.
    var end = 0
    var endLine = 0
}

/// Runs a loader's record handler over every chunk of a CSV file, in parallel, and
/// decides which chunk results stand.
enum CSVChunkScan {
    /// Scans each chunk with its own state from `makeState(chunks, chunk)`, called in chunk order, calling `record`
    /// per record with the fields of `header`'s columns (`spans[i]` for `header.names[i]`,
    /// empty when the record is too short: `fieldCount` tells), and `finish` at its end.
    ///
    /// - Complexity: O(bytes), chunks spread over `threads`.
    static func run<State>(
        _ input: UnsafeRawBufferPointer, header: CSVHeader, delimiter: UInt8, chunks: CSVChunks,
        skipBadRows: Bool, threads: Int, makeState: (CSVChunks, Int) -> State,
        record: (inout State, _ scanner: inout CSVScanner, _ spans: UnsafeMutableBufferPointer<CSVScanner.Span>, _ fieldCount: Int) throws(RowError) -> Void,
        finish: (inout State) -> Void = { _ in }
    ) -> [CSVChunkResult<State>] {
        let slots = header.slots
        var results = (0..<chunks.count).map { CSVChunkResult(state: makeState(chunks, $0)) }
        results.withUnsafeMutableBufferPointer { out in
            ParallelFor.run(chunks: chunks.count, threads: threads) { c in
                var result = out[c]
                var scanner = CSVScanner(input, delimiter: delimiter, position: chunks.starts[c], line: chunks.lines[c])
                var spans = [CSVScanner.Span](repeating: .empty, count: header.names.count)
                let limit = chunks.starts[c + 1]
                slots.withUnsafeBufferPointer { slots in
                    spans.withUnsafeMutableBufferPointer { spans in
                        while true {
                            let fieldCount: Int
                            do throws(CSVScanner.Failure) {
                                guard let count = try scanner.nextRecord(before: limit, slots: slots, into: spans) else { break }
                                fieldCount = count
                                // A short record leaves its missing fields' spans as the record
                                // before set them; columns with no field stay empty throughout.
                                if count < slots.count {
                                    for field in count ..< slots.count where slots[field] >= 0 { spans[slots[field]] = .empty }
                                }
                            } catch {
                                result.failure = error
                                return
                            }
                            do throws(RowError) {
                                try record(&result.state, &scanner, spans, fieldCount)
                            } catch {
                                let line = scanner.recordLine
                                if error.fatal || !skipBadRows {
                                    result.rowError = (line, error.message)
                                    if error.fatal { result.failure = CSVScanner.Failure(line: line, message: error.message) }
                                    result.records += 1
                                    return
                                }
                                result.badCount += 1
                                result.badRecords.append(result.records)
                                if result.badRows.count < 10 { result.badRows.append((line, error.message)) }
                            }
                            result.records += 1
                        }
                    }
                }
                finish(&result.state)
                result.end = scanner.position
                result.endLine = scanner.line
                out[c] = result
            }
        }
        return results
    }

    /// Whether every chunk after the first starts where the chunk before it ended:
    /// then every boundary is a true record boundary (the first chunk starts at
    /// one, and a chunk scanned from one ends at one). A chunk that stopped early
    /// (a failure or a row error) vouches for no boundary after it, and none is needed.
    static func boundariesHold<State>(_ results: [CSVChunkResult<State>], _ chunks: CSVChunks) -> Bool {
        for c in 0 ..< results.count - 1 {
            let r = results[c]
            if r.failure != nil || r.rowError != nil { return true }
            if r.end != chunks.starts[c + 1] || r.endLine != chunks.lines[c + 1] { return false }
        }
        return true
    }

    /// The record index of good row `row` of a chunk whose bad rows were `badRecords`
    /// (ascending record indices).
    static func record(ofRow row: Int, badRecords: [Int]) -> Int {
        records(ofRows: [row], badRecords: badRecords)[0]
    }

    /// The record index of each of the good rows `rows`, which ascend, in one walk
    /// over `badRecords`.
    ///
    /// - Complexity: O(rows + bad records).
    static func records(ofRows rows: [Int], badRecords: [Int]) -> [Int] {
        var bad = 0
        return rows.map { row in
            // Records before this row's: its row number plus the bad ones among them.
            while bad < badRecords.count && badRecords[bad] <= row + bad { bad += 1 }
            return row + bad
        }
    }

    /// The line of record `index` of the chunk starting at `start` on `line`, found by
    /// scanning it again (errors found after the scan know only a record's index).
    static func lines(ofRecords indices: [Int], in input: UnsafeRawBufferPointer, delimiter: UInt8,
                      from start: Int, line: Int) -> [Int] {
        var scanner = CSVScanner(input, delimiter: delimiter, position: start, line: line)
        var out: [Int] = []
        var record = 0
        let none: [Int] = []
        var spans: [CSVScanner.Span] = []
        for target in indices {
            while record <= target {
                let found = none.withUnsafeBufferPointer { slots in
                    spans.withUnsafeMutableBufferPointer { spans in
                        (try? scanner.nextRecord(before: input.count, slots: slots, into: spans)) != nil
                    }
                }
                if !found { break }
                record += 1
            }
            out.append(scanner.recordLine)
        }
        return out
    }
}
