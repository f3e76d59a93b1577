#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Formats a range of one table's rows (customer indices or edge positions) as CSV.
protocol ExportRowFormatter: Sendable {
    /// Appends the rows `rows`, each ending in LF, to `sink`.
    func format(_ rows: Range<Int>, into sink: inout CSVByteSink)
}

/// One file of an export: the rows of a table it holds, after an optional header.
struct ExportFile {
    /// The path inside the export directory.
    var name: String
    /// The header line (with its LF), or `nil` for a file of bare rows.
    var header: String?
    /// The table rows (customer indices or edge positions) in the file, in order.
    var rows: Range<Int>
    var mode: mode_t = 0o644
}

/// Writes a table's files: rows are cut into blocks, a window of blocks is formatted
/// in parallel into per-block buffers, and the buffers are then written in file order.
///
/// Blocks depend only on the rows, never on the thread count, so the bytes are the
/// same at any thread count.
enum ExportFileWriter {
    /// A run of rows of one file, the unit formatted by one worker.
    struct Block {
        var file: Int
        var rows: Range<Int>
        var isFirst: Bool
        var isLast: Bool
    }

    /// Writes `files` into `directory` with rows from `formatter`.
    ///
    /// - Parameter blockRows: rows formatted per block (the unit of parallel work).
    /// - Returns: each file's rows and bytes, in the order of `files`.
    /// - Complexity: O(rows) formatting split over `threads`; memory about
    ///   4 · threads blocks of formatted bytes.
    static func write(_ files: [ExportFile], rows formatter: some ExportRowFormatter, blockRows: Int, threads: Int,
                      into directory: inout ExportDirectory) throws(OutputError) -> [ExportSummary.File] {
        var blocks: [Block] = []
        for (i, file) in files.enumerated() {
            var start = file.rows.lowerBound
            repeat {
                let end = min(start + max(1, blockRows), file.rows.upperBound)
                blocks.append(Block(file: i, rows: start ..< end, isFirst: start == file.rows.lowerBound, isLast: end == file.rows.upperBound))
                start = end
            } while start < file.rows.upperBound
        }
        var summary = files.map { ExportSummary.File(path: $0.name, rows: $0.rows.count, bytes: 0) }
        let window = max(2, 4 * Threads.resolve(threads))
        let slots = UnsafeMutableBufferPointer<CSVByteSink>.allocate(capacity: window)
        for i in 0..<window { (slots.baseAddress! + i).initialize(to: CSVByteSink(capacity: 1 << 20)) }
        defer {
            for i in 0..<window { slots[i].release() }
            slots.deallocate()
        }
        // Per block of a window: the descriptor and offset it is written at, and the
        // errno of its write.
        let placement = UnsafeMutableBufferPointer<(fd: Int32, offset: Int, failure: Int32)>.allocate(capacity: window)
        defer { placement.deallocate() }
        placement.initialize(repeating: (-1, 0, 0))
        var fd: Int32 = -1
        var offset = 0
        // Descriptors created and not yet finished, closed if anything fails.
        var open: [Int32] = []
        do throws(OutputError) {
            for windowStart in stride(from: 0, to: blocks.count, by: window) {
                let count = min(window, blocks.count - windowStart)
                let shared = UncheckedSendable((slots, placement))
                ParallelFor.run(chunks: count, threads: threads) { i in
                    let block = blocks[windowStart + i]
                    var sink = shared.value.0[i]
                    sink.count = 0
                    if block.isFirst, let header = files[block.file].header { sink.append(text: header) }
                    formatter.format(block.rows, into: &sink)
                    shared.value.0[i] = sink
                }
                // Files open in order; each block's place in its file follows from the sizes.
                for i in 0..<count {
                    let block = blocks[windowStart + i]
                    if block.isFirst {
                        fd = try directory.createFile(files[block.file].name, mode: files[block.file].mode)
                        open.append(fd)
                        offset = 0
                    }
                    try directory.account(slots[i].count, name: files[block.file].name)
                    placement[i] = (fd, offset, 0)
                    offset += slots[i].count
                    summary[block.file].bytes += slots[i].count
                    if block.isLast { fd = -1 }
                }
                ParallelFor.run(chunks: count, threads: threads) { i in
                    let (slots, placement) = shared.value
                    placement[i].failure = ExportDirectory.write(slots[i].bytes, to: placement[i].fd, at: placement[i].offset)
                }
                for i in 0..<count {
                    let block = blocks[windowStart + i]
                    if placement[i].failure != 0 {
                        throw OutputError(file: directory.finalPath(files[block.file].name), errno: placement[i].failure)
                    }
                    if block.isLast {
                        open.removeAll { $0 == placement[i].fd }
                        try directory.finish(placement[i].fd, name: files[block.file].name)
                    }
                }
            }
        } catch {
            for descriptor in open { close(descriptor) }
            throw error
        }
        return summary
    }
}
