import Foundation
import Testing
@testable import InfluenceCLI
@_spi(Tooling) @testable import InfluenceGraph

/// `influence export`: exit codes, what reaches stdout, scores equal to
/// `rank --by advocate`, and no directory at all after a failed export.
@Suite struct ExportCommandTests {
    /// The entries of `folder`, sorted.
    func entries(_ folder: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).sorted()
    }

    @Test func usageErrorsExit64AndWriteNothing() {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let out = folder.path + "/export"
        let cases: [([String], String)] = [
            (["export", "-o", out], "Error: Missing expected option '--to <engine>'\n"),
            (["export", "--to", "spark"], "Error: Missing expected option '--output <dir>'\n"),
            (["export", "--to", "hive", "-o", out], "Error: The value 'hive' is invalid for '--to <engine>'. Please provide one of 'spark', 'neo4j'\n"),
            (["export", "--to", "spark", "-o", out, "--partitions", "0"],
             "Error: The value '0' is invalid for '--partitions <n>': expected an integer from 1 to 100000\n"),
            (["export", "--to", "neo4j", "-o", out, "--damping", "0.9"], "Error: '--damping' applies only with '--with-scores'\n"),
            (["export", "--to", "neo4j", "-o", out, "--with-scores", "--iterations", "5", "--max-iterations", "9"],
             "Error: The options '--max-iterations' and '--iterations' cannot be used together\n"),
        ]
        for (arguments, message) in cases {
            let result = runCLI(arguments)
            #expect(result.code == 64, "\(arguments)")
            #expect(result.err.hasPrefix(message), "\(result.err)")
            #expect(result.err.contains("See 'influence export --help' for more information."))
            #expect(result.out.isEmpty)
        }
        #expect(entries(folder.path).isEmpty)
    }

    @Test func dataErrorsExit1AndLeaveWhatWasThere() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let missing = runCLI(["export", folder.path + "/nothing.txt", "--to", "spark", "-o", folder.path + "/export"])
        #expect(missing.code == 1)
        #expect(missing.err == "Error: \(folder.path)/nothing.txt: no such file or directory\n")
        folder.write("taken", "")
        try FileManager.default.createDirectory(atPath: folder.path + "/full", withIntermediateDirectories: false)
        folder.write("full/keep.csv", "id\n1\n")
        let full = runCLI(["export", fixtures + "/tiny/shop", "--to", "spark", "-o", folder.path + "/full"])
        #expect(full.code == 1)
        #expect(full.err == "Error: \(folder.path)/full: exists and is not empty; an export never writes over existing files: remove it or give a new directory\n")
        #expect(entries(folder.path + "/full") == ["keep.csv"])
        let noParent = runCLI(["export", fixtures + "/tiny/shop", "--to", "neo4j", "-o", folder.path + "/no/export"])
        #expect(noParent.code == 1)
        #expect(noParent.err == "Error: \(folder.path)/no/export: no such file or directory\n")
        #expect(entries(folder.path) == ["full", "taken"])
    }

    @Test func exportReportsEveryFileItWrote() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let out = folder.path + "/shop"
        let result = runCLI(["export", fixtures + "/tiny/shop", "--to", "spark", "-o", out, "--partitions", "2", "--format", "json"])
        #expect(result.code == 0, "\(result.err)")
        #expect(result.err.contains("Exported "))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.out.utf8)) as? [String: Any])
        #expect(object["to"] as? String == "spark")
        #expect(object["partitions"] as? Int == 2)
        let files = try #require(object["files"] as? [[String: Any]])
        #expect(files.map { $0["file"] as? String ?? "" } == [
            "vertices/part-00000.csv", "vertices/part-00001.csv", "follows/part-00000.csv", "follows/part-00001.csv",
            "referrals/part-00000.csv", "referrals/part-00001.csv", "schema.json", "_SUCCESS"])
        for file in files {
            let path = out + "/" + (file["file"] as? String ?? "")
            #expect(try FileBytes.read(path).count == file["bytes"] as? Int, "\(path)")
        }
        #expect(files.reduce(0) { $0 + ($1["bytes"] as? Int ?? 0) } == object["bytes"] as? Int)
        #expect(entries(folder.path) == ["shop"])
        let table = runCLI(["export", fixtures + "/tiny/shop", "--to", "neo4j", "-o", folder.path + "/graph"])
        #expect(table.code == 0)
        let lines = table.out.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(lines.first == ["file", "rows", "bytes"])
        #expect(lines.contains { $0.first == "customers-header.csv" && $0.dropFirst().first == "0" })
        #expect(lines.contains { $0.first == "import.sh" })
    }

    @Test func withScoresWritesTheValuesRankByAdvocatePrints() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        // CSV carries the shortest round-trip text of each score (Foundation's JSON
        // parser can be an ulp off, which would hide an exact match).
        let rank = runCLI(["rank", fixtures + "/demo", "--by", "advocate", "--top", "25", "--format", "csv", "--damping", "0.8"])
        #expect(rank.code == 0)
        let results = try records(Array(rank.out.utf8))
        #expect(results.first == ["rank", "id", "score", "social", "referral", "wallet", "profile", "followers", "spend"])
        let out = folder.path + "/scored"
        let export = runCLI(["export", fixtures + "/demo", "--to", "spark", "-o", out, "--with-scores", "--damping", "0.8"])
        #expect(export.code == 0, "\(export.err)")
        var advocate: [String: (score: Double, profile: String)] = [:]
        for name in entries(out + "/vertices") {
            for row in try records(FileBytes.read(out + "/vertices/" + name)).dropFirst() {
                advocate[row[1]] = (Double(row[7]) ?? -1, row[8])
            }
        }
        #expect(advocate.count == 20_000)
        for row in results.dropFirst() {
            #expect(advocate[row[1]]?.score == Double(row[2]), "\(row[1])")
            #expect(advocate[row[1]]?.profile == row[6], "\(row[1])")
        }
    }

    /// The records of CSV bytes (at most 16 fields each), as text, through the library's scanner.
    func records(_ bytes: [UInt8]) throws -> [[String]] {
        try bytes.withUnsafeBytes { raw in
            var scanner = CSVScanner(raw)
            let slots = Array(0..<16)
            var spans = [CSVScanner.Span](repeating: .empty, count: slots.count)
            var out: [[String]] = []
            try slots.withUnsafeBufferPointer { slots in
                try spans.withUnsafeMutableBufferPointer { spans in
                    while let n = try scanner.nextRecord(before: raw.count, slots: slots, into: spans) {
                        out.append((0..<min(n, slots.count)).map { String(decoding: scanner.bytes(spans[$0]), as: UTF8.self) })
                    }
                }
            }
            return out
        }
    }

    /// A write that fails midway (the file-size limit of the process, the way a full
    /// disk fails) exits 1 naming the file, and leaves neither the directory nor its
    /// temporary sibling. Runs the built `influence` beside the test bundle, under `sh`.
    @Test func aWriteFailureMidwayLeavesNoDirectory() throws {
        let bundle = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        let binary = bundle.appendingPathComponent("influence").path
        try #require(FileManager.default.isExecutableFile(atPath: binary), "swift test builds \(binary)")
        let folder = TemporaryFolder()
        defer { folder.remove() }
        for engine in ["spark", "neo4j"] {
            let out = folder.path + "/" + engine
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            // Ignoring SIGXFSZ turns the limit into a failed write (EFBIG) instead of a kill.
            process.arguments = ["-c", "trap '' XFSZ; ulimit -f 64; exec \"$0\" export \"$1\" --to \"$2\" -o \"$3\" --partitions 3",
                                 binary, fixtures + "/demo", engine, out]
            let errors = Pipe()
            process.standardError = errors
            process.standardOutput = Pipe()
            try process.run()
            let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 1, "\(message)")
            #expect(message.hasPrefix("Error: \(out)/"), "\(message)")
            #expect(message.hasSuffix(": File too large\n"), "\(message)")
            #expect(entries(folder.path).isEmpty, "\(engine): \(entries(folder.path))")
        }
    }
}
