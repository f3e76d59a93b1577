#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file reads and atomic writes through POSIX calls, with errors that name
/// the file and the reason.
public enum FileBytes {
    /// Reads the whole file at `path`.
    ///
    /// - Throws: `InputError` when the path is missing, a directory, unreadable,
    ///   or fails mid-read.
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
                count = readFully(fd, into: UnsafeMutableRawBufferPointer(buffer), failure: &failure)
            }
            if failure != 0 { throw error(path, failure) }
            size = bytes.count
        }
        // Files that report no size (pipes, /proc) are read until end of file.
        var tail = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = tail.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw error(path, errno)
            }
            if n == 0 { break }
            bytes.append(contentsOf: tail[0..<n])
        }
        return bytes
    }

    /// Calls `body` with the contents of the file at `path`, mapped read-only and
    /// pre-faulted when possible (no copy out of the page cache), else read.
    ///
    /// The bytes are valid only inside `body`.
    ///
    /// - Throws: `InputError` as `read(_:)` does, or whatever `body` throws.
    /// - Complexity: O(file size) page-table work; no copy for a mapped file.
    static func withContents<R>(of path: String, _ body: (UnsafeRawBufferPointer) throws(InputError) -> R) throws(InputError) -> R {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { throw error(path, errno) }
        var info = stat()
        guard fstat(fd, &info) == 0 else { let code = errno; close(fd); throw error(path, code) }
        if (info.st_mode & S_IFMT) == S_IFDIR { close(fd); throw InputError(file: path, message: "is a directory, not a file") }
        let size = Int(info.st_size)
        #if canImport(Glibc)
        let flags = MAP_PRIVATE | MAP_POPULATE
        #else
        let flags = MAP_PRIVATE
        #endif
        if (info.st_mode & S_IFMT) == S_IFREG, size > 0,
           let mapped = mmap(nil, size, PROT_READ, flags, fd, 0), mapped != UnsafeMutableRawPointer(bitPattern: -1) {
            close(fd)
            defer { munmap(mapped, size) }
            return try body(UnsafeRawBufferPointer(start: mapped, count: size))
        }
        close(fd)
        let bytes = try read(path)
        return try bytes.withUnsafeBytes { raw in Result { () throws(InputError) -> R in try body(raw) } }.get()
    }

    /// Reads until `buffer` is full or the file ends; returns the bytes read.
    static func readFully(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, failure: inout Int32) -> Int {
        var done = 0
        while done < buffer.count {
            let n = Glibc.read(fd, buffer.baseAddress! + done, buffer.count - done)
            if n < 0 {
                if errno == EINTR { continue }
                failure = errno
                return done
            }
            if n == 0 { break }
            done += n
        }
        return done
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
        let reason: String
        switch code {
        case ENOENT: reason = "no such file or directory"
        case EACCES, EPERM: reason = "permission denied"
        case EISDIR: reason = "is a directory, not a file"
        case ENOSPC: reason = "no space left on device"
        default: reason = String(cString: strerror(code))
        }
        return InputError(file: path, message: reason)
    }
}
