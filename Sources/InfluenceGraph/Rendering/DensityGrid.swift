/// How many points fall in each cell of a grid, for charts of more customers than a
/// page can draw one by one.
///
/// Columns and rows are given by ascending edges: cell `i` along an axis holds the
/// values `v` with `edges[i] <= v < edges[i + 1]`, the last cell also its upper edge.
/// Values outside the edges count in the nearest end cell and NaN in the first, so
/// every point added is counted exactly once and `total` is the number of points.
///
/// ```swift
/// var grid = DensityGrid(xEdges: [0, 0.5, 1], yEdges: [0, 0.5, 1])
/// grid.add(x: 0.2, y: 0.9)
/// grid.count(column: 0, row: 1)   // 1
/// ```
public struct DensityGrid: Sendable, Equatable {
    /// Column edges (ascending, at least two), and row edges.
    public let xEdges: [Double], yEdges: [Double]
    /// Counts, row by row: `counts[row * columns + column]`.
    public private(set) var counts: [Int]

    /// An empty grid.
    ///
    /// - Precondition: each edge list has at least two ascending values.
    public init(xEdges: [Double], yEdges: [Double]) {
        precondition(xEdges.count >= 2 && yEdges.count >= 2, "a grid needs two edges per axis")
        self.xEdges = xEdges
        self.yEdges = yEdges
        counts = [Int](repeating: 0, count: (xEdges.count - 1) * (yEdges.count - 1))
    }

    /// Cells across and down.
    public var columns: Int { xEdges.count - 1 }
    public var rows: Int { yEdges.count - 1 }

    /// The points counted.
    public var total: Int { counts.reduce(0, +) }

    /// The count in one cell.
    public func count(column: Int, row: Int) -> Int { counts[row * columns + column] }

    /// Counts one point. - Complexity: O(log cells).
    public mutating func add(x: Double, y: Double) {
        counts[Self.cell(of: y, edges: yEdges) * columns + Self.cell(of: x, edges: xEdges)] += 1
    }

    /// The cell of `value` along an axis with `edges`: the last `i` with
    /// `edges[i] <= value`, clamped to the cells; NaN goes to cell 0.
    ///
    /// - Complexity: O(log edges).
    static func cell(of value: Double, edges: [Double]) -> Int {
        let last = edges.count - 2
        guard value >= edges[1] else { return 0 }
        guard value < edges[last] else { return last }
        // edges[lo] <= value < edges[hi]
        var lo = 1, hi = last
        while hi - lo > 1 {
            let mid = (lo + hi) / 2
            if edges[mid] <= value { lo = mid } else { hi = mid }
        }
        return lo
    }

    /// `count` equal cells from `lower` to `upper`.
    static func uniformEdges(from lower: Double, to upper: Double, count: Int) -> [Double] {
        (0...max(1, count)).map { lower + (upper - lower) * Double($0) / Double(max(1, count)) }
    }
}
