extension EdgeListReader {
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
