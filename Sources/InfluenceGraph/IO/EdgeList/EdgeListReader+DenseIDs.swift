extension EdgeListReader {
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
            let firstSeen = ParallelFor.map(chunks: chunks.count, threads: options.threads) { c in
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
                return list
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
                ParallelFor.run(chunks: chunks.count, threads: options.threads) { c in
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
                weights: weights.map { UnsafeBufferPointer(start: $0 + starts[c], count: chunks[c].rows) },
                ownsMemory: true)
        }
        builder.chunkedFollows = ChunkedFollowRows(chunks: rowChunks, memory: [memory] + (weightMemory.map { [$0] } ?? []))
    }
}
