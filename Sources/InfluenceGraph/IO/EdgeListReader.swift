/// Reads a SNAP-style edge list: `#` (or `%`) comment lines, then one edge per
/// line as `source<spaces or tabs>target[<spaces or tabs>weight]`, LF or CRLF;
/// further columns are ignored. A line `u v` reads as "u follows v".
///
/// The file is cut into chunks at line ends and parsed in parallel. When every id
/// is a canonical decimal integer (the SNAP norm) ids are mapped to dense indices
/// through a direct table or an integer hash table; otherwise the file is re-read
/// serially with ids interned as byte strings.
struct EdgeListReader {
    var path: String
    var options: LoadOptions

    /// One chunk's parse: raw ids, weights when any line had one, and problems by chunk-local line.
    struct Chunk {
        var sources: [UInt64] = []
        var targets: [UInt64] = []
        var weights: [Double]?
        var lines = 0
        var badLines: [(line: Int, message: String)] = []
        var badCount = 0
        /// A token that is not a canonical decimal id was seen: use the string path.
        var needsStringIDs = false
    }

    func load(_ data: [UInt8]) throws(InputError) -> GraphBuilder {
        guard !data.isEmpty else {
            throw InputError(file: path, message: "empty file: expected one edge per line as 'source target [weight]'")
        }
        options.progress?("parsing \(path)")
        let chunks = data.withUnsafeBytes { raw in parseChunks(raw) }
        if chunks.contains(where: { $0.needsStringIDs }) {
            let result = data.withUnsafeBytes { raw in
                Result { () throws(InputError) -> GraphBuilder in try loadWithStringIDs(raw) }
            }
            return try result.get()
        }
        var builder = GraphBuilder()
        // Report bad rows in file order, with global line numbers.
        var lineBase = 0
        for chunk in chunks {
            for bad in chunk.badLines {
                let problem = InputError(file: path, line: lineBase + bad.line, message: bad.message)
                if !options.skipBadRows { throw problem }
                builder.report.recordBadRow(problem)
            }
            builder.report.badRowsSkipped += chunk.badCount - chunk.badLines.count
            lineBase += chunk.lines
        }
        options.progress?("mapping ids")
        try mapIDs(chunks, into: &builder)
        return builder
    }

    // MARK: - Parallel numeric parse

    func parseChunks(_ raw: UnsafeRawBufferPointer) -> [Chunk] {
        let n = raw.count
        let parts = max(1, min(options.threads * 4, n / (1 << 20)))
        var bounds = [0]
        for p in 1..<parts {
            var at = max(n * p / parts, bounds[bounds.count - 1])
            while at < n, raw[at] != UInt8(ascii: "\n") { at += 1 }
            bounds.append(min(n, at + 1))
        }
        bounds.append(n)
        var chunks = [Chunk](repeating: Chunk(), count: parts)
        chunks.withUnsafeMutableBufferPointer { out in
            let shared = UncheckedSendable(out)
            let base = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
            ParallelFor.run(chunks: parts, threads: options.threads) { c in
                shared.value[c] = Self.parseNumeric(base, from: bounds[c], to: bounds[c + 1])
            }
        }
        return chunks
    }

    /// Parses lines in `start ..< end` (which begins at a line start) with integer ids.
    static func parseNumeric(_ p: UnsafePointer<UInt8>, from start: Int, to end: Int) -> Chunk {
        var chunk = Chunk()
        let estimate = (end - start) / 12
        chunk.sources.reserveCapacity(estimate)
        chunk.targets.reserveCapacity(estimate)
        let space = UInt8(ascii: " "), tab = UInt8(ascii: "\t"), cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n")
        var i = start
        var line = 0
        @inline(__always) func isEnd(_ b: UInt8) -> Bool { b == lf || b == cr }
        @inline(__always) func isBlank(_ b: UInt8) -> Bool { b == space || b == tab }
        func skipLine() { while i < end, p[i] != lf { i += 1 }; if i < end { i += 1 } }
        func bad(_ message: String) {
            chunk.badCount += 1
            if chunk.badLines.count < 10 { chunk.badLines.append((line, message)) }
            skipLine()
        }
        while i < end {
            line += 1
            while i < end, isBlank(p[i]) { i += 1 }
            guard i < end else { break }
            let first = p[i]
            if first == lf { i += 1; continue }
            if first == cr || first == UInt8(ascii: "#") || first == UInt8(ascii: "%") { skipLine(); continue }
            // Source id.
            var tokenStart = i
            var source: UInt64 = 0
            while i < end, p[i] &- 48 < 10 { source = source &* 10 &+ UInt64(p[i] &- 48); i += 1 }
            if i < end, !isBlank(p[i]), !isEnd(p[i]) { chunk.needsStringIDs = true; return chunk }
            if i - tokenStart > 19 || (p[tokenStart] == 48 && i - tokenStart > 1) { chunk.needsStringIDs = true; return chunk }
            while i < end, isBlank(p[i]) { i += 1 }
            if i >= end || isEnd(p[i]) { bad("expected 'source target' on the line, found one id"); continue }
            // Target id.
            tokenStart = i
            var target: UInt64 = 0
            while i < end, p[i] &- 48 < 10 { target = target &* 10 &+ UInt64(p[i] &- 48); i += 1 }
            if i < end, !isBlank(p[i]), !isEnd(p[i]) { chunk.needsStringIDs = true; return chunk }
            if i - tokenStart > 19 || (p[tokenStart] == 48 && i - tokenStart > 1) { chunk.needsStringIDs = true; return chunk }
            while i < end, isBlank(p[i]) { i += 1 }
            if i < end, !isEnd(p[i]) {
                tokenStart = i
                while i < end, !isBlank(p[i]), !isEnd(p[i]) { i += 1 }
                guard let weight = NumberParsing.double(p + tokenStart, i - tokenStart), weight.isFinite, weight >= 0 else {
                    bad("weight is not a finite number of at least 0 (\(InputError.quote(UnsafeBufferPointer(start: p + tokenStart, count: i - tokenStart))))")
                    continue
                }
                if chunk.weights == nil { chunk.weights = [Double](repeating: 1, count: chunk.sources.count) }
                chunk.weights!.append(weight == 0 ? 0 : weight)
            } else if chunk.weights != nil {
                chunk.weights!.append(1)
            }
            chunk.sources.append(source)
            chunk.targets.append(target)
            skipLine()
        }
        chunk.lines = line
        return chunk
    }

    // MARK: - Dense ids for integer ids

    /// Assigns dense indices in order of first appearance and fills the builder.
    ///
    /// Small id ranges use a direct table filled in three steps: each chunk lists
    /// the ids it sees first (in parallel, with a private bitmap), the lists are
    /// numbered in chunk order (serial, but only over distinct ids), and every
    /// edge is translated (in parallel). Sparse ids go through a hash map.
    func mapIDs(_ chunks: [Chunk], into builder: inout GraphBuilder) throws(InputError) {
        var chunkStarts = [0]
        for chunk in chunks { chunkStarts.append(chunkStarts[chunkStarts.count - 1] + chunk.sources.count) }
        let edgeCount = chunkStarts[chunks.count]
        var maxID: UInt64 = 0
        for chunk in chunks {
            for v in chunk.sources where v > maxID { maxID = v }
            for v in chunk.targets where v > maxID { maxID = v }
        }
        var order: [UInt64] = []
        var sources = [UInt32](unsafeUninitializedCapacity: edgeCount) { _, c in c = edgeCount }
        var targets = [UInt32](unsafeUninitializedCapacity: edgeCount) { _, c in c = edgeCount }
        let tableSize = Int(maxID) + 1
        let direct = edgeCount > 0 && maxID < UInt64(max(1 << 22, 4 * edgeCount))
            && (tableSize / 8 + 1) * chunks.count <= 1 << 28
        if direct {
            // 1. Per chunk, the ids in order of first appearance within the chunk.
            var firstSeen = [[UInt64]](repeating: [], count: chunks.count)
            firstSeen.withUnsafeMutableBufferPointer { out in
                let shared = UncheckedSendable(out)
                ParallelFor.run(chunks: chunks.count, threads: options.threads) { c in
                    var seen = [UInt64](repeating: 0, count: tableSize / 64 + 1)
                    var list: [UInt64] = []
                    seen.withUnsafeMutableBufferPointer { seen in
                        chunks[c].sources.withUnsafeBufferPointer { s in
                            chunks[c].targets.withUnsafeBufferPointer { t in
                                for e in 0..<s.count {
                                    let a = s[e], b = t[e]
                                    if seen[Int(a >> 6)] & (1 << (a & 63)) == 0 { seen[Int(a >> 6)] |= 1 << (a & 63); list.append(a) }
                                    if seen[Int(b >> 6)] & (1 << (b & 63)) == 0 { seen[Int(b >> 6)] |= 1 << (b & 63); list.append(b) }
                                }
                            }
                        }
                    }
                    shared.value[c] = list
                }
            }
            // 2. Global numbering in chunk order.
            var table = [UInt32](repeating: .max, count: tableSize)
            for list in firstSeen {
                for id in list where table[Int(id)] == .max {
                    table[Int(id)] = UInt32(truncatingIfNeeded: order.count)
                    order.append(id)
                }
            }
            // 3. Translate every edge.
            table.withUnsafeBufferPointer { table in
                sources.withUnsafeMutableBufferPointer { src in
                    targets.withUnsafeMutableBufferPointer { dst in
                        let shared = UncheckedSendable((src, dst))
                        ParallelFor.run(chunks: chunks.count, threads: options.threads) { c in
                            let (src, dst) = shared.value
                            var at = chunkStarts[c]
                            chunks[c].sources.withUnsafeBufferPointer { s in
                                chunks[c].targets.withUnsafeBufferPointer { t in
                                    for e in 0..<s.count {
                                        src[at] = table[Int(s[e])]
                                        dst[at] = table[Int(t[e])]
                                        at += 1
                                    }
                                }
                            }
                        }
                    }
                }
            }
        } else {
            var map = IntegerIDMap(expected: edgeCount)
            var at = 0
            for chunk in chunks {
                for e in 0..<chunk.sources.count {
                    sources[at] = map.index(of: chunk.sources[e], order: &order)
                    targets[at] = map.index(of: chunk.targets[e], order: &order)
                    at += 1
                }
            }
        }
        let tooMany = order.count > CustomerTable.capacityLimit
        if tooMany { throw InputError(file: path, message: CapacityError.message) }
        // Ids as decimal text, interned once.
        var digits = [UInt8](repeating: 0, count: 20)
        for id in order {
            var v = id
            var k = 20
            repeat { k -= 1; digits[k] = UInt8(48 + v % 10); v /= 10 } while v > 0
            digits.withUnsafeBytes { builder.customers.appendUnique(UnsafeRawBufferPointer(rebasing: $0[k...])) }
        }
        builder.customers.rebuildIndex()
        builder.followSources = sources
        builder.followTargets = targets
        if chunks.contains(where: { $0.weights != nil }) {
            var weights: [Double] = []
            weights.reserveCapacity(edgeCount)
            for chunk in chunks {
                if let w = chunk.weights { weights.append(contentsOf: w) }
                else { weights.append(contentsOf: repeatElement(1.0, count: chunk.sources.count)) }
            }
            builder.followWeights = weights
        }
    }

    // MARK: - String ids

    /// The serial path for files whose ids are not all canonical integers.
    func loadWithStringIDs(_ raw: UnsafeRawBufferPointer) throws(InputError) -> GraphBuilder {
        var builder = GraphBuilder()
        let p = raw.baseAddress!.assumingMemoryBound(to: UInt8.self)
        let end = raw.count
        var i = 0
        var line = 0
        func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }
        func isEnd(_ b: UInt8) -> Bool { b == 0x0A || b == 0x0D }
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
