extension EdgeListReader {
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
            let base = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            ParallelFor.run(chunks: parts, threads: options.threads) { c in
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
}
