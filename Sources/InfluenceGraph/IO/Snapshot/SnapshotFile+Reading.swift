#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension SnapshotFile {
    /// The size of the pieces a large section is read in, in parallel (a test hook
    /// can make it small).
    static let defaultPieceBytes = 8 << 20

    /// Whether the file at `path` starts with the snapshot magic.
    static func hasMagic(_ path: String) -> Bool {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: magic.count)
        let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress, $0.count, 0) }
        return n == magic.count && bytes == magic
    }

    /// Where the reader gets its bytes: fills a buffer from a file offset and
    /// returns the bytes read (fewer at end of input), setting `failure` to an
    /// `errno` on a read error. `pread` for files, a copy for memory.
    typealias ReadAt = (_ buffer: UnsafeMutableRawBufferPointer, _ offset: Int, _ failure: inout Int32) -> Int

    /// Reads `length` bytes at `offset` into a new array of `T`; `length` must be a
    /// multiple of `T`'s size.
    ///
    /// A large section is read in pieces of `pieceBytes` on `threads` threads: the
    /// kernel clears each fresh page on the thread whose read first touches it, and
    /// on some machines that clearing costs more than the copy, so one read of a
    /// 200 MB section would leave the other cores idle.
    static func readArray<T: BitwiseCopyable>(_ readAt: ReadAt, _ path: String, offset: Int, length: Int, fileSize: Int,
                                              threads: Int, pieceBytes: Int, as type: T.Type) throws(InputError) -> [T] {
        let count = length / MemoryLayout<T>.stride
        let pieces = max(1, min(64, length / max(1, pieceBytes)))
        let bounds = ParallelFor.evenBoundaries(count: length, parts: pieces)
        var failures = [Int32](repeating: 0, count: bounds.count - 1)
        var gots = [Int](repeating: 0, count: bounds.count - 1)
        var got = 0
        let array = [T](unsafeUninitializedCapacity: count) { buffer, initialized in
            // Fresh 4 KiB page faults cost more than the copy itself on large sections.
            let raw = UnsafeMutableRawBufferPointer(buffer)
            ScratchBuffer.adviseHugePages(raw)
            failures.withUnsafeMutableBufferPointer { failures in
            gots.withUnsafeMutableBufferPointer { gots in
                ParallelFor.run(chunks: bounds.count - 1, threads: threads) { p in
                    let piece = UnsafeMutableRawBufferPointer(rebasing: raw[bounds[p] ..< bounds[p + 1]])
                    gots[p] = readAt(piece, offset + bounds[p], &failures[p])
                }
            }}
            // The bytes read are those up to the first piece that came back short.
            got = length
            for p in gots.indices where gots[p] < bounds[p + 1] - bounds[p] {
                got = bounds[p] + gots[p]
                break
            }
            initialized = got == length ? count : 0
        }
        if let failure = failures.first(where: { $0 != 0 }) { throw FileBytes.error(path, failure) }
        if got != length {
            throw InputError(file: path, message: "truncated: expected \(fileSize) bytes, file has \(offset + got)")
        }
        return array
    }

    static func readU32(_ bytes: [UInt8], _ at: Int) -> UInt32 {
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[at + i]) << (8 * UInt32(i)) }
        return v
    }

    static func readU64(_ bytes: [UInt8], _ at: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[at + i]) << (8 * UInt64(i)) }
        return v
    }

    /// Loads a snapshot written by `write(_:to:threads:)`.
    ///
    /// The header and section table are validated (magic, version, length, table
    /// checksum, every section inside the file with a whole number of elements)
    /// before any array is allocated; then each section is read with `pread`s of
    /// `pieceBytes` on `threads` threads and its checksum verified; then the arrays
    /// are checked for consistency (offsets ascending and matching counts, indices
    /// in range).
    ///
    /// - Throws: `InputError` naming what is wrong; never traps on file contents.
    /// - Complexity: O(file bytes).
    static func read(_ path: String, threads: Int, pieceBytes: Int = defaultPieceBytes) throws(InputError) -> CustomerGraph {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw FileBytes.error(path, errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw FileBytes.error(path, errno) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw InputError(file: path, message: "is a directory, not a file") }
        return try decode(name: path, size: Int(info.st_size), threads: threads, pieceBytes: pieceBytes) { buffer, offset, failure in
            FileTransfer.read(fd, into: buffer, at: offset, failure: &failure)
        }
    }

    /// Loads a snapshot held in memory (received over the network, embedded, or
    /// fuzzed), with the same checks as `read(_:threads:)`.
    ///
    /// - Parameters:
    ///   - bytes: the whole snapshot file.
    ///   - name: stands for the file in error messages.
    /// - Throws: `InputError` naming what is wrong; never traps on the bytes.
    /// - Complexity: O(bytes).
    static func read(_ bytes: UnsafeRawBufferPointer, name: String, threads: Int,
                     pieceBytes: Int = defaultPieceBytes) throws(InputError) -> CustomerGraph {
        try decode(name: name, size: bytes.count, threads: threads, pieceBytes: pieceBytes) { buffer, offset, _ in
            let n = max(0, min(buffer.count, bytes.count - offset))
            if n > 0 { buffer.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[offset ..< offset + n])) }
            return n
        }
    }
}
