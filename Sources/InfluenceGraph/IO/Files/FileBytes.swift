#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and atomic writes through POSIX calls, with errors that name
/// the file and the reason.
@_spi(Tooling) public enum FileBytes {
    /// Up to `count` bytes from the start of the regular file at `path` (so nothing a
    /// pipe holds is consumed), or `nil` when it is not a regular file that opens.
    ///
    /// - Complexity: O(`count`).
    static func prefix(of path: String, count: Int) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        var failure: Int32 = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, filled in
            filled = FileTransfer.read(fd, into: UnsafeMutableRawBufferPointer(buffer), failure: &failure)
        }
        return failure == 0 ? bytes : nil
    }

    /// Reads the whole file at `path`.
    ///
    /// - Throws: `InputError` when the path is missing, a directory, unreadable,
    ///   fails mid-read, or is a regular file that changed while it was read.
    /// - Complexity: O(file size), one copy from the page cache.
    public static func read(_ path: String) throws(InputError) -> [UInt8] {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw error(path, errno) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { throw error(path, errno) }
        if (info.st_mode & S_IFMT) == S_IFDIR { throw InputError(file: path, message: "is a directory, not a file") }
        var size = Int(info.st_size)
        var bytes = [UInt8](repeating: 0, count: 0)
        if size > 0 {
            var failure: Int32 = 0
            bytes = [UInt8](unsafeUninitializedCapacity: size) { buffer, count in
                count = FileTransfer.read(fd, into: UnsafeMutableRawBufferPointer(buffer), failure: &failure)
            }
            if failure != 0 { throw error(path, failure) }
            size = bytes.count
        }
        // Files that report no size (pipes, /proc) are read until end of file.
        var tail = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            var failure: Int32 = 0
            let n = tail.withUnsafeMutableBytes { FileTransfer.read(fd, into: $0, failure: &failure) }
            if failure != 0 { throw error(path, failure) }
            bytes.append(contentsOf: tail[0..<n])
            if n < tail.count { break }
        }
        // Regular files of size 0 include /proc files, whose contents are made up on reading.
        if (info.st_mode & S_IFMT) == S_IFREG, info.st_size > 0 {
            var after = stat()
            guard fstat(fd, &after) == 0 else { throw error(path, errno) }
            if changed(info, after) { throw changedWhileReading(path, before: Int(info.st_size), after: Int(after.st_size)) }
        }
        return bytes
    }

    /// Calls `body` with the contents of the file at `path`, copied into private
    /// memory (huge pages, read by `threads` parallel `pread`s; from `pool` and back
    /// to it when given) for a regular file, else read to end of file.
    ///
    /// The file is copied rather than mapped: a mapping faults with `SIGBUS`, killing
    /// the process, when another process truncates the file during the load, and no
    /// error can be raised from a signal handler in Swift. A copy is immune, costs
    /// about as much as populating the mapping's page tables, and is the bytes `body`
    /// sees from start to end. A file whose size or modification time changes while
    /// it is read is reported, not half read. The bytes are valid only inside `body`.
    ///
    /// - Throws: `InputError` as `read(_:)` does, when the file changed during the
    ///   read, or whatever `body` throws.
    /// - Complexity: O(file size): one copy out of the page cache, split over `threads`.
    static func withContents<R>(of path: String, threads: Int = 1, pool: ScratchPool? = nil,
                                _ body: (UnsafeRawBufferPointer) throws(InputError) -> R) throws(InputError) -> R {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw error(path, errno) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { let code = errno; close(fd); throw error(path, code) }
        if (info.st_mode & S_IFMT) == S_IFDIR { close(fd); throw InputError(file: path, message: "is a directory, not a file") }
        let size = Int(info.st_size)
        guard (info.st_mode & S_IFMT) == S_IFREG, size > 0 else {
            close(fd)
            let bytes = try read(path)
            return try bytes.withUnsafeBytes { raw in Result { () throws(InputError) -> R in try body(raw) } }.get()
        }
        defer { close(fd) }
        let memory = pool?.take(byteCount: size) ?? ScratchBuffer(byteCount: size)
        defer { pool?.giveBack(memory) }
        // Pieces of at least 8 MiB, several per thread so a slow one does not hold the rest up.
        let pieces = max(1, min(max(threads, 1) * 4, size >> 23))
        let bounds = ParallelFor.evenBoundaries(count: size, parts: pieces)
        let base = memory.base
        let results = ParallelFor.map(chunks: pieces, threads: threads) { c -> (got: Int, failure: Int32) in
            var failure: Int32 = 0
            let buffer = UnsafeMutableRawBufferPointer(start: base + bounds[c], count: bounds[c + 1] - bounds[c])
            let got = FileTransfer.read(fd, into: buffer, at: bounds[c], failure: &failure)
            return (got, failure)
        }
        if let failed = results.first(where: { $0.failure != 0 }) { throw error(path, failed.failure) }
        var after = stat()
        guard fstat(fd, &after) == 0 else { throw error(path, errno) }
        if changed(info, after) { throw changedWhileReading(path, before: size, after: Int(after.st_size)) }
        if (0..<pieces).contains(where: { results[$0].got != bounds[$0 + 1] - bounds[$0] }) {
            // Shorter than its size and yet unchanged: a file whose size is a guess (sysfs).
            let bytes = try read(path)
            return try bytes.withUnsafeBytes { raw in Result { () throws(InputError) -> R in try body(raw) } }.get()
        }
        return try body(UnsafeRawBufferPointer(start: memory.base, count: size))
    }

    /// Calls `body` with the file at `path` window by window, each window up to
    /// `windowBytes` long and starting with the bytes the previous call left
    /// unconsumed; `body` returns how many bytes of the window it consumed, all of
    /// them when `isLast`. A window nothing could be consumed from is read again
    /// twice as large. One buffer serves every window, so a large file costs no more
    /// fresh memory than a window; it comes from `pool` and goes back to it, when
    /// given, so the next file reuses it. A file no larger than a window, or not a
    /// regular file, is one window (`withContents(of:threads:_:)`).
    ///
    /// - Throws: `InputError` as `withContents` does, or whatever `body` throws.
    /// - Complexity: O(file size), each window read by `threads` parallel `pread`s.
    static func withWindows(of path: String, windowBytes: Int, threads: Int = 1, pool: ScratchPool? = nil,
                            _ body: (_ window: UnsafeRawBufferPointer, _ isLast: Bool) throws(InputError) -> Int) throws(InputError) {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw error(path, errno) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { let code = errno; close(fd); throw error(path, code) }
        let size = Int(info.st_size)
        guard (info.st_mode & S_IFMT) == S_IFREG, size > windowBytes else {
            close(fd)
            try withContents(of: path, threads: threads, pool: pool) { (all) throws(InputError) in _ = try body(all, true) }
            return
        }
        defer { close(fd) }
        var capacity = windowBytes
        var memory = pool?.take(byteCount: capacity) ?? ScratchBuffer(byteCount: capacity)
        defer { pool?.giveBack(memory) }
        var carried = 0, offset = 0
        while true {
            let want = min(capacity - carried, size - offset)
            let pieces = max(1, min(max(threads, 1) * 2, want >> 23))
            let bounds = ParallelFor.evenBoundaries(count: want, parts: pieces)
            let base = memory.base + carried
            let results = ParallelFor.map(chunks: pieces, threads: threads) { c -> (got: Int, failure: Int32) in
                var failure: Int32 = 0
                let buffer = UnsafeMutableRawBufferPointer(start: base + bounds[c], count: bounds[c + 1] - bounds[c])
                return (FileTransfer.read(fd, into: buffer, at: offset + bounds[c], failure: &failure), failure)
            }
            if let failed = results.first(where: { $0.failure != 0 }) { throw error(path, failed.failure) }
            if (0..<pieces).contains(where: { results[$0].got != bounds[$0 + 1] - bounds[$0] }) {
                throw changedWhileReading(path, before: size, after: offset + results.reduce(0) { $0 + $1.got })
            }
            offset += want
            let filled = carried + want
            let isLast = offset == size
            let consumed = try body(UnsafeRawBufferPointer(start: memory.base, count: filled), isLast)
            if isLast { break }
            if consumed == 0 && filled == capacity {
                // One record longer than the window: read it into a window twice as large.
                let larger = ScratchBuffer(byteCount: capacity * 2)
                larger.base.copyMemory(from: memory.base, byteCount: filled)
                memory = larger
                capacity *= 2
                carried = filled
                continue
            }
            carried = filled - consumed
            if carried > 0 { memory.base.copyMemory(from: memory.base + consumed, byteCount: carried) }
        }
        var after = stat()
        guard fstat(fd, &after) == 0 else { throw error(path, errno) }
        if changed(info, after) { throw changedWhileReading(path, before: size, after: Int(after.st_size)) }
    }

    /// The size of the file at `path` in bytes, or 0 when it cannot be known.
    static func size(of path: String) -> Int {
        var info = stat()
        return stat(path, &info) == 0 ? Int(info.st_size) : 0
    }

    /// Whether two `stat`s of one file differ in size or modification time.
    static func changed(_ before: stat, _ after: stat) -> Bool {
        before.st_size != after.st_size || before.st_mtim.tv_sec != after.st_mtim.tv_sec
            || before.st_mtim.tv_nsec != after.st_mtim.tv_nsec
    }

    /// The error for a file another process changed while it was being read.
    static func changedWhileReading(_ path: String, before: Int, after: Int) -> InputError {
        let sizes = before == after ? "" : " (from \(before) to \(after) bytes)"
        return InputError(file: path, message: "changed while it was being read\(sizes); load it again once it is complete")
    }

    /// Whether `path` names an existing directory.
    public static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// Whether something exists at `path`.
    public static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    static func error(_ path: String, _ code: Int32) -> InputError {
        InputError(file: path, message: reason(code))
    }

    /// What `errno` `code` means, in the words of our messages.
    static func reason(_ code: Int32) -> String {
        switch code {
        case ENOENT: "no such file or directory"
        case EACCES, EPERM: "permission denied"
        case EISDIR: "is a directory, not a file"
        case ENOSPC: "no space left on device"
        default: String(cString: strerror(code))
        }
    }
}
