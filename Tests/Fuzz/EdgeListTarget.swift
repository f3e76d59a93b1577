// Fuzz target for the edge-list reader (EdgeListReader): the input is one edge
// list file. A successful load is compared with a plain line-by-line reading of
// the documented format, so the fast integer paths cannot drift from it.

func fuzzEdgeList(_ raw: UnsafeRawBufferPointer) {
    let name = "fuzz.txt"
    let graph: CustomerGraph
    do {
        graph = try EdgeListReader(path: name, options: LoadOptions(threads: 1)).load(raw).build(threads: 1)
    } catch {
        checkError(error, name: name)
        return
    }
    checkGraph(graph, built: true)
    let expected = referenceEdges(raw)
    var ids = Set<[UInt8]>()
    for (a, b) in expected.edges { ids.insert(a); ids.insert(b) }
    require(graph.customerCount == ids.count, "\(graph.customerCount) customers, reference reading has \(ids.count)")
    var pairs = Set<[[UInt8]]>()
    for (a, b) in expected.edges where a != b { pairs.insert([a, b]) }
    require(graph.follows.count == pairs.count, "\(graph.follows.count) follows, reference reading has \(pairs.count)")
    for pair in pairs {
        let u = pair[0].withUnsafeBytes { graph.customers.index(of: $0) }
        let v = pair[1].withUnsafeBytes { graph.customers.index(of: $0) }
        require(u != nil && v != nil, "customer of edge \(pair) missing")
        require(graph.follows.followees.neighbors(of: u!).contains(UInt32(v!)), "edge \(pair) missing")
    }
    require(graph.report.followRows == expected.edges.count, "report: \(graph.report.followRows) rows, reference reading has \(expected.edges.count)")
    require(graph.report.headerLine == expected.headerLine, "header line \(String(describing: graph.report.headerLine)), reference \(String(describing: expected.headerLine))")
}

/// The format as docs/formats.md states it: lines end at LF (one trailing CR dropped),
/// tokens are separated by spaces and tabs, a line whose first token starts with
/// `#` or `%` is a comment, blank lines are skipped, the first two tokens are
/// follower and followee. A `nodes edges` header (see `EdgeListReader.header`) is skipped.
func referenceEdges(_ raw: UnsafeRawBufferPointer) -> (edges: [([UInt8], [UInt8])], headerLine: Int?) {
    let header = EdgeListReader.header(raw)
    var edges: [([UInt8], [UInt8])] = []
    var lineNumber = 0
    for var line in Array(raw).split(separator: 0x0A, omittingEmptySubsequences: false) {
        lineNumber += 1
        if lineNumber == header?.lines { continue }
        if line.last == 0x0D { line = line.dropLast() }
        let tokens = line.split(whereSeparator: { $0 == 0x20 || $0 == 0x09 })
        guard let first = tokens.first, first.first != UInt8(ascii: "#"), first.first != UInt8(ascii: "%") else { continue }
        guard tokens.count >= 2 else { continue }
        edges.append((Array(tokens[0]), Array(tokens[1])))
    }
    return (edges, header?.lines)
}
