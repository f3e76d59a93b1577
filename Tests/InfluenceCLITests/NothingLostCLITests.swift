import Foundation
import Testing
@testable import InfluenceCLI
@_spi(Tooling) @testable import InfluenceGraph

/// Commands whose output write fails exit 1, name the file, and leave the old
/// file (or dataset) byte for byte, with no temporary file behind.
@Suite struct NothingLostCLITests {
    func snapshot(_ folder: TemporaryFolder) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) where !FileBytes.isDirectory(folder.path + "/" + name) {
            files[name] = try FileBytes.read(folder.path + "/" + name)
        }
        return files
    }

    /// Runs `arguments` twice: once to create `output`, then again with
    /// `secondArguments` while the temporary name of `blocked` is taken by a directory.
    func check(create arguments: [String], overwrite secondArguments: [String], blocked: String, in folder: TemporaryFolder) throws {
        #expect(runCLI(arguments).code == 0)
        let before = try snapshot(folder)
        let blocker = blocked + ".tmp-\(getpid())"
        try FileManager.default.createDirectory(atPath: blocker, withIntermediateDirectories: false)
        defer { try? FileManager.default.removeItem(atPath: blocker) }
        let failed = runCLI(secondArguments)
        #expect(failed.code == 1, "\(secondArguments): \(failed.err)")
        #expect(failed.err.contains(blocked), "\(failed.err)")
        #expect(try snapshot(folder) == before)
    }

    @Test func importOverAnExistingSnapshot() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let out = folder.path + "/shop.igs"
        try check(create: ["import", fixtures + "/tiny/shop", "-o", out],
                  overwrite: ["import", fixtures + "/demo", "-o", out], blocked: out, in: folder)
    }

    @Test func generateOverExistingOutput() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let edges = folder.path + "/g.el"
        try check(create: ["generate", "--kind", "rmat", "--scale", "6", "-o", edges],
                  overwrite: ["generate", "--kind", "rmat", "--scale", "7", "-o", edges], blocked: edges, in: folder)
        let data = folder.path + "/crm"
        #expect(runCLI(["generate", "--kind", "scrm", "--customers", "100", "-o", data]).code == 0)
        let before = try FileManager.default.contentsOfDirectory(atPath: data).sorted().map { try FileBytes.read(data + "/" + $0) }
        let blocker = data + "/follows.csv.tmp-\(getpid())"
        try FileManager.default.createDirectory(atPath: blocker, withIntermediateDirectories: false)
        let failed = runCLI(["generate", "--kind", "scrm", "--customers", "150", "-o", data])
        #expect(failed.code == 1)
        try FileManager.default.removeItem(atPath: blocker)
        let after = try FileManager.default.contentsOfDirectory(atPath: data).sorted().map { try FileBytes.read(data + "/" + $0) }
        #expect(after == before)
    }

    @Test func seedsChartOverAnExistingChart() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let chart = folder.path + "/curve.svg"
        try check(create: ["seeds", fixtures + "/tiny/shop", "--k", "2", "--svg", chart],
                  overwrite: ["seeds", fixtures + "/tiny/shop", "--k", "3", "--svg", chart], blocked: chart, in: folder)
    }
}
