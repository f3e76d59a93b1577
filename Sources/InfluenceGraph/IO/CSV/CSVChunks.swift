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

    /// How many bytes of `p[range]` equal `value`, sixteen at a time.
    @inline(__always)
    static func countBytes(_ value: UInt8, in p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        countBytes(value, value, value, in: p, range).0
    }

    /// The quotes, line feeds and carriage returns in `p[range]`, in one pass.
    @inline(__always)
    static func countQuotesFeedsAndReturns(in p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (Int, Int, Int) {
        countBytes(CSVScanner.quote, CSVScanner.lf, CSVScanner.cr, in: p, range)
    }

    /// How many bytes of `p[range]` equal `a`, `b` and `c`, in one pass: sixteen
    /// bytes per step, each lane counting its matches in a byte for up to 255 steps
    /// before the lanes are added up.
    @inline(__always)
    static func countBytes(_ a: UInt8, _ b: UInt8, _ c: UInt8, in p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (Int, Int, Int) {
        guard let base = p.baseAddress, !range.isEmpty else { return (0, 0, 0) }
        let raw = UnsafeRawPointer(base)
        let va = SIMD16<UInt8>(repeating: a), vb = SIMD16<UInt8>(repeating: b), vc = SIMD16<UInt8>(repeating: c)
        var ca = 0, cb = 0, cc = 0
        var i = range.lowerBound
        while i &+ 16 <= range.upperBound {
            let steps = min(255, (range.upperBound &- i) / 16)
            var sa = SIMD16<UInt8>(), sb = SIMD16<UInt8>(), sc = SIMD16<UInt8>()
            for _ in 0 ..< steps {
                let v = raw.loadUnaligned(fromByteOffset: i, as: SIMD16<UInt8>.self)
                // A true lane is all ones: subtracting it adds one.
                sa &-= unsafeBitCast(v .== va, to: SIMD16<UInt8>.self)
                sb &-= unsafeBitCast(v .== vb, to: SIMD16<UInt8>.self)
                sc &-= unsafeBitCast(v .== vc, to: SIMD16<UInt8>.self)
                i &+= 16
            }
            for lane in 0 ..< 16 {
                ca &+= Int(sa[lane])
                cb &+= Int(sb[lane])
                cc &+= Int(sc[lane])
            }
        }
        while i < range.upperBound {
            let byte = p[i]
            ca &+= byte == a ? 1 : 0
            cb &+= byte == b ? 1 : 0
            cc &+= byte == c ? 1 : 0
            i &+= 1
        }
        return (ca, cb, cc)
    }
}
