import Foundation
import Testing
@_spi(Tooling) @testable import InfluenceGraph

/// A failed write never damages what was there and never leaves a partial file
/// under a final name. (Snapshots: SnapshotTests.failedWriteLeavesTheOldSnapshot.)
@Suite struct NothingLostTests {
    func contents(_ dir: TemporaryDirectory) throws -> [String: [UInt8]] {
        var files: [String: [UInt8]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: dir.path) where !FileBytes.isDirectory(dir.path + "/" + name) {
            files[name] = try FileBytes.read(dir.path + "/" + name)
        }
        return files
    }

    @Test func aFailedDatasetWriteLeavesTheOldDatasetWhole() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        try SocialCRMGenerator(customers: 200, seed: 1).write(toDirectory: dir.path, threads: 1)
        let before = try contents(dir)
        #expect(before.keys.sorted() == ["customers.csv", "follows.csv", "referrals.csv"])
        // The last file's temporary name is taken by a directory: its write fails
        // after the first two files were written in full.
        let blocker = dir.path + "/referrals.csv.tmp-\(getpid())"
        try FileManager.default.createDirectory(atPath: blocker, withIntermediateDirectories: false)
        #expect(throws: OutputError.self) {
            try SocialCRMGenerator(customers: 300, seed: 2).write(toDirectory: dir.path, threads: 1)
        }
        #expect(try contents(dir) == before)
        try FileManager.default.removeItem(atPath: blocker)
        try SocialCRMGenerator(customers: 300, seed: 2).write(toDirectory: dir.path, threads: 1)
        #expect(try contents(dir) != before)
    }

    @Test func aFailedFileWriteRemovesItsTemporaryFile() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.write("chart.svg", "old")
        var file = try AtomicFile(path: path, failAfterBytes: 10)
        #expect(throws: OutputError.self) { try file.write(String(repeating: "x", count: 1 << 17)) }
        _ = consume file
        #expect(try contents(dir) == ["chart.svg": Array("old".utf8)])
    }
}
