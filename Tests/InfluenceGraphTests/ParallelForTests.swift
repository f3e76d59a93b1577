import Testing
@testable import InfluenceGraph

@Suite struct ParallelForTests {
    @Test func everyChunkRunsOnceAtAnyThreadCount() {
        for threads in [1, 2, 3, 8] {
            var hits = [Int](repeating: 0, count: 37)
            hits.withUnsafeMutableBufferPointer { buffer in
                let shared = UncheckedSendable(buffer)
                ParallelFor.run(chunks: 37, threads: threads) { shared.value[$0] += 1 }
            }
            #expect(hits == [Int](repeating: 1, count: 37))
        }
    }

    @Test func edgeBalancedBoundariesSplitAHub() {
        // Node 0 holds 100 edges, nodes 1...9 hold one each.
        let offsets = [0, 100, 101, 102, 103, 104, 105, 106, 107, 108, 109]
        let bounds = ParallelFor.edgeBalancedBoundaries(offsets: offsets, parts: 2)
        #expect(bounds == [0, 1, 10])
    }

    /// Filled in parallel pieces, an array still holds the value at every position,
    /// at sizes around the point where filling splits.
    @Test(arguments: [1, 2, 3])
    func filledArraysHoldTheValueEverywhere(threads: Int) {
        for count in [0, 5, (1 << 20) - 1, (1 << 20) + 3] {
            let array = filledArray(UInt32(0xABCD_0123), count: count, threads: threads)
            #expect(array.count == count)
            #expect(array.allSatisfy { $0 == 0xABCD_0123 })
        }
    }
}
