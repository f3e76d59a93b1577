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
    /// The most records each chunk can hold: one more than the line ends in it, as
    /// every record but the last ends a line. Readers size their output by it.
    var recordBounds: [Int] = []

    var count: Int { starts.count - 1 }

    /// One chunk from `start`, on line `line`, to the end.
    ///
    /// - Complexity: O(n) to count the line ends.
    static func single(_ input: UnsafeRawBufferPointer, from start: Int, line: Int) -> CSVChunks {
        // Lone carriage returns end lines too where a file has them: every one counts.
        let (_, feeds, returns) = input.withMemoryRebound(to: UInt8.self) { countQuotesFeedsAndReturns(in: $0, start ..< $0.count) }
        return CSVChunks(starts: [start, input.count], lines: [line, line], recordBounds: [feeds + returns + 1])
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
                ParallelFor.run(chunks: parts, threads: threads) { c in
                    let range = nominal[c] ..< nominal[c + 1]
                    let (q, f, r) = countQuotesFeedsAndReturns(in: p, range)
                    // Carriage returns are looked at only when there are any.
                    var lone = false
                    if r > 0 {
                        for i in range where p[i] == CSVScanner.cr {
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
                ParallelFor.run(chunks: parts - 1, threads: threads) { k in
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
        // No lone carriage returns here: line feeds alone end lines.
        chunks.recordBounds = (0 ..< chunks.count).map { chunks.lines[$0 + 1] - chunks.lines[$0] + 1 }
        return chunks
    }

    /// The byte past the last line feed outside quotes in `input` from `start` on:
    /// where its last whole record ends, by the quote count; `nil` when there is none.
    ///
    /// - Complexity: O(n) to count the quotes, in parallel, then a walk back over the
    ///   last record.
    static func lastRecordEnd(_ input: UnsafeRawBufferPointer, from start: Int, delimiter: UInt8, threads: Int) -> Int? {
        input.withMemoryRebound(to: UInt8.self) { p in
            let n = p.count
            let parts = max(1, (n - start) >> 22)
            let bounds = ParallelFor.evenBoundaries(count: n - start, parts: parts)
            let counts = ParallelFor.map(chunks: parts, threads: threads) { c in
                countBytes(CSVScanner.quote, in: p, (start + bounds[c]) ..< (start + bounds[c + 1]))
            }
            var inside = counts.reduce(0, &+) & 1 == 1
            var i = n
            while i > start {
                i -= 1
                let b = p[i]
                if b == CSVScanner.quote { inside.toggle() }
                else if b == CSVScanner.lf && !inside { return i + 1 }
            }
            return nil
        }
    }

    /// How many bytes of `p[range]` equal `value`, eight at a time.
    @inline(__always)
    static func countBytes(_ value: UInt8, in p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        guard let base = p.baseAddress, !range.isEmpty else { return 0 }
        let raw = UnsafeRawPointer(base)
        let pattern = broadcast(value)
        var count = 0
        var i = range.lowerBound
        while i &+ 8 <= range.upperBound {
            count &+= zeroBytes(raw.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ pattern)
            i &+= 8
        }
        while i < range.upperBound {
            count &+= p[i] == value ? 1 : 0
            i &+= 1
        }
        return count
    }

    /// The quotes, line feeds and carriage returns in `p[range]`, in one pass.
    @inline(__always)
    static func countQuotesFeedsAndReturns(in p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (Int, Int, Int) {
        guard let base = p.baseAddress, !range.isEmpty else { return (0, 0, 0) }
        let raw = UnsafeRawPointer(base)
        let quote = broadcast(CSVScanner.quote), lf = broadcast(CSVScanner.lf), cr = broadcast(CSVScanner.cr)
        var q = 0, f = 0, r = 0
        var i = range.lowerBound
        while i &+ 8 <= range.upperBound {
            let word = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            q &+= zeroBytes(word ^ quote)
            f &+= zeroBytes(word ^ lf)
            r &+= zeroBytes(word ^ cr)
            i &+= 8
        }
        while i < range.upperBound {
            let b = p[i]
            q &+= b == CSVScanner.quote ? 1 : 0
            f &+= b == CSVScanner.lf ? 1 : 0
            r &+= b == CSVScanner.cr ? 1 : 0
            i &+= 1
        }
        return (q, f, r)
    }

    /// `value` in every byte of a word.
    @inline(__always)
    static func broadcast(_ value: UInt8) -> UInt64 { UInt64(value) &* 0x0101_0101_0101_0101 }

    /// The zero bytes of `x`: adding 0x7F to a byte's low seven bits sets its high bit
    /// unless they are all zero, without carrying into the next byte.
    @inline(__always)
    static func zeroBytes(_ x: UInt64) -> Int {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        return (~(((x & low7) &+ low7) | x | low7)).nonzeroBitCount
    }
}
