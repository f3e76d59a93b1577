/// One `Double` per edge, stored compactly and read back exactly.
///
/// Exports carry weights with a few decimals, so a ten-million-customer graph
/// with 50 million follows rarely holds more than a few thousand distinct values.
/// When there are at most `EdgeWeights.maximumTableCount` distinct values (by bit
/// pattern), each edge stores a 16-bit code into a table of those values, a
/// quarter of the memory of a `Double` per edge; otherwise the values are stored
/// as they are. Either way `weights[e]` is the value given for edge `e`, bit for
/// bit, and equality compares values, not storage.
///
/// ```swift
/// let weights: EdgeWeights = [0.5, 2, 0.5]
/// weights[2]             // 0.5
/// weights.isTableCoded   // true: two distinct values
/// ```
public struct EdgeWeights: RandomAccessCollection, Sendable, Equatable, ExpressibleByArrayLiteral, CustomStringConvertible {
    /// The most distinct values stored as a table; one more stores plain values.
    public static let maximumTableCount = 1 << 16

    /// `codes` index `table` when present; otherwise `table` holds one value per edge.
    @usableFromInline let codes: [UInt16]?
    @usableFromInline let table: [Double]

    @inlinable init(codes: [UInt16]?, table: [Double]) {
        self.codes = codes
        self.table = table
    }

    /// Stores `values`, as a table and codes when they hold few distinct values.
    ///
    /// The table lists the distinct bit patterns in ascending order, so equal
    /// inputs are stored identically at any thread count.
    ///
    /// - Complexity: O(n) expected for n values, in parallel on `threads`.
    public init(_ values: [Double], threads: Int = 1) {
        self = values.withUnsafeBufferPointer { Self.encoding($0, threads: threads) ?? Self(codes: nil, table: values) }
    }

    /// Stores a copy of `values`, as `init(_:threads:)` does.
    init(_ values: UnsafeBufferPointer<Double>, threads: Int) {
        self = Self.encoding(values, threads: threads) ?? Self(codes: nil, table: Array(values))
    }

    public init(arrayLiteral elements: Double...) { self.init(elements) }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { codes?.count ?? table.count }

    /// The weight of edge `e`.
    @inlinable public subscript(e: Int) -> Double {
        if let codes { return table[Int(codes[e])] }
        return table[e]
    }

    /// Whether the weights are stored as 16-bit codes into a table of distinct values.
    public var isTableCoded: Bool { codes != nil }

    /// The distinct values when table-coded, ascending by bit pattern; `nil` otherwise.
    public var distinctValues: [Double]? { codes == nil ? nil : table }

    /// Bytes held by the codes and the table, or by the plain values.
    public var byteCount: Int { (codes?.count ?? 0) * 2 + table.count * 8 }

    public var description: String { Array(self).description }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if let a = lhs.codes, let b = rhs.codes, lhs.table == rhs.table { return a == b }
        return lhs.elementsEqual(rhs)
    }

    /// A reader of the weights for loops over edges; valid only inside `withUnsafeView`.
    struct UnsafeView {
        let codes: UnsafePointer<UInt16>?
        /// The table, or the values themselves.
        let values: UnsafePointer<Double>

        @inline(__always)
        subscript(e: Int) -> Double {
            if let codes { return values[Int(codes[e])] }
            return values[e]
        }
    }

    /// Calls `body` with a view that reads a weight with no bounds check or reference counting.
    func withUnsafeView<R>(_ body: (UnsafeView) -> R) -> R {
        table.withUnsafeBufferPointer { table in
            // A table of no values never gets read; any aligned address stands in for it.
            let values = table.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<Double>.alignment)!
            guard let codes else { return body(UnsafeView(codes: nil, values: values)) }
            return codes.withUnsafeBufferPointer { codes in
                body(UnsafeView(codes: codes.baseAddress ?? UnsafePointer(bitPattern: MemoryLayout<UInt16>.alignment)!, values: values))
            }
        }
    }

    /// The stored units (codes or values) of every edge, as raw memory, and their width in bytes.
    func withStoredUnits<R>(_ body: (_ units: UnsafeRawPointer?, _ stride: Int) -> R) -> R {
        if let codes { return codes.withUnsafeBytes { body($0.baseAddress, 2) } }
        return table.withUnsafeBytes { body($0.baseAddress, 8) }
    }

    /// Weights of the same storage kind whose units `fill` writes, `count` of them,
    /// given the raw destination and the unit width: a rearrangement of these edges.
    func rearranged(count: Int, _ fill: (_ units: UnsafeMutableRawPointer?, _ stride: Int) -> Void) -> EdgeWeights {
        if codes != nil {
            var units = uninitializedArray(UInt16.self, count: count)
            units.withUnsafeMutableBytes { fill($0.baseAddress, 2) }
            return EdgeWeights(codes: units, table: table)
        }
        var units = uninitializedArray(Double.self, count: count)
        units.withUnsafeMutableBytes { fill($0.baseAddress, 8) }
        return EdgeWeights(codes: nil, table: units)
    }
}

/// Calls `body` with a view of `weights`, or with `nil` when there are none.
func withOptionalView<R>(_ weights: EdgeWeights?, _ body: (EdgeWeights.UnsafeView?) -> R) -> R {
    guard let weights else { return body(nil) }
    return weights.withUnsafeView { body($0) }
}
