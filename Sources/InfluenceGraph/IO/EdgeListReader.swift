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

    // MARK: - Parallel numeric parse

    /// Chunk boundaries at line starts: about four chunks per thread, none under a megabyte.
    func chunkBounds(_ raw: UnsafeRawBufferPointer, from start: Int) -> [Int] {
        let n = raw.count
        let parts = max(1, min(options.threads * 4, (n - start) / (1 << 20)))
        var bounds = [start]
        for p in 1..<parts {
            var at = max(start + (n - start) * p / parts, bounds[bounds.count - 1])
            while at < n, raw[at] != UInt8(ascii: "\n") { at += 1 }
            bounds.append(min(n, at + 1))
        }
        bounds.append(n)
        return bounds
    }

    func parseChunks<ID: FixedWidthInteger & UnsignedInteger>(
        _ raw: UnsafeRawBufferPointer, _ bounds: [Int], as type: ID.Type
    ) -> ParsedIDs<ID> {
        let parts = bounds.count - 1
        // A row takes at least four bytes ("1 2\n"), or three on an unterminated last line.
        var starts = [0]
        for c in 0..<parts { starts.append(starts[c] + (bounds[c + 1] - bounds[c]) / 4 + 1) }
        let capacity = starts[parts]
        let memory = ScratchBuffer(byteCount: 2 * capacity * MemoryLayout<ID>.stride)
        let sources = memory.buffer(at: 0, count: capacity, as: ID.self).baseAddress!
        let targets = memory.buffer(at: capacity * MemoryLayout<ID>.stride, count: capacity, as: ID.self).baseAddress!
        var chunks = [Chunk](repeating: Chunk(), count: parts)
        chunks.withUnsafeMutableBufferPointer { out in
            let shared = UncheckedSendable((out, sources, targets))
            let base = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            ParallelFor.run(chunks: parts, threads: options.threads) { c in
                let (out, sources, targets) = shared.value
                out[c] = Self.parseNumeric(base, from: bounds[c], to: bounds[c + 1],
                                           sources: sources + starts[c], targets: targets + starts[c])
            }
        }
        return ParsedIDs(memory: memory, sources: sources, targets: targets, starts: starts, chunks: chunks)
    }

    /// Parses lines in `start ..< end` (which begins at a line start) into `sources`
    /// and `targets`, which have room for every line.
    ///
    /// Lines of the SNAP norm, `digits<tab or space>digits\n` with ids of at most
    /// seven digits, take a branch-light path that reads each id as one 8-byte word;
    /// every other line (comments, blanks, CRLF, weights, long or odd ids, errors)
    /// goes through `ChunkParser.slowLine`, which defines the format.
    static func parseNumeric<ID: FixedWidthInteger & UnsignedInteger>(
        _ p: UnsafePointer<UInt8>, from start: Int, to end: Int,
        sources: UnsafeMutablePointer<ID>, targets: UnsafeMutablePointer<ID>
    ) -> Chunk {
        var state = ChunkParser(p: p, end: end, i: start, sources: sources, targets: targets)
        var i = start, line = 0, rows = 0
        var maxID: UInt64 = 0
        // Every fast line reads at most 26 bytes past its start, all inside the chunk.
        let fastEnd = end - 32
        let tab = UInt8(ascii: "\t"), space = UInt8(ascii: " "), lf = UInt8(ascii: "\n"), zero = UInt8(ascii: "0")
        while i <= fastEnd {
            fast: do {
                let w0 = UnsafeRawPointer(p + i).loadUnaligned(as: UInt64.self)
                let n0 = nonDigits(w0).trailingZeroBitCount &>> 3
                guard UInt(bitPattern: n0 &- 1) < 7 else { break fast }
                let separator = UInt8(truncatingIfNeeded: w0 &>> UInt64(n0 &* 8))
                guard separator == tab || separator == space,
                      n0 == 1 || UInt8(truncatingIfNeeded: w0) != zero else { break fast }
                let j = i &+ n0 &+ 1
                let w1 = UnsafeRawPointer(p + j).loadUnaligned(as: UInt64.self)
                let n1 = nonDigits(w1).trailingZeroBitCount &>> 3
                guard UInt(bitPattern: n1 &- 1) < 7 else { break fast }
                let terminator = UInt8(truncatingIfNeeded: w1 &>> UInt64(n1 &* 8))
                guard terminator == lf, n1 == 1 || UInt8(truncatingIfNeeded: w1) != zero else { break fast }
                let s = digitValue(w0, n0), t = digitValue(w1, n1)
                sources[rows] = ID(truncatingIfNeeded: s)
                targets[rows] = ID(truncatingIfNeeded: t)
                maxID = max(maxID, s, t)
                rows &+= 1
                line &+= 1
                i = j &+ n1 &+ 1
                continue
            }
            state.i = i; state.line = line; state.rows = rows; state.maxID = maxID
            state.slowLine()
            if state.stop { return state.chunk }
            i = state.i; line = state.line; rows = state.rows; maxID = state.maxID
            // Once a row has a weight every later row needs one: stay on the general path.
            if state.chunk.weights != nil { break }
        }
        state.i = i; state.line = line; state.rows = rows; state.maxID = maxID
        while state.i < end {
            state.slowLine()
            if state.stop { return state.chunk }
        }
        state.chunk.lines = state.line
        state.chunk.rows = state.rows
        state.chunk.maxID = state.maxID
        return state.chunk
    }

    /// Bytes of `word` (little-endian) that are not ASCII digits have bits set in their high nibble.
    @inline(__always)
    static func nonDigits(_ word: UInt64) -> UInt64 {
        let high = (word & 0xF0F0_F0F0_F0F0_F0F0) ^ 0x3030_3030_3030_3030
        let low = ((word & 0x0F0F_0F0F_0F0F_0F0F) &+ 0x0606_0606_0606_0606) & 0xF0F0_F0F0_F0F0_F0F0
        return high | low
    }

    /// The value of the `count` (1...7) leading ASCII digits of `word`, in three multiplies.
    @inline(__always)
    static func digitValue(_ word: UInt64, _ count: Int) -> UInt64 {
        var v = (word &- 0x3030_3030_3030_3030) &<< UInt64(64 &- 8 &* count)
        v = (v &* 10) &+ (v &>> 8)
        v = ((v & 0x0000_00FF_0000_00FF) &* 0x000F_4240_0000_0064) &+ (((v &>> 16) & 0x0000_00FF_0000_00FF) &* 0x0000_2710_0000_0001)
        return v &>> 32
    }

    /// The general line parser, one line at a time; `parseNumeric` copies its
    /// counters in and out around each call.
    struct ChunkParser<ID: FixedWidthInteger & UnsignedInteger> {
        let p: UnsafePointer<UInt8>
        let end: Int
        var i: Int
        var line = 0
        var rows = 0
        var maxID: UInt64 = 0
        let sources: UnsafeMutablePointer<ID>
        let targets: UnsafeMutablePointer<ID>
        var chunk = Chunk()
        /// The chunk cannot be read with `ID` ids; `chunk` says why.
        var stop = false

        init(p: UnsafePointer<UInt8>, end: Int, i: Int, sources: UnsafeMutablePointer<ID>, targets: UnsafeMutablePointer<ID>) {
            self.p = p
            self.end = end
            self.i = i
            self.sources = sources
            self.targets = targets
        }

        /// A line ends at LF; a CR ends it only right before LF or the end of the
        /// chunk (CRLF). A CR anywhere else is part of a token, as on the string path.
        @inline(__always) func isEnd(at k: Int) -> Bool {
            p[k] == 0x0A || (p[k] == 0x0D && (k + 1 == end || p[k + 1] == 0x0A))
        }
        @inline(__always) func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

        mutating func skipLine() {
            while i < end, p[i] != 0x0A { i += 1 }
            if i < end { i += 1 }
        }

        mutating func bad(_ message: String) {
            chunk.badCount += 1
            if chunk.badLines.count < 10 { chunk.badLines.append((line, message)) }
            skipLine()
        }

        /// Reads a canonical decimal id at `i`, or sets `needsStringIDs` and returns `nil`.
        mutating func id() -> UInt64? {
            let tokenStart = i
            var value: UInt64 = 0
            while i < end, p[i] &- 48 < 10 { value = value &* 10 &+ UInt64(p[i] &- 48); i += 1 }
            if (i < end && !isBlank(p[i]) && !isEnd(at: i))
                || i - tokenStart > 19 || (p[tokenStart] == 48 && i - tokenStart > 1) {
                chunk.needsStringIDs = true
                stop = true
                return nil
            }
            return value
        }

        /// Parses the line at `i` and moves past it.
        @inline(never)
        mutating func slowLine() {
            line += 1
            while i < end, isBlank(p[i]) { i += 1 }
            guard i < end else { return }
            let first = p[i]
            if first == 0x0A { i += 1; return }
            if isEnd(at: i) || first == UInt8(ascii: "#") || first == UInt8(ascii: "%") { skipLine(); return }
            guard let source = id() else { return }
            while i < end, isBlank(p[i]) { i += 1 }
            if i >= end || isEnd(at: i) { bad("expected 'source target' on the line, found one id"); return }
            guard let target = id() else { return }
            if source > UInt64(ID.max) || target > UInt64(ID.max) { chunk.needsWideIDs = true; stop = true; return }
            while i < end, isBlank(p[i]) { i += 1 }
            if i < end, !isEnd(at: i) {
                let tokenStart = i
                while i < end, !isBlank(p[i]), !isEnd(at: i) { i += 1 }
                guard let weight = NumberParsing.double(p + tokenStart, i - tokenStart), weight.isFinite, weight >= 0 else {
                    bad("weight is not a finite number of at least 0 (\(InputError.quote(UnsafeBufferPointer(start: p + tokenStart, count: i - tokenStart))))")
                    return
                }
                if chunk.weights == nil { chunk.weights = [Double](repeating: 1, count: rows) }
                chunk.weights!.append(weight == 0 ? 0 : weight)
            } else if chunk.weights != nil {
                chunk.weights!.append(1)
            }
            sources[rows] = ID(truncatingIfNeeded: source)
            targets[rows] = ID(truncatingIfNeeded: target)
            maxID = max(maxID, source, target)
            rows += 1
            skipLine()
        }
    }

    // MARK: - Dense ids for integer ids

    /// Assigns dense indices in order of first appearance, rewriting the parsed
    /// ids in place, and hands the rows to the builder.
    ///
    /// Small id ranges use a direct table filled in three steps: each chunk lists
    /// the ids it sees first (in parallel, with a private bitmap), the lists are
    /// numbered in chunk order (serial, but only over distinct ids), and every
    /// edge is translated (in parallel). Sparse ids go through a hash map.
    func mapIDs(_ parsed: ParsedIDs<UInt32>, into builder: inout GraphBuilder) throws(InputError) {
        let chunks = parsed.chunks
        let edgeCount = parsed.rowCount
        let maxID = chunks.reduce(0) { max($0, $1.maxID) }
        var order: [UInt64] = []
        let tableSize = Int(maxID) + 1
        let direct = edgeCount > 0 && maxID < UInt64(max(1 << 22, 4 * edgeCount))
            && (tableSize / 8 + 1) * chunks.count <= 1 << 28
        if direct {
            // 1. Per chunk, the ids in order of first appearance within the chunk.
            var firstSeen = [[UInt32]](repeating: [], count: chunks.count)
            firstSeen.withUnsafeMutableBufferPointer { out in
                let shared = UncheckedSendable(out)
                ParallelFor.run(chunks: chunks.count, threads: options.threads) { c in
                    var seen = [UInt64](repeating: 0, count: tableSize / 64 + 1)
                    var list: [UInt32] = []
                    let s = parsed.sourceRows(c), t = parsed.targetRows(c)
                    seen.withUnsafeMutableBufferPointer { seen in
                        for e in 0..<s.count {
                            let a = s[e], b = t[e]
                            if seen[Int(a >> 6)] & (1 << (a & 63)) == 0 { seen[Int(a >> 6)] |= 1 << (a & 63); list.append(a) }
                            if seen[Int(b >> 6)] & (1 << (b & 63)) == 0 { seen[Int(b >> 6)] |= 1 << (b & 63); list.append(b) }
                        }
                    }
                    shared.value[c] = list
                }
            }
            // 2. Global numbering in chunk order.
            var table = [UInt32](repeating: .max, count: tableSize)
            table.withUnsafeMutableBufferPointer { table in
                for list in firstSeen {
                    for id in list where table[Int(id)] == .max {
                        table[Int(id)] = UInt32(truncatingIfNeeded: order.count)
                        order.append(UInt64(id))
                    }
                }
            }
            // 3. Translate every edge in place.
            table.withUnsafeBufferPointer { table in
                let shared = UncheckedSendable(table)
                ParallelFor.run(chunks: chunks.count, threads: options.threads) { c in
                    let table = shared.value
                    let s = parsed.sourceRows(c), t = parsed.targetRows(c)
                    for e in 0..<s.count {
                        s[e] = table[Int(s[e])]
                        t[e] = table[Int(t[e])]
                    }
                }
            }
        } else {
            var map = IntegerIDMap(expected: edgeCount)
            for c in 0..<chunks.count {
                let s = parsed.sourceRows(c), t = parsed.targetRows(c)
                for e in 0..<s.count {
                    s[e] = map.index(of: UInt64(s[e]), order: &order)
                    t[e] = map.index(of: UInt64(t[e]), order: &order)
                }
            }
        }
        try finish(order: order, rows: parsed.memory, sources: parsed.sources, targets: parsed.targets,
                   starts: parsed.starts, chunks: chunks, into: &builder)
    }

    /// Dense indices for ids of 2^32 or more, through a hash map, written to fresh 32-bit rows.
    func mapSparseIDs(_ parsed: ParsedIDs<UInt64>, into builder: inout GraphBuilder) throws(InputError) {
        let capacity = parsed.starts[parsed.chunks.count]
        let memory = ScratchBuffer(byteCount: 2 * capacity * MemoryLayout<UInt32>.stride)
        let sources = memory.buffer(at: 0, count: capacity, as: UInt32.self).baseAddress!
        let targets = memory.buffer(at: capacity * 4, count: capacity, as: UInt32.self).baseAddress!
        var map = IntegerIDMap(expected: parsed.rowCount)
        var order: [UInt64] = []
        for c in 0..<parsed.chunks.count {
            let s = parsed.sourceRows(c), t = parsed.targetRows(c)
            let at = parsed.starts[c]
            for e in 0..<s.count {
                sources[at + e] = map.index(of: s[e], order: &order)
                targets[at + e] = map.index(of: t[e], order: &order)
            }
        }
        try finish(order: order, rows: memory, sources: sources, targets: targets,
                   starts: parsed.starts, chunks: parsed.chunks, into: &builder)
    }

    /// Interns the ids (as decimal text) in `order` and hands the dense rows to the builder.
    func finish(order: [UInt64], rows memory: ScratchBuffer, sources: UnsafeMutablePointer<UInt32>, targets: UnsafeMutablePointer<UInt32>,
                starts: [Int], chunks: [Chunk], into builder: inout GraphBuilder) throws(InputError) {
        if order.count > CustomerTable.capacityLimit { throw InputError(file: path, message: CapacityError.message) }
        builder.customers = CustomerTable(decimalIDs: order, threads: options.threads)
        var weightMemory: ScratchBuffer?
        var weights: UnsafeMutablePointer<Double>?
        if chunks.contains(where: { $0.weights != nil }) {
            let capacity = starts[chunks.count]
            let memory = ScratchBuffer(byteCount: capacity * MemoryLayout<Double>.stride)
            let w = memory.buffer(at: 0, count: capacity, as: Double.self).baseAddress!
            for c in 0..<chunks.count {
                if let cw = chunks[c].weights {
                    cw.withUnsafeBufferPointer { (w + starts[c]).initialize(from: $0.baseAddress!, count: $0.count) }
                } else {
                    (w + starts[c]).initialize(repeating: 1, count: chunks[c].rows)
                }
            }
            weightMemory = memory
            weights = w
        }
        let rowChunks = (0..<chunks.count).map { c in
            GraphBuilder.RowChunk(
                sources: UnsafeBufferPointer(start: sources + starts[c], count: chunks[c].rows),
                targets: UnsafeBufferPointer(start: targets + starts[c], count: chunks[c].rows),
                weights: weights.map { UnsafeBufferPointer(start: $0 + starts[c], count: chunks[c].rows) })
        }
        builder.chunkedFollows = ChunkedFollowRows(chunks: rowChunks, memory: [memory] + (weightMemory.map { [$0] } ?? []))
    }

    // MARK: - String ids

    /// The serial path for files whose ids are not all canonical integers.
    func loadWithStringIDs(_ raw: UnsafeRawBufferPointer, from start: Int, skippedLines: Int) throws(InputError) -> GraphBuilder {
        var builder = GraphBuilder()
        let p = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let end = raw.count
        var i = start
        var line = skippedLines
        func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        while i < end {
            line += 1
            let lineStart = i
            while i < end, p[i] != 0x0A { i += 1 }
            var lineEnd = i
            if i < end { i += 1 }
            if lineEnd > lineStart, p[lineEnd - 1] == 0x0D { lineEnd -= 1 }
            // Split the line into at most three blank-separated tokens.
            var tokens: [(Int, Int)] = []
            var j = lineStart
            while j < lineEnd, tokens.count < 3 {
                while j < lineEnd, isBlank(p[j]) { j += 1 }
                guard j < lineEnd else { break }
                let s = j
                while j < lineEnd, !isBlank(p[j]) { j += 1 }
                tokens.append((s, j))
            }
            guard let firstToken = tokens.first else { continue }
            if p[firstToken.0] == UInt8(ascii: "#") || p[firstToken.0] == UInt8(ascii: "%") { continue }
            do throws(RowError) {
                guard tokens.count >= 2 else { throw RowError("expected 'source target' on the line, found one id") }
                let a = UnsafeRawBufferPointer(start: p + tokens[0].0, count: tokens[0].1 - tokens[0].0)
                let b = UnsafeRawBufferPointer(start: p + tokens[1].0, count: tokens[1].1 - tokens[1].0)
                if a.contains(0) || b.contains(0) { throw RowError("NUL byte in an id (is this a binary file?)") }
                var weight: Double? = nil
                if tokens.count == 3 {
                    let t = tokens[2]
                    guard let w = NumberParsing.double(p + t.0, t.1 - t.0), w.isFinite, w >= 0 else {
                        throw RowError("weight is not a finite number of at least 0 (\(InputError.quote(UnsafeBufferPointer(start: p + t.0, count: t.1 - t.0))))")
                    }
                    weight = w == 0 ? 0 : w
                }
                try builder.validate(a, b)
                let x = try builder.intern(a), y = try builder.intern(b)
                builder.addFollow(x, y, weight: weight)
            } catch {
                let problem = InputError(file: path, line: line, message: error.message)
                if error.fatal || !options.skipBadRows { throw problem }
                builder.report.recordBadRow(problem)
            }
        }
        return builder
    }
}

/// An open-addressing map from sparse 64-bit ids to dense indices in order of first appearance.
struct IntegerIDMap {
    var keys: [UInt64]
    var values: [UInt32]
    var count = 0

    init(expected: Int) {
        var capacity = 1024
        while capacity < expected * 2 { capacity *= 2 }
        keys = [UInt64](repeating: 0, count: capacity)
        values = [UInt32](repeating: .max, count: capacity)
    }

    mutating func index(of id: UInt64, order: inout [UInt64]) -> UInt32 {
        let mask = keys.count - 1
        var slot = Int(truncatingIfNeeded: ByteHash.mix(id)) & mask
        while values[slot] != .max {
            if keys[slot] == id { return values[slot] }
            slot = (slot + 1) & mask
        }
        let index = UInt32(truncatingIfNeeded: order.count)
        keys[slot] = id
        values[slot] = index
        order.append(id)
        count += 1
        if count * 2 > keys.count { grow() }
        return index
    }

    mutating func grow() {
        let oldKeys = keys, oldValues = values
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        values = [UInt32](repeating: .max, count: oldKeys.count * 2)
        let mask = keys.count - 1
        for i in 0..<oldKeys.count where oldValues[i] != .max {
            var slot = Int(truncatingIfNeeded: ByteHash.mix(oldKeys[i])) & mask
            while values[slot] != .max { slot = (slot + 1) & mask }
            keys[slot] = oldKeys[i]
            values[slot] = oldValues[i]
        }
    }
}
