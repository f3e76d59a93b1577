import Testing
@testable import InfluenceGraph

@Suite struct EdgeListReaderTests {
    func load(_ text: String, skipBadRows: Bool = false, threads: Int = 2) -> Result<CustomerGraph, InputError> {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.write("edges.txt", text)
        do {
            return .success(try CustomerGraph.load(from: path, options: LoadOptions(skipBadRows: skipBadRows, threads: threads)))
        } catch {
            return .failure(error)
        }
    }

    @Test func snapStyleWithCommentsAndCRLF() throws {
        let graph = try load("# Directed graph\r\n# FromNodeId\tToNodeId\r\n30\t10\r\n10\t20\r\n\r\n30 20\r\n").get()
        #expect((0..<graph.customerCount).map(graph.customers.id) == ["30", "10", "20"])
        #expect(graph.follows.followees.lists == [[1, 2], [2], []])
        #expect(graph.follows.followers.lists == [[], [0], [0, 1]])
        #expect(graph.follows.followeeWeights == nil)
    }

    @Test func weightsAndExtraColumns() throws {
        let graph = try load("1 2 0.5 extra\n2 1\n1 2 0.25\n").get()
        #expect(graph.follows.followees.lists == [[1], [0]])
        #expect(graph.follows.followeeWeights == [0.75, 1])
        #expect(graph.report.duplicatesMerged == 1)
    }

    @Test func nonIntegerIdsAreKeptAsText() throws {
        let graph = try load("alice bob\n007 7\nbob alice\n").get()
        #expect((0..<graph.customerCount).map(graph.customers.id) == ["alice", "bob", "007", "7"])
        #expect(graph.customers.index(of: "007") == 2)
        #expect(graph.follows.count == 3)
    }

    @Test func badLinesNameTheirLine() {
        guard case .failure(let error) = load("# c\n1 2\n3\n") else { Issue.record("expected an error"); return }
        #expect(error.line == 3)
        #expect(error.message == "expected 'source target' on the line, found one id")
        guard case .failure(let weight) = load("1 2\n2 3 heavy\n") else { Issue.record("expected an error"); return }
        #expect(weight.line == 2)
        #expect(weight.message == "weight is not a finite number of at least 0 ('heavy')")
        guard case .failure(let empty) = load("") else { Issue.record("expected an error"); return }
        #expect(empty.message.hasPrefix("empty file"))
    }

    @Test func skippedLinesAreCountedWithGlobalLineNumbers() throws {
        // Over a megabyte, so the parse is split into several chunks.
        var text = ""
        var expectedBad: [Int] = []
        for line in 1...200_000 {
            if line % 40_000 == 0 { text += "\(line)\n"; expectedBad.append(line) } else { text += "\(line) \(line + 1)\n" }
        }
        let graph = try load(text, skipBadRows: true).get()
        #expect(graph.report.badRowsSkipped == 5)
        #expect(graph.report.firstBadRows.map(\.line) == expectedBad)
        #expect(graph.follows.count == 199_995)
    }

    @Test func csrMatchesAReferenceOnRandomGraphsAtAnyThreadCount() throws {
        var rng = SystemRandomNumberGenerator()
        for _ in 0..<5 {
            let n = Int.random(in: 2...300, using: &rng)
            var text = ""
            var edges: [(Int, Int, Double)] = []
            for _ in 0..<Int.random(in: 0...3000, using: &rng) {
                let a = Int.random(in: 0..<n, using: &rng), b = Int.random(in: 0..<n, using: &rng)
                let w = Double(Int.random(in: 1...8, using: &rng)) / 4
                text += "\(a) \(b) \(w)\n"
                edges.append((a, b, w))
            }
            guard !edges.isEmpty else { continue }
            let one = try load(text, threads: 1).get()
            let four = try load(text, threads: 4).get()
            #expect(one == four)
            // Map reference ids (the numbers) to dense indices.
            let dense = Dictionary(uniqueKeysWithValues: (0..<one.customerCount).map { (Int(one.customers.id($0))!, $0) })
            let reference = ReferenceFollows(edges.map { (dense[$0.0]!, dense[$0.1]!, $0.2) })
            #expect(one.follows.followees.lists.map { $0.sorted() } == reference.followees(one.customerCount))
            #expect(one.follows.followers.lists == reference.followers(one.customerCount))
            for v in 0..<one.customerCount {
                for e in one.follows.followees.edgeRange(of: v) {
                    let u = Int(one.follows.followees.targets[e])
                    #expect(one.follows.followeeWeights?[e] == reference.weights[v]?[u])
                }
                for e in one.follows.followers.edgeRange(of: v) {
                    let u = Int(one.follows.followers.targets[e])
                    #expect(one.follows.followerWeights?[e] == reference.weights[u]?[v])
                }
            }
            #expect(one.report.selfLoopsDropped == edges.filter { $0.0 == $0.1 }.count)
        }
    }

    /// Ids of every length around the word-at-a-time limits, wide ids, and lines the
    /// fast path must hand back (extra blanks, CRLF, weights after plain rows).
    @Test func fastAndGeneralLinesAgree() throws {
        let ids: [UInt64] = [0, 7, 10, 99, 123, 4_567, 89_012, 345_678, 9_999_999, 10_000_000, 12_345_678,
                             123_456_789, 4_294_967_295, 4_294_967_296, 18_446_744_073_709_551, 999_999_999_999_999_999]
        var text = ""
        var pairs: [(String, String)] = []
        for (n, a) in ids.enumerated() {
            for b in ids.reversed() {
                let sep = ["\t", " ", " \t ", "\t"][(n + pairs.count) % 4]
                let end = pairs.count % 7 == 3 ? "\r\n" : "\n"
                text += "\(a)\(sep)\(b)\(end)"
                pairs.append((String(a), String(b)))
            }
        }
        // Enough plain rows to cross the parse chunk boundaries.
        for i in 0..<120_000 { text += "\(i % 977)\t\(i % 1_301)\n"; pairs.append((String(i % 977), String(i % 1_301))) }
        for threads in [1, 3] {
            let graph = try load(text, threads: threads).get()
            let reference = testGraph(follows: pairs.map { (follower: $0.0, followee: $0.1) }, threads: 1)
            #expect(graph.customers == reference.customers)
            #expect(graph.follows == reference.follows)
            #expect(graph.report.selfLoopsDropped == reference.report.selfLoopsDropped)
            #expect(graph.report.duplicatesMerged == reference.report.duplicatesMerged)
        }
        // Only 32-bit ids: the same graph through the narrow path.
        let narrow = try load("4294967295\t1\n1\t4294967295\n").get()
        #expect((0..<2).map(narrow.customers.id) == ["4294967295", "1"])
    }

    @Test func weightsAfterPlainRowsInOneChunk() throws {
        var text = "1\t2\n"
        for i in 0..<100_000 { text += "\(i % 500)\t\(i % 300)\n" }
        text += "1\t2\t2.5\n"
        for i in 0..<100_000 { text += "\(i % 400)\t\(i % 200)\n" }
        let graph = try load(text, threads: 1).get()
        let ones = try load(text.replacingOccurrences(of: "\t2.5", with: ""), threads: 2).get()
        #expect(graph.follows.followees == ones.follows.followees)
        #expect(graph.follows.followers == ones.follows.followers)
        let v = graph.customers.index(of: "1")!, u = graph.customers.index(of: "2")!
        let weights = graph.follows.followeeWeights!
        let merged = graph.follows.followees.edgeRange(of: v).filter { graph.follows.followees.targets[$0] == UInt32(u) }
        #expect(merged.map { weights[$0] } == [1 + 2.5])
        // Merged rows add up: every kept row weighs 1 except the one of 2.5.
        #expect(weights.reduce(0, +) == Double(graph.report.followRows - graph.report.selfLoopsDropped) + 1.5)
    }

    @Test func leadingZerosAfterFastRowsUseStringIDs() throws {
        var text = ""
        for i in 0..<50_000 { text += "\(i)\t\(i + 1)\n" }
        text += "007\t7\n"
        let graph = try load(text).get()
        #expect(graph.customers.index(of: "007") != graph.customers.index(of: "7"))
        #expect(graph.follows.count == 50_001)
    }
}
