#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers see either the old file or the complete new one.
///
/// Bytes go to a temporary file beside the destination (`NAME.tmp-PID`), which is
/// flushed to disk and renamed over the destination only when every write
/// succeeded. On any failure the temporary file is removed and the destination is
/// untouched.
@_spi(Tooling) public struct AtomicFile: ~Copyable {
    /// The final path.
    public let path: String
    let temporaryPath: String
    var fd: Int32
    var buffer: [UInt8] = []
    /// A test seam: the write fails with `ENOSPC` once this many bytes were written.
    var failAfterBytes: Int?
    var written = 0
    /// `finish()` ran: the temporary file is complete and closed, awaiting `publish()`.
    var finished = false

    /// Opens a temporary file beside `path`.
    public init(path: String, failAfterBytes: Int? = nil) throws(OutputError) {
        self.path = path
        self.temporaryPath = path + ".tmp-\(getpid())"
        self.failAfterBytes = failAfterBytes
        fd = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else { throw OutputError(file: path, errno: errno) }
        buffer.reserveCapacity(1 << 20)
    }

    deinit {
        if fd >= 0 { close(fd) }
        if fd >= 0 || finished { unlink(temporaryPath) }
    }

    /// Appends bytes; they are written in large blocks.
    public mutating func write(_ bytes: UnsafeRawBufferPointer) throws(OutputError) {
        if bytes.count >= 1 << 16 {
            try flush()
            try writeThrough(bytes)
        } else {
            buffer.append(contentsOf: bytes)
            if buffer.count >= 1 << 20 { try flush() }
        }
    }

    /// Appends the bytes of an array.
    public mutating func write<T: BitwiseCopyable>(contentsOf array: [T]) throws(OutputError) {
        var failure: OutputError?
        array.withUnsafeBytes { raw in
            do throws(OutputError) { try write(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Appends UTF-8 text.
    public mutating func write(_ text: String) throws(OutputError) {
        var text = text
        var failure: OutputError?
        text.withUTF8 { utf8 in
            do throws(OutputError) { try write(UnsafeRawBufferPointer(utf8)) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    mutating func flush() throws(OutputError) {
        guard !buffer.isEmpty else { return }
        var failure: OutputError?
        buffer.withUnsafeBytes { raw in
            do throws(OutputError) { try writeThrough(raw) } catch { failure = error }
        }
        buffer.removeAll(keepingCapacity: true)
        if let failure { throw failure }
    }

    mutating func writeThrough(_ bytes: UnsafeRawBufferPointer) throws(OutputError) {
        let allowed = failAfterBytes.map { max(0, $0 - written) } ?? bytes.count
        var failure: Int32 = 0
        let done = FileTransfer.write(fd, UnsafeRawBufferPointer(rebasing: bytes.prefix(allowed)), failure: &failure)
        written += done
        if failure != 0 { throw OutputError(file: path, errno: failure) }
        // Short of the end: the test seam's limit, or a device that takes no more.
        if done < bytes.count { throw OutputError(file: path, errno: ENOSPC) }
    }

    /// Flushes, syncs and renames the temporary file over `path`.
    public consuming func commit() throws(OutputError) {
        try finish()
        try publish()
    }

    /// Flushes and syncs the temporary file without renaming it yet, so several
    /// files can be completed first and published together: a failure before the
    /// first `publish()` leaves every destination untouched.
    public mutating func finish() throws(OutputError) {
        try flush()
        guard fsync(fd) == 0 else { throw OutputError(file: path, errno: errno) }
        close(fd)
        fd = -1
        finished = true
    }

    /// Renames the finished temporary file over `path`.
    public consuming func publish() throws(OutputError) {
        precondition(finished, "publish() before finish()")
        finished = false
        guard rename(temporaryPath, path) == 0 else {
            let code = errno
            unlink(temporaryPath)
            throw OutputError(file: path, errno: code)
        }
    }
}

extension AtomicFile {
    /// Writes `path` atomically with the bytes `body` produces.
    public static func write(to path: String, _ body: (inout AtomicFile) throws(OutputError) -> Void) throws(OutputError) {
        var file = try AtomicFile(path: path)
        try body(&file)
        try file.commit()
    }
}
