import Testing
@testable import InfluenceGraph

/// Every record of `raw` read by `CSVScanner`, fields as byte arrays, or its failure.
func scannedRecords(_ raw: UnsafeRawBufferPointer, delimiter: UInt8 = UInt8(ascii: ",")) -> Result<[[[UInt8]]], CSVScanner.Failure> {
    var scanner = CSVScanner(raw, delimiter: delimiter, position: CSVScanner.contentStart(raw))
    var out: [[[UInt8]]] = []
    var width = 8
    while true {
        let start = scanner.position, line = scanner.line
        var spans = [CSVScanner.Span](repeating: .empty, count: width)
        let slots = Array(0..<width)
        let count: Int?
        do throws(CSVScanner.Failure) {
            count = try slots.withUnsafeBufferPointer { (slots) throws(CSVScanner.Failure) -> Int? in
                try spans.withUnsafeMutableBufferPointer { (spans) throws(CSVScanner.Failure) -> Int? in
                    try scanner.nextRecord(before: raw.count, slots: slots, into: spans)
                }
            }
        } catch {
            return .failure(error)
        }
        guard let count else { return .success(out) }
        if count > width {
            width = count
            scanner.rewind(to: start, line: line)
            continue
        }
        out.append((0..<count).map { Array(scanner.bytes(spans[$0])) })
    }
}

@Suite struct CSVScannerTests {
    /// All records of `text` as arrays of field strings, or the failure.
    func records(_ text: String) -> Result<[[String]], CSVScanner.Failure> {
        Array(text.utf8).withUnsafeBytes { raw in
            scannedRecords(raw).map { $0.map { $0.map { String(decoding: $0, as: UTF8.self) } } }
        }
    }

    @Test func plainRecordsWithLFAndCRLF() throws {
        #expect(try records("a,b\n1,2\n").get() == [["a", "b"], ["1", "2"]])
        #expect(try records("a,b\r\n1,2\r\n").get() == [["a", "b"], ["1", "2"]])
        #expect(try records("a,b\r\n1,2").get() == [["a", "b"], ["1", "2"]])
    }

    @Test func quotedFieldsHoldCommasNewlinesAndDoubledQuotes() throws {
        let text = "id,name\n1,\"Smith, Jane\"\n2,\"line1\nline2\"\n3,\"say \"\"hi\"\"\"\n4,\"\"\n"
        #expect(try records(text).get() == [["id", "name"], ["1", "Smith, Jane"], ["2", "line1\nline2"], ["3", "say \"hi\""], ["4", ""]])
    }

    @Test func byteOrderMarkIsSkipped() throws {
        #expect(try records("\u{FEFF}id,spend\nA,1\n").get() == [["id", "spend"], ["A", "1"]])
    }

    @Test func blankLinesAndTrailingEmptyFields() throws {
        #expect(try records("a,b\n\n1,\n\r\n2,3\n").get() == [["a", "b"], ["1", ""], ["2", "3"]])
    }

    @Test func unterminatedQuoteNamesTheLineWhereItOpened() {
        guard case .failure(let failure) = records("id\nA\n\"B\nC\n") else { Issue.record("expected a failure"); return }
        #expect(failure.line == 3)
        #expect(failure.message.contains("unterminated"))
    }

    @Test func textAfterClosingQuoteIsRejected() {
        guard case .failure(let failure) = records("id,name\n1,\"Jane\"x\n") else { Issue.record("expected a failure"); return }
        #expect(failure.line == 2)
        #expect(failure.message.contains("after a closing quote"))
    }

    @Test func lineNumbersCountNewlinesInsideQuotes() {
        guard case .failure(let failure) = records("id,name\n1,\"a\nb\nc\"\n2,\"x\"y\n") else { Issue.record("expected a failure"); return }
        #expect(failure.line == 5)
    }

    @Test func aLoneCarriageReturnEndsARecord() throws {
        #expect(try records("a,b\r1,2\r\n3,\"x\ry\"\n").get() == [["a", "b"], ["1", "2"], ["3", "x\ry"]])
    }

    @Test func aQuoteInsideAnUnquotedFieldIsText() throws {
        #expect(try records("id,name\n1,O\"Brien\n2,5\" screen\n").get() == [["id", "name"], ["1", "O\"Brien"], ["2", "5\" screen"]])
    }

    @Test func aDelimiterAtTheEndAddsAnEmptyField() throws {
        #expect(try records("a,b,").get() == [["a", "b", ""]])
    }

    @Test func otherDelimiters() {
        let text = Array("a;\"x;y\";c\n".utf8)
        let got = text.withUnsafeBytes { scannedRecords($0, delimiter: UInt8(ascii: ";")) }
        #expect((try? got.get()) == [[Array("a".utf8), Array("x;y".utf8), Array("c".utf8)]])
    }

    /// Records and their first lines as `CSVScanner` reads them, rewinding to read a
    /// record again when it has more fields than slots (as the header does).
    func recordsWithLines(_ raw: UnsafeRawBufferPointer) throws(CSVScanner.Failure) -> [([[UInt8]], Int)] {
        var scanner = CSVScanner(raw)
        var out: [([[UInt8]], Int)] = []
        var width = 2
        while true {
            let start = scanner.position, line = scanner.line
            var spans = [CSVScanner.Span](repeating: .empty, count: width)
            let slots = Array(0 ..< width)
            let count = try slots.withUnsafeBufferPointer { (slots) throws(CSVScanner.Failure) -> Int? in
                try spans.withUnsafeMutableBufferPointer { (spans) throws(CSVScanner.Failure) -> Int? in
                    try scanner.nextRecord(before: raw.count, slots: slots, into: spans)
                }
            }
            guard let count else { return out }
            if count > width {
                width = count
                scanner.rewind(to: start, line: line)
                continue
            }
            out.append(((0 ..< count).map { Array(scanner.bytes(spans[$0])) }, scanner.recordLine))
        }
    }

    /// Unquoted records find their fields' ends from the 64-byte blocks' stop bytes,
    /// consuming them as they go: a CRLF whose CR ends a block, a blank line, a lone
    /// CR and a record read again after a rewind must each come out as the reference
    /// reader reads them, with the same lines, at every offset from a block's start.
    @Test func readsLineEndsAndRewoundRecordsAtEveryBlockOffset() throws {
        for offset in 0 ..< 140 {
            let text = String(repeating: "x", count: offset) + "\r\n" + (1 ... 12).map { "f\($0)" }.joined(separator: ",")
                + "\r\n\r\nq,\"r\"\r\n" + String(repeating: "y", count: 61) + ",z\rlone\n\nlast,"
            try Array(text.utf8).withUnsafeBytes { raw in
                var reader = ReferenceCSVReader(raw)
                var expected: [([[UInt8]], Int)] = []
                while try reader.nextRecord() {
                    expected.append(((0 ..< reader.fieldCount).map { Array(reader.field($0)) }, reader.recordLine))
                }
                let got = try recordsWithLines(raw)
                #expect(got.map(\.0) == expected.map(\.0), "offset \(offset)")
                #expect(got.map(\.1) == expected.map(\.1), "offset \(offset)")
                #expect(got.count == (offset == 0 ? 5 : 6))
            }
        }
    }

    /// Alphabets and longest lengths of `agreesWithTheReferenceReaderOnRandomText`.
    static let randomTextAlphabets: [([UInt8], Int)] = [
        (Array("ab,\"\r\n \u{0}é".utf8), 40),
        (Array("abcdefghijklmnopqrstuvwxyzé,\r\n\u{0}".utf8) + [UInt8](repeating: 0x61, count: 60), 120),
        (Array(",,,\n\r\"\u{0}".utf8) + [UInt8](repeating: 0x61, count: 150), 400),
    ]

    /// The scanner reads what the reference reader reads, with the same failures,
    /// on random text over the bytes CSV cares about.
    /// The second alphabet makes long unquoted fields, with every stop byte at every
    /// offset in time; the third, texts of several of the 64-byte blocks whose stop
    /// bytes the scanner finds at once, with fields that cross blocks, blocks
    /// without a stop and quoted fields between them.
    @Test(arguments: Self.randomTextAlphabets)
    func agreesWithTheReferenceReaderOnRandomText(alphabet: [UInt8], longest: Int) {
        var rng = SplitMix64(seed: 44, stream: 0)
        for _ in 0 ..< 20_000 {
            let length = Int(rng.next() % UInt64(longest))
            let text = (0 ..< length).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            text.withUnsafeBytes { raw in
                var reader = ReferenceCSVReader(raw)
                var expected: [[[UInt8]]] = []
                var expectedFailure: ReferenceCSVReader.Failure?
                do throws(ReferenceCSVReader.Failure) {
                    while try reader.nextRecord() { expected.append((0 ..< reader.fieldCount).map { Array(reader.field($0)) }) }
                } catch {
                    expectedFailure = error
                }
                switch scannedRecords(raw) {
                case .success(let got):
                    #expect(expectedFailure == nil && got == expected, "\(text)")
                case .failure(let failure):
                    #expect(failure.line == expectedFailure?.line && failure.message == expectedFailure?.message, "\(text)")
                }
            }
        }
    }
}
