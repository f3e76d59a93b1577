import Foundation
import Testing
@_spi(Tooling) @testable import InfluenceGraph

/// The hostile-input catalogue: every kind of broken or odd export a growth team
/// may feed the loaders, each with the message or the result it must give.
/// (Snapshot damage — bad magic, a newer version, truncation at every section
/// boundary, flipped bytes — is catalogued in SnapshotTests.)
@Suite struct HostileInputTests {
    /// Loads `files` written into a fresh directory (a CSV directory), or the one
    /// file `single` when given; returns the graph or the error.
    func load(_ files: [String: [UInt8]], single: String? = nil, threads: Int = 2) -> Result<CustomerGraph, InputError> {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        for (name, bytes) in files { dir.write(name, bytes: bytes) }
        do {
            return .success(try CustomerGraph.load(from: dir.path + (single.map { "/" + $0 } ?? ""), options: LoadOptions(threads: threads)))
        } catch {
            return .failure(error)
        }
    }

    func csv(_ name: String, _ text: String) -> Result<CustomerGraph, InputError> { load([name: Array(text.utf8)]) }
    func edges(_ bytes: [UInt8]) -> Result<CustomerGraph, InputError> { load(["edges.txt": bytes], single: "edges.txt") }

    func message(_ result: Result<CustomerGraph, InputError>) -> String? {
        if case .failure(let error) = result { return error.description }
        return nil
    }

    @Test func emptyFiles() {
        #expect(message(csv("customers.csv", ""))?.hasSuffix("customers.csv:1: empty file: expected a header row naming the columns id") == true)
        #expect(message(csv("follows.csv", ""))?.hasSuffix("follows.csv:1: empty file: expected a header row naming the columns follower, followee") == true)
        // A zero-byte edge list is more likely a failed export than an empty graph.
        #expect(message(edges([]))?.hasSuffix("edges.txt: empty file: expected one edge per line as 'source target [weight]'") == true)
    }

    @Test func headerOnly() throws {
        let graph = try csv("follows.csv", "follower,followee\n").get()
        #expect(graph.customerCount == 0)
        #expect(graph.follows.count == 0)
        #expect(graph.report.followRows == 0)
        let comments = try edges(Array("# FromNodeId\tToNodeId\n".utf8)).get()
        #expect(comments.customerCount == 0)
    }

    @Test func missingHeader() {
        #expect(message(csv("follows.csv", "A,B\nB,C\n"))?.hasSuffix(
            "follows.csv:1: header lacks columns 'follower', 'followee' (header is 'A,B'; expected follower,followee plus any of weight); did you mean 'A' for follower, 'B' for followee? pass --columns follows.follower=A,follows.followee=B") == true)
        #expect(message(csv("follows.csv", "who\nA\n"))?.hasSuffix(
            "(header is 'who'; expected follower,followee plus any of weight); did you mean 'who' for follower? pass --columns follows.follower=who") == true)
    }

    @Test func otherDelimitersAreDetectedAndAForcedWrongOneIsNamed() throws {
        for (text, delimiter) in [("follower;followee\nA;B\n", CSVDelimiter.semicolon), ("follower\tfollowee\nA\tB\n", .tab)] {
            let graph = try csv("follows.csv", text).get()
            #expect(graph.follows.followers.lists == [[], [0]])
            let dir = TemporaryDirectory()
            defer { dir.remove() }
            dir.write("follows.csv", bytes: Array(text.utf8))
            let forced = Result { () throws(InputError) in try CustomerGraph.load(csv: CSVSources(directory: dir.path, delimiter: .comma)) }
            let name = delimiter == .tab ? "tabs" : "semicolons"
            #expect(message(forced)?.hasSuffix(
                "expected follower,followee plus any of weight); the header is split by \(name), not commas: pass --delimiter \(delimiter) (or leave --delimiter out to detect it)") == true)
        }
    }

    @Test func unterminatedQuote() {
        #expect(message(csv("customers.csv", "id,name\nA,\"Li\nB,Ana\n"))?.hasSuffix(
            "customers.csv:2: unterminated quoted field (opened here, never closed)") == true)
    }

    @Test func nulBytes() {
        #expect(message(load(["follows.csv": Array("follower,followee\nA".utf8) + [0] + Array("x,B\n".utf8)]))?.hasSuffix(
            "follows.csv:2: NUL byte in a field (is this a binary file?)") == true)
        #expect(message(edges(Array("1 2\n3".utf8) + [0] + Array(" 4\n".utf8)))?.hasSuffix(
            "edges.txt:2: NUL byte in an id (is this a binary file?)") == true)
    }

    @Test func invalidUTF8InIds() {
        #expect(message(load(["follows.csv": Array("follower,followee\nA".utf8) + [0xFF, 0xFE] + Array(",B\n".utf8)]))?.hasSuffix(
            "follows.csv:2: id is not valid UTF-8 ('A\u{FFFD}\u{FFFD}')") == true)
        #expect(message(edges(Array("1 2\na".utf8) + [0xC3] + Array(" b\n".utf8)))?.hasSuffix(
            "edges.txt:2: id is not valid UTF-8 ('a\u{FFFD}')") == true)
    }

    @Test func megabyteIds() throws {
        let long = String(repeating: "x", count: 1 << 20)
        let graph = try csv("follows.csv", "follower,followee\n\(long),B\nB,\(long)\n").get()
        #expect(graph.customerCount == 2)
        #expect(graph.customers.id(0) == long)
        #expect(graph.follows.count == 2)
        let fromEdges = try edges(Array("1 \(long)\n\(long) 2\n".utf8)).get()
        #expect(fromEdges.customerCount == 3)
        #expect(fromEdges.customers.index(of: long) == 1)
    }

    @Test func extremeNumbers() throws {
        let cases: [(String, String, String)] = [
            ("customers.csv", "id,spend\nA,1e309\n", "customers.csv:2: spend is out of range ('1e309')"),
            ("customers.csv", "id,spend\nA,NaN\n", "customers.csv:2: spend is not a number ('NaN')"),
            ("customers.csv", "id,spend\nA,10\nB,-3\n", "customers.csv:3: spend must not be negative ('-3')"),
            ("follows.csv", "follower,followee,weight\nA,B,1e309\n", "follows.csv:2: weight is out of range ('1e309')"),
            ("follows.csv", "follower,followee,weight\nA,B,nan\n", "follows.csv:2: weight is not a number ('nan')"),
            ("referrals.csv", "referrer,referee,revenue\nA,B,-1\n", "referrals.csv:2: revenue must not be negative ('-1')"),
        ]
        for (name, text, expected) in cases {
            let got = message(csv(name, text))
            #expect(got?.hasSuffix(expected) == true, "\(text): \(got ?? "loaded")")
        }
        #expect(message(edges(Array("1 2 1e309\n".utf8)))?.hasSuffix("edges.txt:1: weight is not a finite number of at least 0 ('1e309')") == true)
        #expect(message(edges(Array("1 2 NaN\n".utf8)))?.hasSuffix("edges.txt:1: weight is not a finite number of at least 0 ('NaN')") == true)
        // -0 is zero, stored with a plus sign so output never prints "-0".
        let zero = try csv("customers.csv", "id,spend\nA,-0\n").get()
        #expect(zero.attributes.spend(0) == 0 && zero.attributes.spend(0).sign == .plus)
        let weight = try edges(Array("1 2 -0\n".utf8)).get()
        #expect(weight.follows.followeeWeights == [0])
        #expect(weight.follows.followeeWeights?[0].sign == .plus)
    }

    @Test func tenMegabyteLines() throws {
        let filler = String(repeating: "y", count: 10 << 20)
        // A 10 MB quoted name is a value like any other.
        let customers = try csv("customers.csv", "id,name,spend\nA,\"\(filler)\",5\nB,Bo,6\n").get()
        #expect(customers.attributes.name(0).utf8.count == 10 << 20)
        #expect(customers.attributes.spend(1) == 6)
        // A 10 MB comment line in an edge list is skipped; line numbers stay right after it.
        let commented = edges(Array("# \(filler)\n1 2\n3\n".utf8))
        #expect(message(commented)?.hasSuffix("edges.txt:3: expected 'source target' on the line, found one id") == true)
        let graph = try edges(Array("# \(filler)\n1 2\n2 3\n".utf8)).get()
        #expect(graph.follows.count == 2)
    }

    @Test func directoryWhereAFileBelongs() {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        try? FileManager.default.createDirectory(atPath: dir.path + "/customers.csv", withIntermediateDirectories: true)
        dir.write("follows.csv", "follower,followee\nA,B\n")
        do {
            _ = try CustomerGraph.load(from: dir.path, options: LoadOptions(threads: 1))
            Issue.record("expected an error")
        } catch {
            #expect(error.description == dir.path + "/customers.csv: is a directory, not a file")
        }
    }

    @Test func fileWithoutReadPermission() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.write("edges.txt", "1 2\n2 3\n")
        chmod(path, 0)
        defer { chmod(path, 0o644) }
        do {
            let graph = try CustomerGraph.load(from: path, options: LoadOptions(threads: 1))
            // Root reads every file whatever its mode bits; then the load must simply be right.
            #expect(geteuid() == 0, "a file without read permission was read")
            #expect(graph.follows.count == 2)
        } catch {
            #expect(geteuid() != 0)
            #expect(error.description == path + ": permission denied")
        }
    }

    /// A snapshot header that declares far more than the file holds is refused from
    /// the header alone, before any array is allocated for it.
    @Test func declaredSizesBeyondTheFileAreRefused() throws {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let good = dir.path + "/good.igs"
        let graph = try CustomerGraph.load(from: dir.write("e.txt", "1 2\n2 3\n"), options: LoadOptions(threads: 1))
        try graph.writeSnapshot(to: good, threads: 1)
        let bytes = try FileBytes.read(good)
        func refused(_ patch: (inout [UInt8]) -> Void) -> String {
            var bad = bytes
            patch(&bad)
            let path = dir.write("bad.igs", bytes: bad)
            do { _ = try SnapshotFile.read(path, threads: 1); return "(read succeeded)" } catch { return error.message }
        }
        func put(_ value: UInt64, at offset: Int, width: Int, into b: inout [UInt8]) {
            for k in 0..<width { b[offset + k] = UInt8(truncatingIfNeeded: value >> (8 * UInt64(k))) }
        }
        // Total length of 2^62 bytes.
        #expect(refused { put(1 << 62, at: 16, width: 8, into: &$0) } == "truncated: expected 4611686018427387904 bytes, file has \(bytes.count)")
        // Four billion sections: a 128 GiB table the file cannot hold.
        let sections = refused { put(UInt64(UInt32.max), at: 12, width: 4, into: &$0) }
        #expect(sections.hasPrefix("truncated: ") || sections.hasPrefix("corrupted: "), "\(sections)")
        // An edge-list header declaring 10^18 customers allocates nothing for them.
        let declared = try CustomerGraph.load(from: dir.write("h.txt", "1000000000000000000 1000000000000000000\n1 2 0.5\n"), options: LoadOptions(threads: 1))
        #expect(declared.customerCount == 2)
    }
}
