/// Reads a SNAP-style edge list: `#` (or `%`) comment lines, then one edge per
/// line as `source<spaces or tabs>target[<spaces or tabs>weight]`, LF or CRLF;
/// further columns are ignored. A line `u v` reads as "u follows v".
///
/// A first data line of exactly two integers followed by lines of three or more
/// columns is the `nodes edges` header of the influence-maximization format
/// (NetHEPT and others): it is skipped and reported in `ImportReport.headerLine`.
///
/// The file is cut into chunks at line ends and parsed in parallel. When every id
/// is a canonical decimal integer (the SNAP norm) ids are mapped to dense indices
/// through a direct table or an integer hash table; otherwise the file is re-read
/// serially with ids interned as byte strings.
struct EdgeListReader {
    var path: String
    var options: LoadOptions

    /// One chunk's parse: how many rows it stored, weights when any line had one,
    /// and problems by chunk-local line.
    struct Chunk {
        var rows = 0
        var maxID: UInt64 = 0
        var weights: [Double]?
        var lines = 0
        var badLines: [(line: Int, message: String)] = []
        var badCount = 0
        /// A token that is not a canonical decimal id was seen: use the string path.
        var needsStringIDs = false
        /// An id of 2^32 or more was seen: parse again with 64-bit ids.
        var needsWideIDs = false
    }

    /// Raw ids parsed straight into scratch memory: chunk `c` holds `chunks[c].rows`
    /// rows at `sources + starts[c]` and `targets + starts[c]`.
    struct ParsedIDs<ID: FixedWidthInteger & UnsignedInteger> {
        var memory: ScratchBuffer
        var sources: UnsafeMutablePointer<ID>
        var targets: UnsafeMutablePointer<ID>
        var starts: [Int]
        var chunks: [Chunk]

        var rowCount: Int { chunks.reduce(0) { $0 + $1.rows } }
        func sourceRows(_ c: Int) -> UnsafeMutableBufferPointer<ID> { UnsafeMutableBufferPointer(start: sources + starts[c], count: chunks[c].rows) }
        func targetRows(_ c: Int) -> UnsafeMutableBufferPointer<ID> { UnsafeMutableBufferPointer(start: targets + starts[c], count: chunks[c].rows) }
    }

    func load(_ raw: UnsafeRawBufferPointer) throws(InputError) -> GraphBuilder {
        guard !raw.isEmpty else {
            throw InputError(file: path, message: "empty file: expected one edge per line as 'source target [weight]'")
        }
        options.progress?("parsing \(path)")
        let header = Self.header(raw)
        let start = header?.end ?? 0, skippedLines = header?.lines ?? 0
        var builder = try load(raw, from: start, skippedLines: skippedLines)
        builder.report.headerLine = header?.lines
        return builder
    }

    /// Parses from byte `start`, after `skippedLines` lines.
    func load(_ raw: UnsafeRawBufferPointer, from start: Int, skippedLines: Int) throws(InputError) -> GraphBuilder {
        let bounds = chunkBounds(raw, from: start)
        let narrow = parseChunks(raw, bounds, as: UInt32.self)
        if narrow.chunks.contains(where: { $0.needsStringIDs }) { return try loadWithStringIDs(raw, from: start, skippedLines: skippedLines) }
        var builder = GraphBuilder()
        if narrow.chunks.contains(where: { $0.needsWideIDs }) {
            let wide = parseChunks(raw, bounds, as: UInt64.self)
            if wide.chunks.contains(where: { $0.needsStringIDs }) { return try loadWithStringIDs(raw, from: start, skippedLines: skippedLines) }
            try reportBadLines(wide.chunks, after: skippedLines, into: &builder)
            options.progress?("mapping ids")
            try mapSparseIDs(wide, into: &builder)
        } else {
            try reportBadLines(narrow.chunks, after: skippedLines, into: &builder)
            options.progress?("mapping ids")
            try mapIDs(narrow, into: &builder)
        }
        return builder
    }

    /// The end (byte offset past it) and 1-based line number of a `nodes edges`
    /// header: the first data line has exactly two unsigned integers and the next
    /// data line has three or more columns. Looks at the first few lines only.
    static func header(_ raw: UnsafeRawBufferPointer) -> (end: Int, lines: Int)? {
        var i = 0, line = 0
        var first: (end: Int, line: Int)?
        while i < raw.count, line < 1_000 {
            let lineStart = i
            while i < raw.count, raw[i] != 0x0A { i += 1 }
            var lineEnd = i
            if i < raw.count { i += 1 }
            line += 1
            // Lines are read as the parsers read them: a CR ends a line only before LF.
            if lineEnd > lineStart && raw[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            let tokens = raw[lineStart ..< lineEnd].split(whereSeparator: { $0 == 0x20 || $0 == 0x09 })
            guard let head = tokens.first, head.first != UInt8(ascii: "#"), head.first != UInt8(ascii: "%") else { continue }
            guard let found = first else {
                guard tokens.count == 2, tokens.allSatisfy({ $0.allSatisfy { $0 &- 48 < 10 } && $0.count <= 19 }) else { return nil }
                first = (i, line)
                continue
            }
            return tokens.count >= 3 ? (found.end, found.line) : nil
        }
        return nil
    }

    /// Reports bad rows in file order, with global line numbers.
    func reportBadLines(_ chunks: [Chunk], after skippedLines: Int, into builder: inout GraphBuilder) throws(InputError) {
        var lineBase = skippedLines
        for chunk in chunks {
            for bad in chunk.badLines {
                let problem = InputError(file: path, line: lineBase + bad.line, message: bad.message)
                if !options.skipBadRows { throw problem }
                builder.report.recordBadRow(problem)
            }
            builder.report.badRowsSkipped += chunk.badCount - chunk.badLines.count
            lineBase += chunk.lines
        }
    }
}
