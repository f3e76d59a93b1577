#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole transfers through POSIX `read`, `pread` and `write`, which may move fewer
/// bytes than asked or be interrupted by a signal before moving any (`EINTR`).
@_spi(Tooling)
public enum FileTransfer {
    /// Repeats `call(done)`, one system call that moves up to `count - done` bytes
    /// and returns how many (0 at end of file, −1 with `errno` on failure), until
    /// `count` bytes are moved, a call moves none, or a call fails for a reason
    /// other than `EINTR`; that reason goes to `failure`.
    ///
    /// - Returns: the bytes moved.
    @inline(__always)
    static func untilDone(_ count: Int, failure: inout Int32, _ call: (_ done: Int) -> Int) -> Int {
        var done = 0
        while done < count {
            let n = call(done)
            if n < 0 {
                if errno == EINTR { continue }
                failure = errno
                break
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Reads until `buffer` is full or the file ends; returns the bytes read.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, failure: inout Int32) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        return untilDone(buffer.count, failure: &failure) { done in Glibc.read(fd, base + done, buffer.count - done) }
    }

    /// Reads `buffer.count` bytes from `offset` on; returns the bytes read (fewer at
    /// end of file). The file position does not move, so threads may share `fd`.
    static func read(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int, failure: inout Int32) -> Int {
        guard let base = buffer.baseAddress else { return 0 }
        return untilDone(buffer.count, failure: &failure) { done in
            pread(fd, base + done, buffer.count - done, off_t(offset + done))
        }
    }

    /// Writes all of `bytes` unless the descriptor fails or takes no more; returns
    /// the bytes written and sets `failure` to the `errno` of a failure.
    ///
    /// - Complexity: O(bytes.count).
    @_spi(Tooling)
    public static func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, failure: inout Int32) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        return untilDone(bytes.count, failure: &failure) { done in Glibc.write(fd, base + done, bytes.count - done) }
    }
}
