/// R-MAT (recursive matrix, a stochastic Kronecker graph) with the parameters of
/// the GAP Benchmark Suite: a skewed, heavy-tailed directed graph of `2^scale`
/// nodes and `edgeFactor · 2^scale` edges, fixed entirely by `(scale, edgeFactor,
/// seed)`.
///
/// Each edge picks one quadrant of the adjacency matrix per level, `scale` times,
/// with probabilities a = 0.57, b = 0.19, c = 0.19, d = 0.05; a node's id bits are
/// the quadrant choices. That makes low raw ids the hubs, so, as GAP does, ids are
/// then renamed by a seeded random permutation. Self-loops and repeated edges are
/// kept, as in GAP's generator (a graph builder removes them), so the edge count is
/// exact.
///
/// Determinism: edges are generated in fixed chunks of `chunkEdges` edges, chunk `c`
/// drawing from `SplitMix64(seed: seed, stream: c)`, and the permutation from stream
/// `permutationStream`. The output is therefore identical at every thread count and
/// on every machine.
///
/// ```swift
/// let rmat = try RMATGenerator(scale: 20, edgeFactor: 16, seed: 1)
/// let (sources, targets) = rmat.edges(threads: nil)   // 16,777,216 edges
/// try rmat.writeEdgeList(to: "rmat20.tsv")            // about 220 MB
/// ```
public struct RMATGenerator: Sendable {
    /// Probability of the top-left quadrant (both id bits 0).
    public static let a = 0.57
    /// Probability of the top-right quadrant (target bit 1).
    public static let b = 0.19
    /// Probability of the bottom-left quadrant (source bit 1).
    public static let c = 0.19
    /// Probability of the bottom-right quadrant (both bits 1).
    public static let d = 0.05

    /// Supported scales: node ids must fit in `UInt32`, as GAP's 32-bit node ids.
    public static let scales: ClosedRange<Int> = 1...31
    /// Supported edge factors (edges per node).
    public static let edgeFactors: ClosedRange<Int> = 1...1024

    /// Edges per generation chunk. Part of the output's definition: changing it
    /// changes which random stream draws which edge.
    static let chunkEdges = 1 << 14
    /// The stream that shuffles node ids; chunk streams count up from 0.
    static let permutationStream: UInt64 = 1 << 63
    /// Chunks formatted per write: bounds the memory of `writeEdgeList` to about
    /// `16 · chunkEdges · 22` bytes however large the graph is.
    static let chunksPerWrite = 16
    /// The longest edge line: two 10-digit ids, a tab and a newline.
    static let maximumLineBytes = 22

    /// log₂ of the node count.
    public let scale: Int
    /// Edges per node.
    public let edgeFactor: Int
    /// The seed that fixes every random choice.
    public let seed: UInt64

    /// A generator for `2^scale` nodes and `edgeFactor · 2^scale` edges.
    ///
    /// - Throws: `GeneratorError` when `scale` is outside `scales`, `edgeFactor`
    ///   outside `edgeFactors`, or the edge list would exceed
    ///   `GeneratorLimits.outputBytes` or its writing `GeneratorLimits.memoryBytes`
    ///   (the message gives both estimates). Scale 22 at the default edge factor
    ///   writes about 1 GiB; scale 29 at edge factor 1, about 10 GiB, is the
    ///   largest scale within the limits.
    /// - Complexity: O(1); nothing is generated until asked.
    public init(scale: Int, edgeFactor: Int = 16, seed: UInt64 = 1) throws(GeneratorError) {
        try GeneratorError.check("scale", scale, in: Self.scales)
        try GeneratorError.check("edge factor", edgeFactor, in: Self.edgeFactors)
        let output = Self.estimatedOutputBytes(scale: scale, edgeFactor: edgeFactor)
        let memory = Self.estimatedMemoryBytes(scale: scale)
        if output > GeneratorLimits.outputBytes || memory > GeneratorLimits.memoryBytes {
            throw GeneratorError(message: "an R-MAT graph of scale \(scale) and edge factor \(edgeFactor) (\(edgeFactor << scale) edges) "
                + "would write about \(GeneratorLimits.gibibytes(output)) and need about \(GeneratorLimits.gibibytes(memory)) of memory; "
                + "the limits are \(GeneratorLimits.gibibytes(GeneratorLimits.outputBytes)) written and \(GeneratorLimits.gibibytes(GeneratorLimits.memoryBytes)) of memory")
        }
        self.scale = scale
        self.edgeFactor = edgeFactor
        self.seed = seed
    }

    /// An upper estimate of the bytes `writeEdgeList` writes: the header, then per
    /// edge two ids as long as the largest, a tab and a newline.
    ///
    /// - Complexity: O(1).
    public static func estimatedOutputBytes(scale: Int, edgeFactor: Int) -> Int {
        let digits = DecimalDigits.count(UInt64(1) << UInt64(min(max(scale, 0), 63)) - 1)
        return 256 + (edgeFactor << scale) * (2 * digits + 2)
    }

    /// The memory `writeEdgeList` holds: the id permutation (4 bytes per node) and
    /// the formatting buffers.
    ///
    /// - Complexity: O(1).
    public static func estimatedMemoryBytes(scale: Int) -> Int {
        4 << scale + chunksPerWrite * chunkEdges * maximumLineBytes
    }

    /// `2^scale`.
    ///
    /// - Complexity: O(1).
    public var nodeCount: Int { 1 << scale }

    /// `edgeFactor · 2^scale`.
    ///
    /// - Complexity: O(1).
    public var edgeCount: Int { edgeFactor << scale }

    /// The edges as two parallel arrays, `sources[i] → targets[i]`, every id below
    /// `nodeCount`, in generation order.
    ///
    /// - Parameter threads: worker threads (default: all cores). The result
    ///   does not depend on it.
    /// - Complexity: O(E · scale) work for E = `edgeCount`, plus O(V) for the
    ///   permutation; 8·E bytes of output.
    public func edges(threads: Int = Threads.available) -> (sources: [UInt32], targets: [UInt32]) {
        let count = edgeCount
        let chunks = (count + Self.chunkEdges - 1) / Self.chunkEdges
        let workers = Threads.resolve(threads)
        let permutation = self.permutation()
        var targets: [UInt32] = []
        let sources = [UInt32](unsafeUninitializedCapacity: count) { sourceBuffer, sourceCount in
            targets = [UInt32](unsafeUninitializedCapacity: count) { targetBuffer, targetCount in
                permutation.withUnsafeBufferPointer { permutation in
                    let shared = UncheckedSendable((sourceBuffer, targetBuffer, permutation))
                    ParallelFor.run(chunks: chunks, threads: workers) { chunk in
                        let (sources, targets, permutation) = shared.value
                        var rng = SplitMix64(seed: seed, stream: UInt64(chunk))
                        let thresholds = Self.thresholds
                        let start = chunk * Self.chunkEdges
                        for e in start..<min(start + Self.chunkEdges, count) {
                            let (s, t) = Self.drawEdge(scale: scale, thresholds: thresholds, rng: &rng)
                            sources[e] = permutation[Int(s)]
                            targets[e] = permutation[Int(t)]
                        }
                    }
                }
                targetCount = count
            }
            sourceCount = count
        }
        return (sources, targets)
    }

    /// The SNAP-style header of `writeEdgeList`: `#` comment lines naming the
    /// generator, its parameters, the node and edge counts and the columns.
    ///
    /// - Complexity: O(1).
    public var edgeListHeader: String {
        """
        # R-MAT (Kronecker) graph by InfluenceGraph, GAP parameters a=0.57 b=0.19 c=0.19 d=0.05
        # Generator: rmat Scale: \(scale) Edge factor: \(edgeFactor) Seed: \(seed)
        # Nodes: \(nodeCount) Edges: \(edgeCount)
        # FromNodeId\tToNodeId

        """
    }

    /// Writes the graph as a SNAP-style edge list: `edgeListHeader`, then one
    /// `source<TAB>target\n` line per edge in the order of `edges(threads:)`.
    ///
    /// Edges are generated and formatted into bytes in parallel, a window of chunks
    /// at a time, and written in chunk order through `AtomicFile`, so the file
    /// appears complete or not at all and memory stays bounded. The bytes do not
    /// depend on `threads`.
    ///
    /// - Throws: `OutputError` when the file cannot be created or written.
    /// - Complexity: O(E · scale) work; O(V) memory plus a few megabytes of buffers.
    public func writeEdgeList(to path: String, threads: Int = Threads.available) throws(OutputError) {
        let count = edgeCount
        let chunks = (count + Self.chunkEdges - 1) / Self.chunkEdges
        let workers = Threads.resolve(threads)
        let permutation = self.permutation()
        try AtomicFile.write(to: path) { (file: inout AtomicFile) throws(OutputError) in
            try file.write(edgeListHeader)
            var first = 0
            while first < chunks {
                let window = min(Self.chunksPerWrite, chunks - first)
                var texts = [[UInt8]](repeating: [], count: window)
                texts.withUnsafeMutableBufferPointer { texts in
                    permutation.withUnsafeBufferPointer { permutation in
                        let shared = UncheckedSendable((texts, permutation))
                        ParallelFor.run(chunks: window, threads: workers) { k in
                            let (texts, permutation) = shared.value
                            texts[k] = formatChunk(first + k, edgeCount: count, permutation: permutation)
                        }
                    }
                }
                for text in texts { try file.write(contentsOf: text) }
                first += window
            }
        }
    }

    /// The lines of chunk `chunk`, generated and formatted straight into bytes.
    func formatChunk(_ chunk: Int, edgeCount count: Int, permutation: UnsafeBufferPointer<UInt32>) -> [UInt8] {
        let start = chunk * Self.chunkEdges
        let end = min(start + Self.chunkEdges, count)
        return [UInt8](unsafeUninitializedCapacity: (end - start) * Self.maximumLineBytes) { buffer, written in
            guard let base = buffer.baseAddress else { return }
            var rng = SplitMix64(seed: seed, stream: UInt64(chunk))
            let thresholds = Self.thresholds
            var out = base
            for _ in start..<end {
                let (s, t) = Self.drawEdge(scale: scale, thresholds: thresholds, rng: &rng)
                out += DecimalDigits.write(UInt64(permutation[Int(s)]), to: out)
                out.pointee = 0x09
                out += 1
                out += DecimalDigits.write(UInt64(permutation[Int(t)]), to: out)
                out.pointee = 0x0A
                out += 1
            }
            written = out - base
        }
    }

    /// The id renaming: a uniformly random permutation of `0..<nodeCount`
    /// (Fisher–Yates on the permutation stream).
    ///
    /// - Complexity: O(V).
    func permutation() -> [UInt32] {
        let n = nodeCount
        var ids = [UInt32](unsafeUninitializedCapacity: n) { buffer, count in
            for i in 0..<n { buffer[i] = UInt32(truncatingIfNeeded: i) }
            count = n
        }
        var rng = SplitMix64(seed: seed, stream: Self.permutationStream)
        ids.withUnsafeMutableBufferPointer { ids in
            var i = n - 1
            while i > 0 {
                ids.swapAt(i, rng.nextIndex(below: i + 1))
                i -= 1
            }
        }
        return ids
    }

    /// Cumulative quadrant probabilities a, a + b, a + b + c as 32-bit thresholds:
    /// each level compares 32 random bits against them, so one 64-bit draw serves
    /// two levels and no floating point is involved.
    static let thresholds: (UInt32, UInt32, UInt32) = (
        UInt32((a * 0x1p32).rounded()),
        UInt32(((a + b) * 0x1p32).rounded()),
        UInt32(((a + b + c) * 0x1p32).rounded())
    )

    /// One edge before renaming: `scale` quadrant choices, most significant bit first.
    @inline(__always)
    static func drawEdge(scale: Int, thresholds: (UInt32, UInt32, UInt32), rng: inout SplitMix64) -> (UInt32, UInt32) {
        let (a, ab, abc) = thresholds
        var source: UInt32 = 0
        var target: UInt32 = 0
        var bits: UInt64 = 0
        for level in 0..<scale {
            if level & 1 == 0 { bits = rng.next() } else { bits &>>= 32 }
            let r = UInt32(truncatingIfNeeded: bits)
            // Quadrants by r: [0, a) a, [a, a+b) b, [a+b, a+b+c) c, [a+b+c, 1) d.
            // Bit arithmetic instead of `&&`/`||`: the choice is random, so branches
            // would mispredict about every other level.
            let aboveA: UInt32 = r >= a ? 1 : 0
            let aboveAB: UInt32 = r >= ab ? 1 : 0
            let aboveABC: UInt32 = r >= abc ? 1 : 0
            let sourceBit = aboveAB
            let targetBit = (aboveA ^ aboveAB) | aboveABC
            source = source &<< 1 | sourceBit
            target = target &<< 1 | targetBit
        }
        return (source, target)
    }
}
