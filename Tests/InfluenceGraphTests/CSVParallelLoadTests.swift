import Foundation
import Testing
@_spi(Tooling) @testable import InfluenceGraph

/// The parallel CSV loader against the serial reference loader: the same graph, bit
/// for bit, and the same errors at the same lines, whatever the chunk size and the
/// thread count.
@Suite struct CSVParallelLoadTests {
    /// Three files in memory, loaded in directory order by `load`.
    struct Export {
        var customers: [UInt8]?
        var follows: [UInt8]?
        var referrals: [UInt8]?
    }

    /// The graph (or the first error) the fast loader builds with these settings.
    static func fast(_ export: Export, chunkBytes: Int, threads: Int, skipBadRows: Bool = false) -> Result<CustomerGraph, InputError> {
        var loader = CSVDirectoryLoader(options: LoadOptions(skipBadRows: skipBadRows, threads: threads))
        loader.chunkBytes = chunkBytes
        return build(export, threads: threads) { (file, bytes, name, builder: inout GraphBuilder) throws(InputError) in
            switch file {
            case 0: try loader.loadCustomers(bytes, name: name, into: &builder)
            case 1: try loader.loadFollows(bytes, name: name, into: &builder)
            default: try loader.loadReferrals(bytes, name: name, into: &builder)
            }
        }
    }

    /// The graph (or the first error) the serial reference loader builds.
    static func reference(_ export: Export, skipBadRows: Bool = false) -> Result<CustomerGraph, InputError> {
        let loader = ReferenceCSVLoader(options: LoadOptions(skipBadRows: skipBadRows, threads: 1))
        return build(export, threads: 1) { (file, bytes, name, builder: inout GraphBuilder) throws(InputError) in
            switch file {
            case 0: try loader.loadCustomers(bytes, name: name, into: &builder)
            case 1: try loader.loadFollows(bytes, name: name, into: &builder)
            default: try loader.loadReferrals(bytes, name: name, into: &builder)
            }
        }
    }

    static func build(_ export: Export, threads: Int,
                      _ load: (Int, UnsafeRawBufferPointer, String, inout GraphBuilder) throws(InputError) -> Void) -> Result<CustomerGraph, InputError> {
        var builder = GraphBuilder()
        let files = [("customers.csv", export.customers), ("follows.csv", export.follows), ("referrals.csv", export.referrals)]
        for (i, (name, contents)) in files.enumerated() {
            guard let contents else { continue }
            let outcome = contents.withUnsafeBytes { raw in Result { () throws(InputError) in try load(i, raw, name, &builder) } }
            if case .failure(let error) = outcome { return .failure(error) }
        }
        return .success(builder.build(threads: threads))
    }

    /// The snapshot bytes of `graph`.
    static func snapshot(_ graph: CustomerGraph) throws -> [UInt8] {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.path + "/g.igs"
        try graph.writeSnapshot(to: path, threads: 1)
        return try FileBytes.read(path)
    }

    /// Expects the fast loader to agree with the reference at several chunk sizes and thread counts.
    static func expectAgreement(_ export: Export, chunkSizes: [Int], skipBadRows: Bool = false,
                                sourceLocation: SourceLocation = #_sourceLocation) throws {
        let expected = reference(export, skipBadRows: skipBadRows)
        var expectedSnapshot: [UInt8] = []
        if case .success(let graph) = expected { expectedSnapshot = try snapshot(graph) }
        for chunkBytes in chunkSizes {
            for threads in [1, 2, 3] {
                let got = fast(export, chunkBytes: chunkBytes, threads: threads, skipBadRows: skipBadRows)
                switch (expected, got) {
                case (.success, .success(let graph)):
                    #expect(try snapshot(graph) == expectedSnapshot, "chunk \(chunkBytes), threads \(threads)", sourceLocation: sourceLocation)
                case (.failure(let a), .failure(let b)):
                    #expect(a == b, "chunk \(chunkBytes), threads \(threads)", sourceLocation: sourceLocation)
                default:
                    Issue.record("chunk \(chunkBytes), threads \(threads): \(expected) vs \(got)", sourceLocation: sourceLocation)
                }
            }
        }
    }

    static func expectAgreementOnErrors(_ export: Export, chunkSizes: [Int], sourceLocation: SourceLocation = #_sourceLocation) throws {
        for skip in [false, true] {
            let expected = reference(export, skipBadRows: skip)
            for chunkBytes in chunkSizes {
                for threads in [1, 2, 3] {
                    let got = fast(export, chunkBytes: chunkBytes, threads: threads, skipBadRows: skip)
                    switch (expected, got) {
                    case (.success(let a), .success(let b)):
                        #expect(try snapshot(a) == snapshot(b), "skip \(skip), chunk \(chunkBytes), threads \(threads)", sourceLocation: sourceLocation)
                        #expect(a.report.firstBadRows == b.report.firstBadRows, sourceLocation: sourceLocation)
                    case (.failure(let a), .failure(let b)):
                        #expect(a == b, "skip \(skip), chunk \(chunkBytes), threads \(threads)", sourceLocation: sourceLocation)
                    default:
                        Issue.record("skip \(skip), chunk \(chunkBytes), threads \(threads): \(expected) vs \(got)", sourceLocation: sourceLocation)
                    }
                }
            }
        }
    }

    static func bytes(_ path: String) throws -> [UInt8] { try FileBytes.read(path) }

    /// A quote inside an unquoted field (`b"`) flips the quote count the chunks are
    /// cut by, so a chunk can start at a line feed inside a quoted field and read a
    /// record through the chunks after it, more bytes than its room holds. Such a
    /// chunk's scan ends past the next chunk's start and the window is read again as
    /// one chunk: the load agrees with the reference instead of stopping the
    /// process. (A customers file the CSV fuzz target found, 2026-12-07.)
    @Test func aChunkReadingARecordPastItsEndIsReadAgain() throws {
        let customers: [UInt8] = [0xEF, 0xBB, 0xBF] + Array("id,Asegment,spspend\r\n\u{02}a\r\nb\"\r\n\"a\r\nb\",vip,1eend\r\n\"a\r\nb\"\r\n\"a\r\nNumericb\",vid\ni".utf8)
            + [0xFF, 0xFE] + Array("fid\n".utf8)
        try Self.expectAgreementOnErrors(Export(customers: customers), chunkSizes: [1, 2, 3, 5, 8])
        let long: [UInt8] = Array(("id,name\nx\"1,a\n\"" + String(repeating: "L\n", count: 200) + "\",b\nlast,c\n").utf8)
        try Self.expectAgreementOnErrors(Export(customers: long), chunkSizes: [2, 7, 64])
    }

    @Test func demoExportMatchesTheReferenceBitForBit() throws {
        let export = Export(customers: try Self.bytes(demoFixture + "/customers.csv"), follows: try Self.bytes(demoFixture + "/follows.csv"),
                            referrals: try Self.bytes(demoFixture + "/referrals.csv"))
        try Self.expectAgreement(export, chunkSizes: [1 << 16, 4096])
    }

    @Test func generatedExportMatchesTheReferenceBitForBit() throws {
        let files = try SocialCRMGenerator(customers: 200_000, seed: 11).render(threads: 2)
        let export = Export(customers: files.customers, follows: files.follows, referrals: files.referrals)
        let expected = try Self.snapshot(Self.reference(export).get())
        for (chunkBytes, threads) in [(1 << 20, 2), (1 << 16, 3)] {
            let graph = try Self.fast(export, chunkBytes: chunkBytes, threads: threads).get()
            #expect(try Self.snapshot(graph) == expected, "chunk \(chunkBytes), threads \(threads)")
        }
    }

    /// Rows as short as they come (`1,2`, with and without weights, referrals with
    /// empty times), where a chunk's rows fill the room its line ends allow: the
    /// reference's graph, and a bad row its line, at any chunk size and thread count.
    @Test func chunksOfShortRowsFillTheirRoom() throws {
        var random = SplitMix64(seed: 21)
        func id() -> Int { Int(random.next() % 40) }
        var follows = "follower,followee,weight\n"
        var plain = "follower,followee\n"
        var referrals = "referrer,referee,time,revenue\n"
        for _ in 0 ..< 6_000 {
            follows += "\(id()),\(id()),\(random.next() % 3)\n"
            plain += "\(id()),\(id())\n"
            referrals += "\(id()),\(id()),,\n"
        }
        #expect(plain.utf8.count / 6_000 < 16 / 2)
        for follows in [follows, plain] {
            let export = Export(customers: nil, follows: Array(follows.utf8), referrals: Array(referrals.utf8))
            try Self.expectAgreement(export, chunkSizes: [1 << 14, 1 << 12, 700])
        }
        let bad = Export(customers: nil, follows: Array((plain + "7,x,y,z\n" + "1,2\n").utf8), referrals: nil)
        try Self.expectAgreementOnErrors(bad, chunkSizes: [1 << 14, 700])
    }

    /// Runs of rows that repeat the id above them in either column, which skip the
    /// lookup: ids the customers file lacks (new customers from edges), quoted ids
    /// with doubled quotes (read escaped, so never matched against the row above),
    /// runs across chunk boundaries, and bad rows inside a run, which must not break it.
    @Test func repeatedIDsTakeTheIndexAbove() throws {
        // The mark is never a customer index: indices stop below the capacity limit.
        #expect(Int(CSVDirectoryLoader.IDPairChunk.sameAsAbove) >= CustomerTable.capacityLimit)
        var random = SplitMix64(seed: 33)
        var customers = "id\n"
        for c in 0 ..< 50 { customers += "c\(c)\n" }
        var follows = "follower,followee\n", referrals = "referrer,referee,time,revenue\n"
        var lines = 0
        for _ in 0 ..< 900 {
            let follower = random.next() % 3 == 0 ? "new\(random.next() % 30)" : "c\(random.next() % 80)"
            let quoted = random.next() % 5 == 0
            let name = quoted ? "\"\(follower)\"\"q\"" : follower
            let followee = "c\(random.next() % 60)"
            for _ in 0 ..< 1 + Int(random.next() % 6) {
                // Now and then the followee repeats too, or the run starts over.
                follows += "\(name),\(random.next() % 4 == 0 ? followee : "c\(random.next() % 60)")\n"
                referrals += "\(name),\(followee),,1.5\n"
                lines += 1
            }
        }
        #expect(lines > 2_000)
        let export = Export(customers: Array(customers.utf8), follows: Array(follows.utf8), referrals: Array(referrals.utf8))
        try Self.expectAgreement(export, chunkSizes: [1 << 14, 1 << 10, 300])
        // A bad row inside a run is skipped; the rows after it still repeat the one before it.
        let bad = Export(customers: nil, follows: Array("follower,followee\nx,1\nx,2\nx\nx,3\n\"y\",4\n\"y\",5\n".utf8), referrals: nil)
        let skipped = try Self.fast(bad, chunkBytes: 1 << 14, threads: 2, skipBadRows: true).get()
        let expected = try Self.reference(bad, skipBadRows: true).get()
        #expect(try Self.snapshot(skipped) == Self.snapshot(expected))
        let x = try #require(skipped.customers.index(of: "x")), y = try #require(skipped.customers.index(of: "y"))
        #expect(skipped.follows.followees.neighbors(of: x).count == 3 && skipped.follows.followees.neighbors(of: y).count == 2)
    }

    /// Ids of every length the batched lookups treat apart: short ones held whole
    /// in their key, long ones (UUID-like) recorded by address, quoted ones with
    /// doubled quotes (read escaped, looked up at once), and ones the customers file
    /// lacks, whose new customers must be numbered in file order; with and without
    /// a customers file, at chunk sizes that cut the file into many batches.
    @Test func idsOfEveryKindAreLookedUpInFileOrder() throws {
        var random = SplitMix64(seed: 47)
        func id(_ n: UInt64) -> String {
            switch n % 4 {
            case 0: return "c\(n)"
            case 1: return "x\(n)-\(String(repeating: "0123456789abcdef", count: 2))"
            case 2: return "\"q\"\"\(n)\""
            default: return "\"long quoted \"\"\(n)\"\" id\""
            }
        }
        var customers = "id\n"
        for n in 0 ..< 300 where n % 3 != 0 { customers += "\(id(UInt64(n)))\n" }
        var follows = "follower,followee\n", referrals = "referrer,referee,time,revenue\n"
        for _ in 0 ..< 4_000 {
            follows += "\(id(random.next() % 400)),\(id(random.next() % 400))\n"
            referrals += "\(id(random.next() % 400)),\(id(random.next() % 400)),,2\n"
        }
        let full = Export(customers: Array(customers.utf8), follows: Array(follows.utf8), referrals: Array(referrals.utf8))
        try Self.expectAgreement(full, chunkSizes: [1 << 16, 1 << 12, 500])
        let edgesOnly = Export(customers: nil, follows: Array(follows.utf8), referrals: Array(referrals.utf8))
        try Self.expectAgreement(edgesOnly, chunkSizes: [1 << 12, 500])
        let graph = try Self.fast(edgesOnly, chunkBytes: 500, threads: 3).get()
        #expect(graph.customers.index(of: "q\"2") != nil && graph.customers.index(of: "x1-" + String(repeating: "0123456789abcdef", count: 2)) != nil)
    }

    /// Follow weights with more distinct values than 16-bit codes tell apart: in
    /// one chunk, which goes over to Doubles partway, or spread over chunks that
    /// each code theirs, whose codes the build turns back into Doubles; and a few
    /// values in many chunks, coded throughout. The reference's graph every time.
    @Test func followWeightsBeyondTheCodesMatchTheReference() throws {
        var many = "follower,followee,weight\n", few = many
        var random = SplitMix64(seed: 51)
        for i in 0 ..< 70_000 {
            let a = random.next() % 500, b = random.next() % 500
            many += "\(a),\(b),\(i).\(random.next() % 10)\n"
            few += "\(a),\(b),\(random.next() % 50).25\n"
        }
        try Self.expectAgreement(Export(customers: nil, follows: Array(many.utf8), referrals: nil), chunkSizes: [1 << 22, 1 << 16])
        try Self.expectAgreement(Export(customers: nil, follows: Array(few.utf8), referrals: nil), chunkSizes: [1 << 14])
    }

    /// Follow weights written many ways, each text again and again (a chunk codes a
    /// text it met before without parsing it): texts of one value and of values one
    /// digit apart, padded, empty, `-0`, long, quoted, and bad ones after good ones
    /// that share their start. The reference's graph, bad rows and first error.
    @Test func weightsWrittenAlikeGetTheValueOfTheirText() throws {
        let texts = ["0.8", "0.80", " 0.8", "0.81", "0.18", "8", "", "-0", "0", "1e0", "1E-1", "0.123456789",
                     "\"0.5\"", "\"0.8\"", "3.", ".5", "7", "0.8 ", "12345.6"]
        let bad = ["0.8x", "0.81.", "-0.8", "0..8", "x"]
        var follows = "follower,followee,weight\n"
        var random = SplitMix64(seed: 17)
        for row in 0 ..< 3000 {
            let pick = random.next() % 40
            let text = pick == 0 && row > 100 ? bad[Int(random.next() % UInt64(bad.count))] : texts[Int(random.next() % UInt64(texts.count))]
            follows += "F\(random.next() % 60),F\(random.next() % 60),\(text)\n"
        }
        let export = Export(customers: nil, follows: Array(follows.utf8), referrals: nil)
        try Self.expectAgreementOnErrors(export, chunkSizes: [256, 4096, 1 << 20])
        // Without the bad rows, every weight's value.
        let good = follows.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { line in !bad.contains { line.hasSuffix(",\($0)") } }.joined(separator: "\n")
        let goodExport = Export(customers: nil, follows: Array(good.utf8), referrals: nil)
        if case .failure(let error) = Self.reference(goodExport, skipBadRows: false) { Issue.record("the good rows fail: \(error)") }
        try Self.expectAgreement(goodExport, chunkSizes: [256, 1 << 20])
    }

    /// Names full of quoted line breaks, delimiters and doubled quotes, CRLF and LF
    /// lines, a byte-order mark and blank lines, with chunks of a few bytes so that
    /// boundaries fall inside every kind of field.
    @Test func quotedNewlinesCommasAndMixedLineEndsAtEveryChunkSize() throws {
        var rng = SplitMix64(seed: 5, stream: 1)
        let pieces = ["Ann", "\"Lee, Jo\"", "\"two\nlines\"", "\"say \"\"hi\"\"\"", "\"a\r\nb\"", "Zoë", "\"\"", "O\"Brien", "\"x,\ny,\r\nz\""]
        var customers = "\u{FEFF}id,name,spend,segment\r\n"
        var follows = "follower,followee,weight\n"
        for i in 0 ..< 300 {
            let end = rng.next() % 2 == 0 ? "\r\n" : "\n"
            customers += "C\(i),\(pieces[Int(rng.next() % UInt64(pieces.count))]),\(rng.next() % 1000).5,\(["vip", "", "\"new\"", "a,b"].map { $0 == "a,b" ? "\"a,b\"" : $0 }[Int(rng.next() % 4)])\(end)"
            if rng.next() % 7 == 0 { customers += end }
            follows += "C\(rng.next() % 320),C\(rng.next() % 300),\(rng.next() % 5)\(end)"
        }
        let export = Export(customers: Array(customers.utf8), follows: Array(follows.utf8),
                            referrals: Array("referrer,referee,time,revenue\nC1,C2,2026-01-01,5\r\n\nC2,\"C3\",,\nC400,C1,1700000000,1.5".utf8))
        try Self.expectAgreement(export, chunkSizes: [1, 7, 64, 1000])
    }

    /// Bad rows of every kind, anywhere: the same first error (file and line) without
    /// skipping, and the same counts and first ten with `skipBadRows`.
    @Test func errorsKeepTheirFileAndLineAtAnyChunkSize() throws {
        let customers = "id,name,spend,orders\nA,\"x\ny\",1,2\nB,b,-3,1\nC,c,1,x\nA,dup,1,1\n,empty,1,1\nD,\"Q\",nan,1\nE,e,1\n" + (0 ..< 40).map { "K\($0),k,1,1\n" }.joined() + "K3,again,2,2\n"
        let follows = "follower,followee,weight\nA,B,1\nA,,1\nB,C,oops\nB\nC,D,-1\n¤bad,A,1\nK1,K2,1\nA,¤,1\nnew1,new2,2\n"
        let referrals = "referrer,referee,time,revenue\nA,B,2026-13-01,1\nA,B,2026-01-01,x\nnew2,new3,2026-01-02,4\nB,¤,2026-01-03,1\nnew3,A,5\n"
        // `¤` stands for a byte that is not UTF-8.
        func raw(_ text: String) -> [UInt8] { text.unicodeScalars.flatMap { $0 == "¤" ? [0xFF] : Array(String($0).utf8) } }
        let export = Export(customers: raw(customers), follows: raw(follows), referrals: raw(referrals))
        try Self.expectAgreementOnErrors(export, chunkSizes: [1, 5, 33, 1 << 20])
        // An unterminated quote ends the file; a stray quote fools the quote count only.
        let broken = Export(customers: Array("id,name\nA,a\nB,O\"Neil\nC,c\nD,\"never closed\nE,e\n".utf8), follows: nil, referrals: nil)
        try Self.expectAgreementOnErrors(broken, chunkSizes: [1, 3, 9, 1 << 20])
    }

    /// Duplicate ids scattered through every chunk, some bringing the first row of a
    /// segment label: the rows around them keep their names, spend, orders and
    /// segments, and a label only a duplicate row held is never numbered. Bad rows
    /// among them shift the records the duplicates are reported at. Windows of
    /// over 4,096 rows at several threads intern their ids as a batch (see
    /// `CustomerTable.internInOrder`), smaller ones one at a time.
    @Test func duplicateCustomersAmongRunsOfRowsMatchTheReference() throws {
        var rng = SplitMix64(seed: 31)
        var customers = "id,name,spend,orders,segment\n"
        var seen: [Int] = []
        for i in 0 ..< 6_000 {
            let duplicate = i > 10 && rng.next() % 9 == 0
            let id = duplicate ? seen[Int(rng.next() % UInt64(seen.count))] : i
            // Now and then a bad spend makes the row a bad one, duplicate or not; a
            // bad row's id is never held, so later rows do not repeat it.
            let bad = i % 17 == 5
            if !duplicate && !bad { seen.append(i) }
            let segment = duplicate && i % 2 == 0 ? "only-dup-\(i)" : ["vip", "", "new", "\"a,b\""][Int(rng.next() % 4)]
            let spend = bad ? "n/a" : "\(rng.next() % 500).25"
            customers += "C\(id),\"Name \(i)\",\(spend),\(rng.next() % 9),\(segment)\n"
        }
        let follows = "follower,followee\nC1,C2\nC3,C1\nX9,C4\n"
        let export = Export(customers: Array(customers.utf8), follows: Array(follows.utf8), referrals: nil)
        try Self.expectAgreementOnErrors(export, chunkSizes: [64, 1000, 1 << 20])
        let graph = try Self.fast(export, chunkBytes: 1000, threads: 2, skipBadRows: true).get()
        #expect(!graph.attributes.segmentNames.contains { $0.hasPrefix("only-dup") })
        #expect(graph.report.firstBadRows.contains { $0.message.contains("duplicate") }
                && graph.report.firstBadRows.contains { $0.message.contains("spend") })
    }

    /// The records of a chunk's good rows, found in one walk, are those the plain
    /// count finds row by row, whatever the bad records around them.
    @Test func recordsOfRowsMatchTheRecordOfEachRow() {
        var rng = SplitMix64(seed: 12)
        for _ in 0 ..< 200 {
            let recordCount = Int(rng.next() % 60)
            var bad: [Int] = [], good: [Int] = []
            for record in 0 ..< recordCount {
                if rng.next() % 3 == 0 { bad.append(record) } else { good.append(record) }
            }
            let rows = (0 ..< good.count).filter { _ in rng.next() % 2 == 0 }
            let records = CSVChunkScan.records(ofRows: rows, badRecords: bad)
            #expect(records == rows.map { CSVChunkScan.record(ofRow: $0, badRecords: bad) })
            #expect(records == rows.map { good[$0] })
        }
    }

    /// Files read window by window: windows of a few bytes cut records everywhere,
    /// grow past records longer than themselves, and a stray quote sends the file
    /// back to be read whole; the graph and the errors stay the reference's.
    @Test func windowsOfEverySizeMatchTheReference() throws {
        let quoted = Array("id,name,spend\nA,\"x\ny\",1\nB,\"a \"\"long\"\" name, with a comma\",2\n\nC,O\"Neil,3\r\nD,d,4".utf8)
        let follows = Array("follower,followee,weight\nA,B,1\nB,\"C\",2\nE,A,\n\"F\nG\",A,1\nA,B,3\n".utf8)
        let referrals = Array("referrer,referee,time,revenue\nA,B,2026-01-01,5\nB,Z,,\n".utf8)
        let bad = Array("follower,followee,weight\nA,B,1\nB,C,x\nC,\"D\nE,F,1\n".utf8)
        for (files, skip) in [([quoted, follows, referrals], false), ([quoted, bad, referrals], false), ([quoted, bad, referrals], true)] {
            let dir = TemporaryDirectory()
            defer { dir.remove() }
            for (name, bytes) in zip(["customers.csv", "follows.csv", "referrals.csv"], files) { dir.write(name, bytes: bytes) }
            let options = LoadOptions(skipBadRows: skip, threads: 2)
            let expected = Result { () throws(InputError) in try ReferenceCSVLoader(options: options).load(directory: dir.path).build(threads: 1) }
            for window in [8, 13, 40, 1 << 20] {
                var loader = CSVDirectoryLoader(options: options)
                loader.windowBytes = window
                loader.chunkBytes = 5
                let got = Result { () throws(InputError) in try loader.load(directory: dir.path).build(threads: 2) }
                switch (expected, got) {
                case (.success(let a), .success(let b)):
                    #expect(try Self.snapshot(a) == Self.snapshot(b), "window \(window), skip \(skip)")
                case (.failure(let a), .failure(let b)):
                    #expect(a == b, "window \(window), skip \(skip)")
                default:
                    Issue.record("window \(window), skip \(skip): \(expected) vs \(got)")
                }
            }
        }
    }

    /// Each chunk's record bound, which sizes a reader's output, is at least the
    /// records a scanner reads from it, whatever the chunk size, with quoted line
    /// breaks, CRLF, blank lines, a stray quote (chunks that do not hold) and, in the
    /// one-chunk case, lone carriage returns; and it is exact for plain lines.
    @Test func recordBoundsHoldEveryRecordOfTheirChunk() {
        var random = SplitMix64(seed: 8)
        let pieces = ["a,b\n", "a,b\r\n", "\n", "\"x\ny\",b\n", "\"p\r\nq\",\"\"\n", "long,row,here\n", "tail"]
        func records(_ bytes: [UInt8], _ chunks: CSVChunks, _ c: Int) -> Int {
            bytes.withUnsafeBytes { raw in
                var scanner = CSVScanner(raw, position: chunks.starts[c], line: chunks.lines[c])
                var count = 0
                var spans = [CSVScanner.Span]()
                spans.withUnsafeMutableBufferPointer { spans in
                    [Int]().withUnsafeBufferPointer { slots in
                        while (try? scanner.nextRecord(before: chunks.starts[c + 1], slots: slots, into: spans)) != nil { count += 1 }
                    }
                }
                return count
            }
        }
        for trial in 0 ..< 40 {
            var text = (0 ..< 300).map { _ in pieces[Int(random.next() % UInt64(pieces.count - 1))] }.joined()
            if trial % 4 == 1 { text += pieces.last! }
            if trial % 4 == 2 { text = text.replacingOccurrences(of: "long", with: "lo\"ng") }
            if trial % 4 == 3 { text = (0 ..< 300).map { _ in random.next() % 3 == 0 ? "a,b\n" : "a,b\r" }.joined() }
            let bytes = Array(text.utf8)
            for chunkBytes in [1, 16, 200, 1 << 20] {
                let chunks = bytes.withUnsafeBytes { CSVChunks.split($0, from: 0, line: 1, chunkBytes: chunkBytes, threads: 2) }
                #expect(chunks.recordBounds.count == chunks.count)
                for c in 0 ..< chunks.count {
                    #expect(records(bytes, chunks, c) <= chunks.recordBounds[c], "trial \(trial), chunks of \(chunkBytes), chunk \(c)")
                }
            }
        }
        let plain = Array(String(repeating: "1,2\n", count: 1_000).utf8)
        let chunks = plain.withUnsafeBytes { CSVChunks.split($0, from: 0, line: 1, chunkBytes: 100, threads: 2) }
        #expect(chunks.count > 1)
        for c in 0 ..< chunks.count { #expect(records(plain, chunks, c) + 1 == chunks.recordBounds[c]) }
    }

    /// The vector byte counts that find chunk and window boundaries agree with a
    /// plain count, for every start and end alignment and for bytes next to the ones
    /// counted (0x21, 0x23, 0xA2, 0x8A: one bit away from a quote or a line feed),
    /// and when every byte matches, so each lane's count fills its byte.
    @Test func vectorCountsMatchAPlainCount() {
        var random = SplitMix64(seed: 5)
        let alphabet: [UInt8] = [0x22, 0x0A, 0x0D, 0x21, 0x23, 0xA2, 0x8A, 0x00, 0xFF, 0x2C, 0x41]
        let bytes = (0 ..< 4_099).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }
        bytes.withUnsafeBufferPointer { p in
            for lower in 0 ..< 9 {
                for upper in [lower, lower + 1, lower + 7, lower + 8, lower + 9, 4_090, 4_099] where upper <= p.count {
                    let range = lower ..< upper
                    func plain(_ value: UInt8) -> Int { p[range].filter { $0 == value }.count }
                    #expect(CSVChunks.countBytes(0x22, in: p, range) == plain(0x22))
                    #expect(CSVChunks.countBytes(0xA2, in: p, range) == plain(0xA2))
                    let (q, f, r) = CSVChunks.countQuotesFeedsAndReturns(in: p, range)
                    #expect(q == plain(0x22) && f == plain(0x0A) && r == plain(0x0D), "\(range)")
                }
            }
        }
        let quotes = [UInt8](repeating: 0x22, count: 16 * 255 * 3 + 21)
        quotes.withUnsafeBufferPointer { p in
            for range in [0 ..< p.count, 5 ..< p.count, 0 ..< 16 * 255, 3 ..< 16 * 255 + 3] {
                #expect(CSVChunks.countBytes(0x22, in: p, range) == range.count)
                #expect(CSVChunks.countQuotesFeedsAndReturns(in: p, range) == (range.count, 0, 0))
            }
        }
    }
}
