import Testing
@testable import InfluenceGraph

@Suite struct CSVReaderTests {
    /// All records of `text` as arrays of field strings, or the failure.
    func records(_ text: String) -> Result<[[String]], CSVReader.Failure> {
        let bytes = Array(text.utf8)
        return bytes.withUnsafeBytes { raw in
            var reader = CSVReader(raw)
            var out: [[String]] = []
            do throws(CSVReader.Failure) {
                while try reader.nextRecord() {
                    out.append((0..<reader.fieldCount).map { String(decoding: reader.field($0), as: UTF8.self) })
                }
                return .success(out)
            } catch {
                return .failure(error)
            }
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
}
