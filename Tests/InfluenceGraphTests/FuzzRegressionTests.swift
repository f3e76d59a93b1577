import Testing
@testable import InfluenceGraph

/// Inputs the fuzz targets (Tests/Fuzz) found, kept so the fix cannot regress.
@Suite struct FuzzRegressionTests {
    func load(_ text: String) throws -> CustomerGraph {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        return try CustomerGraph.load(from: dir.write("edges.txt", text), options: LoadOptions(threads: 2))
    }

    /// edgelist crash-bffbb13b: the integer path ended a line at any CR, so it read
    /// `1 22` and dropped the rest, while the documented format (and the string
    /// path) keeps a CR that is not followed by LF inside its token.
    @Test func carriageReturnInsideALineIsPartOfTheToken() throws {
        let error = #expect(throws: InputError.self) { try load("1 22\r\r\r 0.e bo\r\r\r\r1 >.251 \n") }
        #expect(error?.line == 1)
        #expect(error?.message.contains("'0.e'") == true)
        let graph = try load("1 22\r\r 5\n")
        #expect((0..<graph.customerCount).map(graph.customers.id) == ["1", "22\r\r"])
        #expect(graph.follows.followeeWeights == [5])
    }

    /// Old Mac line ends (CR only) are not line ends: the file is one line, and the
    /// third token is not a weight, so the load fails and says where instead of
    /// silently reading the first row only.
    @Test func crOnlyLineEndsAreAnErrorNotASilentFirstRow() {
        #expect(throws: InputError.self) { try load("1 2\r3 4\r5 6\r") }
    }

    @Test func crlfStillEndsLines() throws {
        let graph = try load("1 2\r\n2 3\r\n3 1\r\n")
        #expect(graph.follows.count == 3)
        #expect((0..<graph.customerCount).map(graph.customers.id) == ["1", "2", "3"])
    }

    /// edgelist crash-3968cf53: header detection split tokens at every CR, so it took
    /// `\r# comment` for a comment and the `1<tab>2` after it for a `nodes edges`
    /// header, and the load skipped both lines; the parsers read `\r#` as an id.
    @Test func headerDetectionReadsLinesAsTheParsersDo() throws {
        let graph = try load("\r# comment\n1\t2\n2 3 0.5 x\n")
        #expect(graph.report.headerLine == nil)
        #expect((0..<graph.customerCount).map(graph.customers.id) == ["\r#", "comment", "1", "2", "3"])
        #expect(graph.follows.count == 3)
        // A real header after a comment is still found, with CRLF line ends.
        let headed = try load("# c\r\n3 2\r\n1 2 0.5\r\n2 3 1\r\n")
        #expect(headed.report.headerLine == 2 && headed.follows.count == 2)
    }
}
