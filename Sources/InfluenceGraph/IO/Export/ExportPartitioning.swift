/// How an export cuts tables into parts: always exactly the requested number of
/// parts, each a contiguous range of customers, so the rows of an edge part all
/// come from one range of sources (partitioned by `src`) and every row is in exactly
/// one part. A part may be empty (a header alone) when there are fewer customers
/// than parts or when one source's edges outweigh a part.
enum ExportPartitioning {
    /// `parts + 1` customer boundaries splitting `count` customers evenly.
    static func even(count: Int, parts: Int) -> [Int] {
        (0...parts).map { count * $0 / parts }
    }

    /// `parts + 1` customer boundaries over a CSR's sources giving each part about the
    /// same number of edges: boundary `p` is the first source whose edges start at or
    /// after `E · p / parts`.
    ///
    /// - Complexity: O(parts · log V).
    static func byEdges(offsets: [Int], parts: Int) -> [Int] {
        let nodes = offsets.count - 1
        let edges = offsets[nodes]
        var bounds = [0]
        for p in 1..<parts {
            let goal = edges * p / parts
            var lo = bounds[p - 1], hi = nodes
            while lo < hi {
                let mid = (lo + hi) / 2
                if offsets[mid] < goal { lo = mid + 1 } else { hi = mid }
            }
            bounds.append(lo)
        }
        bounds.append(nodes)
        return bounds
    }

    /// The source of edge position `e` of a CSR: the node whose edge range holds it.
    ///
    /// - Complexity: O(log V).
    @inline(__always)
    static func source(ofEdge e: Int, offsets: UnsafeBufferPointer<Int>) -> Int {
        // The last node v with offsets[v] <= e, then past empty nodes.
        var lo = 0, hi = offsets.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if offsets[mid] <= e { lo = mid } else { hi = mid - 1 }
        }
        return lo
    }
}
