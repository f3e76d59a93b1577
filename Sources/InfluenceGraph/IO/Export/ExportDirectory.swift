#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A directory written as a whole: files go into a temporary sibling
/// (`DIR.tmp-PID`), which is renamed to `DIR` only after every file was written,
/// flushed and synced. Readers see no directory or the complete one; on failure
/// `discard()` removes exactly what was created.
///
/// `DIR` must not exist, or be an empty directory (which the rename replaces); its
/// parent must exist. Nothing is ever written over existing files.
struct ExportDirectory {
    /// The final path, as given.
    let destination: String
    /// The final path without trailing slashes, which `rename` wants.
    let target: String
    let temporary: String
    /// A test seam: writes fail with "no space left on device" past this many bytes.
    let failAfterBytes: Int?
    private(set) var written = 0
    /// What was created inside `temporary`, relative, in creation order.
    private(set) var files: [String] = []
    private(set) var directories: [String] = []

    /// Checks the destination and creates the temporary directory beside it.
    ///
    /// - Throws: `OutputError` when the destination exists and is not an empty
    ///   directory, when its parent is missing, or when the directory cannot be made.
    init(destination: String, failAfterBytes: Int? = nil) throws(OutputError) {
        var trimmed = destination
        while trimmed.count > 1, trimmed.hasSuffix("/") { trimmed.removeLast() }
        self.destination = destination
        self.target = trimmed
        self.temporary = trimmed + ".tmp-\(getpid())"
        self.failAfterBytes = failAfterBytes
        var info = stat()
        if lstat(trimmed, &info) == 0 {
            guard (info.st_mode & S_IFMT) == S_IFDIR else {
                throw OutputError(file: destination, message: "exists and is not a directory; give a new directory for the export")
            }
            guard Self.isEmptyDirectory(trimmed) else {
                throw OutputError(file: destination, message: "exists and is not empty; an export never writes over existing files: remove it or give a new directory")
            }
        }
        guard mkdir(temporary, 0o755) == 0 else {
            let code = errno
            if code == EEXIST {
                throw OutputError(file: temporary, message: "exists (left by an interrupted export?); remove it and try again")
            }
            throw OutputError(file: destination, errno: code)
        }
    }

    static func isEmptyDirectory(_ path: String) -> Bool {
        guard let stream = opendir(path) else { return false }
        defer { closedir(stream) }
        while let entry = readdir(stream) {
            let isDot = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                raw[0] == 0x2E && (raw[1] == 0 || (raw[1] == 0x2E && raw[2] == 0))
            }
            if !isDot { return false }
        }
        return true
    }

    /// The path a relative name has inside the temporary directory.
    func temporaryPath(_ name: String) -> String { temporary + "/" + name }

    /// The path a relative name will have, for messages.
    func finalPath(_ name: String) -> String { joinPath(destination, name) }

    /// Creates a subdirectory.
    mutating func makeDirectory(_ name: String) throws(OutputError) {
        guard mkdir(temporaryPath(name), 0o755) == 0 else { throw OutputError(file: finalPath(name), errno: errno) }
        directories.append(name)
    }

    /// Creates a new file and returns its descriptor.
    mutating func createFile(_ name: String, mode: mode_t = 0o644) throws(OutputError) -> Int32 {
        let fd = open(temporaryPath(name), O_WRONLY | O_CREAT | O_EXCL, mode)
        guard fd >= 0 else { throw OutputError(file: finalPath(name), errno: errno) }
        files.append(name)
        return fd
    }

    /// Counts `count` bytes about to be written to the file `name`, failing as a full
    /// disk would once `failAfterBytes` is passed.
    mutating func account(_ count: Int, name: String) throws(OutputError) {
        if let limit = failAfterBytes, written + count > limit {
            throw OutputError(file: finalPath(name), errno: ENOSPC)
        }
        written += count
    }

    /// Writes all of `bytes` at `offset` of `fd`; returns 0 or the `errno` of the failure.
    /// Safe to call from several threads for disjoint ranges.
    static func write(_ bytes: UnsafeRawBufferPointer, to fd: Int32, at offset: Int) -> Int32 {
        guard let base = bytes.baseAddress else { return 0 }
        var failure: Int32 = 0
        let written = FileTransfer.untilDone(bytes.count, failure: &failure) { done in
            pwrite(fd, base + done, bytes.count - done, off_t(offset + done))
        }
        return failure != 0 ? failure : written < bytes.count ? EIO : 0
    }

    /// Syncs and closes a finished file.
    func finish(_ fd: Int32, name: String) throws(OutputError) {
        guard fsync(fd) == 0 else {
            let code = errno
            close(fd)
            throw OutputError(file: finalPath(name), errno: code)
        }
        guard close(fd) == 0 else { throw OutputError(file: finalPath(name), errno: errno) }
    }

    /// Writes a whole small file.
    mutating func writeFile(_ name: String, _ text: String, mode: mode_t = 0o644) throws(OutputError) {
        let fd = try createFile(name, mode: mode)
        var text = text
        do throws(OutputError) {
            try account(text.utf8.count, name: name)
            let code = text.withUTF8 { Self.write(UnsafeRawBufferPointer($0), to: fd, at: 0) }
            if code != 0 { throw OutputError(file: finalPath(name), errno: code) }
        } catch {
            close(fd)
            throw error
        }
        try finish(fd, name: name)
    }

    /// Syncs the directories and renames the temporary directory to the destination.
    func publish() throws(OutputError) {
        for name in directories.reversed() { try syncDirectory(temporaryPath(name), reportAs: finalPath(name)) }
        try syncDirectory(temporary, reportAs: destination)
        guard rename(temporary, target) == 0 else {
            let code = errno
            if code == ENOTEMPTY || code == EEXIST {
                throw OutputError(file: destination, message: "was created by someone else during the export and is not empty")
            }
            throw OutputError(file: destination, errno: code)
        }
        // The rename is durable once the parent directory is synced.
        let parent = target.lastIndex(of: "/").map { $0 == target.startIndex ? "/" : String(target[..<$0]) } ?? "."
        try? syncDirectory(parent, reportAs: parent)
    }

    func syncDirectory(_ path: String, reportAs name: String) throws(OutputError) {
        let fd = open(path, O_RDONLY | O_DIRECTORY)
        guard fd >= 0 else { throw OutputError(file: name, errno: errno) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw OutputError(file: name, errno: errno) }
    }

    /// Removes the files and directories this export created, then the temporary directory.
    func discard() {
        for name in files.reversed() { unlink(temporaryPath(name)) }
        for name in directories.reversed() { rmdir(temporaryPath(name)) }
        rmdir(temporary)
    }
}
