#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Scratch directories for tests that write files.
enum TestFiles {
    /// A new empty directory under /tmp, or `nil` if it could not be made.
    static func makeDirectory() -> String? {
        var template = Array("/tmp/influence-test-XXXXXX".utf8CString)
        return template.withUnsafeMutableBufferPointer { buffer -> String? in
            guard let base = buffer.baseAddress, mkdtemp(base) != nil else { return nil }
            return String(cString: base)
        }
    }

    /// Removes `directory` and the plain files inside it (tests make no subdirectories
    /// other than the ones passed here).
    static func remove(_ directory: String) {
        if let stream = opendir(directory) {
            while let entry = readdir(stream) {
                let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                    String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
                }
                if name == "." || name == ".." { continue }
                let path = directory + "/" + name
                if unlink(path) != 0 { remove(path) }
            }
            closedir(stream)
        }
        rmdir(directory)
    }
}
