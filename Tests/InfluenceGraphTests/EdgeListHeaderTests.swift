import Testing
@testable import InfluenceGraph

/// The `nodes edges` first line of the influence-maximization format (NetHEPT).
@Suite struct EdgeListHeaderTests {
    func load(_ text: String) -> Result<CustomerGraph, InputError> {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.write("edges.txt", text)
        do { return .success(try CustomerGraph.load(from: path, options: LoadOptions(threads: 2))) } catch { return .failure(error) }
    }

    @Test func netHEPTStyleHeaderIsSkipped() throws {
        let graph = try load("# comment\n3 4\n1 2 0.01 0.14\n2 1 0.14 0.01\n2 3 0.5 0.5\n3 1 1 1\n").get()
        #expect(graph.report.headerLine == 2)
        #expect((0..<graph.customerCount).map(graph.customers.id) == ["1", "2", "3"])
        #expect(graph.follows.count == 4)
        #expect(graph.follows.followeeWeights == [0.01, 0.14, 0.5, 1])
    }

    @Test func twoColumnFilesKeepTheirFirstLine() throws {
        let graph = try load("3 4\n1 2\n").get()
        #expect(graph.report.headerLine == nil)
        #expect(graph.follows.count == 2)
        // Three columns on the first line are an edge with a weight, not a header.
        let weighted = try load("3 4 1\n1 2 0.5\n").get()
        #expect(weighted.report.headerLine == nil)
        #expect(weighted.follows.count == 2)
    }

    @Test func errorsAfterAHeaderKeepTheirLineNumbers() {
        guard case .failure(let numeric) = load("3 4\n1 2 0.5\n7\n") else { Issue.record("expected an error"); return }
        #expect(numeric.line == 3)
        guard case .failure(let text) = load("3 4\na b 0.5\nc\n") else { Issue.record("expected an error"); return }
        #expect(text.line == 3)
    }

    @Test func headerWithTextIds() throws {
        let graph = try load("2 1\nalice bob 0.3\n").get()
        #expect(graph.report.headerLine == 1)
        #expect((0..<graph.customerCount).map(graph.customers.id) == ["alice", "bob"])
    }
}
