import Testing
@_spi(Tooling) @testable import InfluenceGraph

/// The in-memory entry points the fuzz targets use read exactly what the file
/// paths read, and name the given display name in their errors.
@Suite struct InMemoryLoadTests {
    func snapshotMessage(_ bytes: [UInt8]) -> String? {
        do {
            _ = try bytes.withUnsafeBytes { raw in
                Result { () throws(InputError) in try SnapshotFile.read(raw, name: "memory.igs", threads: 1) }
            }.get()
            return nil
        } catch {
            #expect(error.file == "memory.igs")
            return error.message
        }
    }

    @Test func snapshotFromMemoryMatchesTheFile() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let graph = try SnapshotTests.shop()
        let path = dir.path + "/shop.igs"
        try graph.writeSnapshot(to: path, threads: 2)
        let bytes = try FileBytes.read(path)
        let back = try bytes.withUnsafeBytes { raw in
            Result { () throws(InputError) in try SnapshotFile.read(raw, name: "shop", threads: 2) }
        }.get()
        #expect(back == graph)
        // Every cut gives the file reader's message, naming the display name instead of the path.
        for cut in [0, 5, 24, 100, bytes.count / 2, bytes.count - 1] {
            let memory = snapshotMessage(Array(bytes[0..<cut]))
            let file = dir.write("cut-\(cut).igs", bytes: Array(bytes[0..<cut]))
            #expect(memory != nil && memory == SnapshotTests.message(file), "cut at \(cut)")
        }
        #expect(snapshotMessage(Array(bytes[0..<100])) == "truncated: expected \(bytes.count) bytes, file has 100")
    }

    @Test func csvFileContentsFromMemoryNameTheGivenFile() throws {
        let loader = CSVDirectoryLoader(options: LoadOptions(threads: 1))
        var builder = GraphBuilder()
        let follows = Array("follower,followee\nA,B\nB,\n".utf8)
        let error = follows.withUnsafeBytes { raw in
            Result { () throws(InputError) in try loader.loadFollows(raw, name: "f.csv", into: &builder) }
        }
        #expect(throws: InputError(file: "f.csv", line: 3, message: "empty followee id")) { try error.get() }

        builder = GraphBuilder()
        let customers = Array("id,spend\nA,5\nB,7\n".utf8)
        try customers.withUnsafeBytes { raw in
            Result { () throws(InputError) in try loader.loadCustomers(raw, name: "c.csv", into: &builder) }
        }.get()
        let graph = builder.build(threads: 1)
        #expect(graph.customerCount == 2)
        #expect(graph.attributes.spend == [5, 7])
    }
}
