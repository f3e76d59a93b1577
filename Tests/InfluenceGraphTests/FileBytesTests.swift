#if canImport(Glibc)
import Glibc
#endif
import Testing
@_spi(Tooling) @testable import InfluenceGraph

@Suite struct FileBytesTests {
    /// An edge list truncated by another process after it was opened: with a memory
    /// mapping the parse touched pages past the new end of file and the process died
    /// of SIGBUS; the copy keeps the bytes read at open time.
    @Test func edgeListTruncatedDuringLoadLoadsWhatWasRead() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        var text = ""
        for i in 0..<300_000 { text += "\(i) \(i + 1)\n" }  // about 4 MB: several pages and parse chunks
        let path = dir.write("edges.txt", text)
        let options = LoadOptions(threads: 2, progress: { message in
            if message.hasPrefix("parsing ") { _ = truncate(path, 0) }
        })
        let graph = try CustomerGraph.load(from: path, options: options)
        #expect(graph.customerCount == 300_001)
        #expect(graph.follows.count == 300_000)
        #expect(try FileBytes.read(path).isEmpty)
    }

    @Test func directoriesAndMissingFilesAreNamed() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        #expect(throws: InputError(file: dir.path, message: "is a directory, not a file")) {
            try FileBytes.withContents(of: dir.path, threads: 2) { (_: UnsafeRawBufferPointer) throws(InputError) in 0 }
        }
        #expect(throws: InputError(file: dir.path + "/none", message: "no such file or directory")) {
            try FileBytes.withContents(of: dir.path + "/none", threads: 2) { (_: UnsafeRawBufferPointer) throws(InputError) in 0 }
        }
    }
}
