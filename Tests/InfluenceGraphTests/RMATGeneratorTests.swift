import Testing
@_spi(Tooling) @testable import InfluenceGraph

@Suite struct RMATGeneratorTests {
    @Test func edgeCountAndNodeRangeAreExact() throws {
        let rmat = try RMATGenerator(scale: 12, edgeFactor: 16, seed: 1)
        let (sources, targets) = rmat.edges(threads: 1)
        #expect(rmat.nodeCount == 4096)
        #expect(sources.count == 65_536)
        #expect(targets.count == 65_536)
        #expect(sources.allSatisfy { $0 < 4096 })
        #expect(targets.allSatisfy { $0 < 4096 })
    }

    @Test func sameSeedSameEdgesAtAnyThreadCount() throws {
        let rmat = try RMATGenerator(scale: 12, edgeFactor: 8, seed: 42)
        let serial = rmat.edges(threads: 1)
        let parallel = rmat.edges(threads: 4)
        #expect(serial.sources == parallel.sources)
        #expect(serial.targets == parallel.targets)
        let other = try RMATGenerator(scale: 12, edgeFactor: 8, seed: 43).edges(threads: 4)
        #expect(serial.sources != other.sources)
        #expect(serial.targets != other.targets)
    }

    @Test func degreesAreHeavyTailedAndHubsAreScrambled() throws {
        let rmat = try RMATGenerator(scale: 12, edgeFactor: 16, seed: 5)
        let (sources, targets) = rmat.edges(threads: 2)
        var inDegree = [Int](repeating: 0, count: rmat.nodeCount)
        var outDegree = [Int](repeating: 0, count: rmat.nodeCount)
        for t in targets { inDegree[Int(t)] += 1 }
        for s in sources { outDegree[Int(s)] += 1 }
        let mean = Double(targets.count) / Double(rmat.nodeCount)
        #expect(Double(inDegree.max() ?? 0) > 10 * mean)
        #expect(Double(outDegree.max() ?? 0) > 10 * mean)
        // Unscrambled R-MAT puts the biggest hub at id 0; the permutation moves it.
        let hub = inDegree.indices.max { inDegree[$0] < inDegree[$1] } ?? 0
        #expect(hub != 0)
        // Raw R-MAT ids carry the quadrant bits: with a + b = 0.76 the top bit of a
        // source is 0 for 76% of edges. After renaming, the halves are balanced.
        let low = sources.filter { $0 < 2048 }.count
        #expect(abs(Double(low) / Double(sources.count) - 0.5) < 0.15)
    }

    @Test func permutationIsABijection() throws {
        let permutation = try RMATGenerator(scale: 10, seed: 3).permutation()
        #expect(permutation.sorted() == (0..<1024).map { UInt32($0) })
        #expect(permutation != (0..<1024).map { UInt32($0) })
    }

    @Test func rejectsOutOfRangeParameters() {
        #expect(throws: GeneratorError(message: "scale must be in 1...31 (got 0)")) {
            try RMATGenerator(scale: 0)
        }
        #expect(throws: GeneratorError(message: "scale must be in 1...31 (got 40)")) {
            try RMATGenerator(scale: 40)
        }
        #expect(throws: GeneratorError(message: "edge factor must be in 1...1024 (got 0)")) {
            try RMATGenerator(scale: 4, edgeFactor: 0)
        }
    }

    /// Sizes whose edge list would pass 16 GiB, or whose writing would hold more than
    /// 8 GiB, are refused with both estimates; the estimate bounds the real file.
    @Test func refusesSizesBeyondTheOutputAndMemoryLimits() throws {
        #expect(throws: GeneratorError(message: "an R-MAT graph of scale 31 and edge factor 1024 (2199023255552 edges) would write about 45056 GiB and need about 8 GiB of memory; the limits are 16 GiB written and 8 GiB of memory")) {
            try RMATGenerator(scale: 31, edgeFactor: 1024)
        }
        // Scale 30 at edge factor 1: 2^30 lines of at most 22 bytes.
        #expect(throws: GeneratorError(message: "an R-MAT graph of scale 30 and edge factor 1 (1073741824 edges) would write about 22 GiB and need about 4 GiB of memory; the limits are 16 GiB written and 8 GiB of memory")) {
            try RMATGenerator(scale: 30, edgeFactor: 1)
        }
        #expect(throws: Never.self) { try RMATGenerator(scale: 29, edgeFactor: 1) }
        #expect(RMATGenerator.estimatedOutputBytes(scale: 29, edgeFactor: 1) == 256 + (1 << 29) * 20)
        #expect(RMATGenerator.estimatedMemoryBytes(scale: 29) == (2 << 30) + 16 * 16_384 * 22)
        // 2^20 · 1024 edges of at most 16 bytes is exactly 16 GiB, and the header tips it over.
        #expect(throws: GeneratorError.self) { try RMATGenerator(scale: 20, edgeFactor: 1024) }
        #expect(throws: Never.self) { try RMATGenerator(scale: 20, edgeFactor: 1023) }

        let directory = try #require(TestFiles.makeDirectory())
        defer { TestFiles.remove(directory) }
        try RMATGenerator(scale: 12, edgeFactor: 16, seed: 2).writeEdgeList(to: directory + "/r.el", threads: 2)
        let written = try FileBytes.read(directory + "/r.el").count
        let estimate = RMATGenerator.estimatedOutputBytes(scale: 12, edgeFactor: 16)
        #expect(written <= estimate && Double(written) > 0.8 * Double(estimate), "\(written) of \(estimate)")
    }

    @Test func edgeListFileMatchesTheEdgesByteForByte() throws {
        let directory = try #require(TestFiles.makeDirectory())
        defer { TestFiles.remove(directory) }
        let rmat = try RMATGenerator(scale: 11, edgeFactor: 16, seed: 7)
        let path = directory + "/rmat.tsv"
        try rmat.writeEdgeList(to: path, threads: 1)
        let bytes = try FileBytes.read(path)

        try rmat.writeEdgeList(to: path, threads: 4)
        #expect(try FileBytes.read(path) == bytes)
        try RMATGenerator(scale: 11, edgeFactor: 16, seed: 8).writeEdgeList(to: path, threads: 4)
        #expect(try FileBytes.read(path) != bytes)

        let text = String(decoding: bytes, as: UTF8.self)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.last == "")
        let header = lines.prefix { $0.hasPrefix("#") }
        #expect(header == [
            "# R-MAT (Kronecker) graph by InfluenceGraph, GAP parameters a=0.57 b=0.19 c=0.19 d=0.05",
            "# Generator: rmat Scale: 11 Edge factor: 16 Seed: 7",
            "# Nodes: 2048 Edges: 32768",
            "# FromNodeId\tToNodeId",
        ])
        let body = lines.dropFirst(header.count).dropLast()
        #expect(body.count == 16 * 2048)
        let (sources, targets) = rmat.edges(threads: 2)
        let expected = zip(sources, targets).map { "\($0)\t\($1)" }
        #expect(body.map(String.init) == expected)
    }
}
