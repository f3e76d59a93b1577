import Testing
@_spi(Tooling) @testable import InfluenceGraph

/// Delimiters: detected from the header line, and every one loading quoted fields
/// that hold it, the parallel loader agreeing bit for bit with the serial oracle.
@Suite struct CSVDelimiterTests {
    static func detect(_ text: String) -> CSVDelimiter {
        Array(text.utf8).withUnsafeBytes { CSVDelimiter.detect($0) }
    }

    @Test func theHeaderLineGivesTheDelimiterAway() {
        #expect(Self.detect("id,name,spend\nA;B;C\n") == .comma)
        #expect(Self.detect("id;name;spend\n1,5;x\n") == .semicolon)
        #expect(Self.detect("id\tname\n") == .tab)
        #expect(Self.detect("id|name|spend") == .pipe)
        // Delimiters inside quotes do not count; a quoted line break does not end the header.
        #expect(Self.detect("\"a,b,c\";\"d,e\";f\n") == .semicolon)
        #expect(Self.detect("\"x\ny,z,w\"|b\n") == .pipe)
        // A byte-order mark, CRLF; a tie and a one-column header fall to the earliest candidate.
        #expect(Self.detect("\u{FEFF}id;name\r\n") == .semicolon)
        #expect(Self.detect("a,b;c\n") == .comma)
        #expect(Self.detect("a;b\tc\n") == .semicolon)
        #expect(Self.detect("id\nA\n") == .comma)
        #expect(Self.detect("") == .comma)
    }

    /// The export of `text` with its commas replaced by `delimiter` (outside and
    /// inside quoted fields alike).
    static func export(_ delimiter: CSVDelimiter) -> CSVParallelLoadTests.Export {
        func convert(_ text: String) -> [UInt8] {
            Array(text.utf8).map { $0 == UInt8(ascii: ",") ? delimiter.byte : $0 }
        }
        var customers = "id,name,spend,segment\n"
        var follows = "follower,followee,weight\n"
        for i in 0 ..< 120 {
            customers += "C\(i),\"Lee, Jo \(i)\",\(i).5,\"vip,\(i % 3)\"\n"
            follows += "\"C\(i % 7),x\",C\((i * 13) % 120),\(i % 4)\n"
        }
        let referrals = "referrer,referee,time,revenue\n\"C1\",\"C2,\",2026-01-01,5\r\nC3,C4,,\n"
        return CSVParallelLoadTests.Export(customers: convert(customers), follows: convert(follows), referrals: convert(referrals))
    }

    static func graph(_ export: CSVParallelLoadTests.Export, delimiter: CSVDelimiter, chunkBytes: Int?, threads: Int) -> Result<CustomerGraph, InputError> {
        if let chunkBytes {
            var loader = CSVDirectoryLoader(options: LoadOptions(threads: threads))
            loader.chunkBytes = chunkBytes
            loader.delimiter = delimiter.byte
            return CSVParallelLoadTests.build(export, threads: threads) { (file, bytes, name, builder: inout GraphBuilder) throws(InputError) in
                switch file {
                case 0: try loader.loadCustomers(bytes, name: name, into: &builder)
                case 1: try loader.loadFollows(bytes, name: name, into: &builder)
                default: try loader.loadReferrals(bytes, name: name, into: &builder)
                }
            }
        }
        var loader = ReferenceCSVLoader(options: LoadOptions(threads: 1))
        loader.delimiter = delimiter.byte
        return CSVParallelLoadTests.build(export, threads: 1) { (file, bytes, name, builder: inout GraphBuilder) throws(InputError) in
            switch file {
            case 0: try loader.loadCustomers(bytes, name: name, into: &builder)
            case 1: try loader.loadFollows(bytes, name: name, into: &builder)
            default: try loader.loadReferrals(bytes, name: name, into: &builder)
            }
        }
    }

    @Test(arguments: CSVDelimiter.allCases)
    func everyDelimiterLoadsQuotedFieldsHoldingIt(_ delimiter: CSVDelimiter) throws {
        let export = Self.export(delimiter)
        let reference = try Self.graph(export, delimiter: delimiter, chunkBytes: nil, threads: 1).get()
        let d = String(UnicodeScalar(delimiter.byte))
        #expect(reference.customerCount == 128)  // 120 customers, 7 follower ids with a delimiter inside, "C2" + delimiter
        #expect(reference.attributes.name(5) == "Lee\(d) Jo 5")
        #expect(reference.attributes.segment(5) == "vip\(d)2")
        #expect(reference.attributes.spend(5) == 5.5)
        #expect(reference.customers.index(of: "C3\(d)x") != nil)
        #expect(reference.customers.index(of: "C2\(d)") != nil)
        #expect(reference.follows.count == 120)
        let expected = try CSVParallelLoadTests.snapshot(reference)
        for (chunkBytes, threads) in [(1, 2), (37, 3), (1 << 20, 1)] {
            let fast = try Self.graph(export, delimiter: delimiter, chunkBytes: chunkBytes, threads: threads).get()
            #expect(try CSVParallelLoadTests.snapshot(fast) == expected, "chunk \(chunkBytes), threads \(threads)")
        }
        // Through files: the delimiter detected from each header, or given.
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("customers.csv", bytes: export.customers!)
        dir.write("follows.csv", bytes: export.follows!)
        dir.write("referrals.csv", bytes: export.referrals!)
        let detected = try CSVSources(directory: dir.path).load(options: LoadOptions(threads: 2))
        #expect(try CSVParallelLoadTests.snapshot(detected.graph) == expected)
        #expect(detected.files.map(\.delimiter) == [delimiter, delimiter, delimiter])
        #expect(detected.files.allSatisfy { $0.delimiterDetected })
        let given = try CSVSources(directory: dir.path, delimiter: delimiter).load(options: LoadOptions(threads: 2))
        #expect(try CSVParallelLoadTests.snapshot(given.graph) == expected)
        #expect(!given.files[0].delimiterDetected)
    }
}
