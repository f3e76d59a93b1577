/// Text values rendered once as CSV fields (quoted where RFC 4180 needs it), so a
/// row that repeats them copies bytes instead of scanning them again: customer ids,
/// which every Neo4j relationship row names twice, segment and profile labels.
struct CSVFieldTable: Sendable {
    /// The rendered fields, back to back, then 8 zero bytes so that fields can be
    /// copied a word at a time (`CSVByteSink.appendWords`).
    let bytes: [UInt8]
    /// `count + 1` offsets into `bytes`.
    let offsets: [Int]
    /// The longest rendered field.
    let longest: Int

    /// Appends field `i` to `sink`, which must have room for `longest + 8` more bytes.
    @inline(__always)
    static func append(_ i: Int, bytes: UnsafeRawPointer, offsets: UnsafeBufferPointer<Int>, to sink: inout CSVByteSink) {
        let start = offsets[i]
        sink.appendWords(bytes + start, count: offsets[i + 1] - start)
    }

    /// Renders `count` values stored as one byte buffer with `count + 1` offsets.
    ///
    /// - Complexity: O(total bytes).
    init(bytes source: [UInt8], offsets sourceOffsets: [Int]) {
        let count = sourceOffsets.count - 1
        var sink = CSVByteSink(capacity: source.count + 2 * count + 64)
        defer { sink.release() }
        var offsets = [Int](repeating: 0, count: count + 1)
        var longest = 0
        source.withUnsafeBytes { raw in
            for i in 0..<count {
                let field = UnsafeRawBufferPointer(rebasing: raw[sourceOffsets[i] ..< sourceOffsets[i + 1]])
                sink.reserve(CSVByteSink.fieldBound(field.count))
                sink.appendField(field)
                offsets[i + 1] = sink.count
                longest = max(longest, offsets[i + 1] - offsets[i])
            }
        }
        self.bytes = Array(sink.bytes) + [UInt8](repeating: 0, count: 8)
        self.offsets = offsets
        self.longest = longest
    }

    /// Renders each string.
    init(_ strings: [String]) {
        var bytes: [UInt8] = []
        var offsets = [0]
        for s in strings {
            bytes += Array(s.utf8)
            offsets.append(bytes.count)
        }
        self.init(bytes: bytes, offsets: offsets)
    }
}
