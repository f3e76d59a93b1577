/// CSV contents cut into chunks that start at record boundaries, so that chunks can
/// be scanned in parallel: chunk `c` is bytes `starts[c] ..< starts[c + 1]` and its
/// first record starts on line `lines[c]`.
///
/// A quote toggles between inside and outside a quoted field (a doubled quote
/// toggles twice), so the parity of the quotes before a byte says whether it lies in
/// a quoted field, and a chunk can start after the first line feed outside one. That
/// holds for well-formed files; a stray quote in an unquoted field breaks it, which
/// the scan notices (`CSVChunkScan`) before falling back to one chunk. Lines are
/// counted by line feeds, which a lone carriage return would upset, so a file with
/// one is a single chunk.
struct CSVChunks {
    var starts: [Int]
    var lines: [Int]

    var count: Int { starts.count - 1 }

    /// One chunk from `start`, on line `line`, to the end.
    static func single(_ input: UnsafeRawBufferPointer, from start: Int, line: Int) -> CSVChunks {
        CSVChunks(starts: [start, input.count], lines: [line, line])
    }

    /// Cuts `input` from `start`, which is on line `line`, into chunks of about
    /// `chunkBytes` at record boundaries, or one chunk when the file holds a lone
    /// carriage return or is small.
    ///
    /// - Complexity: O(n) in two parallel passes.
    static func split(_ input: UnsafeRawBufferPointer, from start: Int, line: Int, chunkBytes: Int, threads: Int) -> CSVChunks {
        let n = input.count
        let parts = max(1, (n - start) / max(1, chunkBytes))
        guard parts > 1 else { return single(input, from: start, line: line) }
        let nominal = ParallelFor.evenBoundaries(count: n - start, parts: parts).map { $0 + start }
        // Pass 1: quotes, line feeds and lone carriage returns per nominal chunk.
        var quotes = [Int](repeating: 0, count: parts)
        var feeds = [Int](repeating: 0, count: parts)
        var loneCR = [Bool](repeating: false, count: parts)
        input.withMemoryRebound(to: UInt8.self) { p in
            quotes.withUnsafeMutableBufferPointer { quotes in
            feeds.withUnsafeMutableBufferPointer { feeds in
            loneCR.withUnsafeMutableBufferPointer { loneCR in
                let shared = UncheckedSendable((quotes, feeds, loneCR))
                ParallelFor.run(chunks: parts, threads: threads) { c in
                    let (quotes, feeds, loneCR) = shared.value
                    // Plain counts vectorize; carriage returns are looked at only when there are any.
                    var q = 0, f = 0, r = 0
                    for i in nominal[c] ..< nominal[c + 1] {
                        let b = p[i]
                        q &+= b == CSVScanner.quote ? 1 : 0
                        f &+= b == CSVScanner.lf ? 1 : 0
                        r &+= b == CSVScanner.cr ? 1 : 0
                    }
                    var lone = false
                    if r > 0 {
                        for i in nominal[c] ..< nominal[c + 1] where p[i] == CSVScanner.cr {
                            lone = lone || i + 1 >= n || p[i + 1] != CSVScanner.lf
                        }
                    }
                    quotes[c] = q
                    feeds[c] = f
                    loneCR[c] = lone
                }
            }}}
        }
        if loneCR.contains(true) { return single(input, from: start, line: line) }
        // Pass 2: each chunk after the first starts past the first line feed outside quotes.
        var boundaries = [Int](repeating: -1, count: parts)
        var boundaryLines = [Int](repeating: 0, count: parts)
        var quotesBefore = 0, feedsBefore = 0
        var before = [(quotes: Int, feeds: Int)](repeating: (0, 0), count: parts)
        for c in 0..<parts {
            before[c] = (quotesBefore, feedsBefore)
            quotesBefore += quotes[c]
            feedsBefore += feeds[c]
        }
        input.withMemoryRebound(to: UInt8.self) { p in
            boundaries.withUnsafeMutableBufferPointer { boundaries in
            boundaryLines.withUnsafeMutableBufferPointer { boundaryLines in
                let shared = UncheckedSendable((boundaries, boundaryLines))
                ParallelFor.run(chunks: parts - 1, threads: threads) { k in
                    let (boundaries, boundaryLines) = shared.value
                    let c = k + 1
                    var inside = before[c].quotes & 1 == 1
                    var feedsHere = 0
                    for i in nominal[c] ..< nominal[c + 1] {
                        let b = p[i]
                        if b == CSVScanner.quote { inside.toggle() }
                        else if b == CSVScanner.lf {
                            feedsHere += 1
                            if !inside {
                                boundaries[c] = i + 1
                                boundaryLines[c] = line + before[c].feeds + feedsHere
                                return
                            }
                        }
                    }
                }
            }}
        }
        var chunks = CSVChunks(starts: [start], lines: [line])
        for c in 1..<parts where boundaries[c] > chunks.starts[chunks.starts.count - 1] && boundaries[c] < n {
            chunks.starts.append(boundaries[c])
            chunks.lines.append(boundaryLines[c])
        }
        chunks.starts.append(n)
        chunks.lines.append(line + feedsBefore)
        return chunks
    }

    /// The byte past the last line feed outside quotes in `input` from `start` on:
    /// where its last whole record ends, by the quote count; `nil` when there is none.
    ///
    /// - Complexity: O(n) to count the quotes, then a walk back over the last record.
    static func lastRecordEnd(_ input: UnsafeRawBufferPointer, from start: Int, delimiter: UInt8) -> Int? {
        input.withMemoryRebound(to: UInt8.self) { p in
            var quotes = 0
            for i in start ..< p.count { quotes &+= p[i] == CSVScanner.quote ? 1 : 0 }
            var inside = quotes & 1 == 1
            var i = p.count
            while i > start {
                i -= 1
                let b = p[i]
                if b == CSVScanner.quote { inside.toggle() }
                else if b == CSVScanner.lf && !inside { return i + 1 }
            }
            return nil
        }
    }
}
