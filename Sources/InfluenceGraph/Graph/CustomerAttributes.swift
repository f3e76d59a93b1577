/// Per-customer values from `customers.csv`, as parallel arrays indexed by customer.
///
/// A column the input did not have is `nil`; a customer who appears only in edge
/// files has spend 0, orders 0, an empty name and no segment.
public struct CustomerAttributes: Sendable, Equatable {
    /// Display names as one byte buffer with `count + 1` offsets, when the input had a `name` column.
    public internal(set) var nameBytes: [UInt8]?
    /// Where each name starts in `nameBytes`; `count + 1` entries.
    public internal(set) var nameOffsets: [Int]?
    /// Wallet value, when the input had a `spend` column.
    public internal(set) var spend: [Double]?
    /// Order counts, when the input had an `orders` column.
    public internal(set) var orders: [Int64]?
    /// Segment codes into `segmentNames`, when the input had a `segment` column; code 0 is "no segment".
    public internal(set) var segmentCodes: [UInt32]?
    /// Segment labels by code; `segmentNames[0]` is the empty label.
    public internal(set) var segmentNames: [String] = [""]
    /// Whether each customer had a row in `customers.csv` (`nil` when there was no such file).
    public internal(set) var hasCustomerRow: [Bool]?

    public init() {}

    /// The display name of `customer`, or `""`.
    public func name(_ customer: Int) -> String {
        guard let nameBytes, let nameOffsets, customer + 1 < nameOffsets.count else { return "" }
        return String(decoding: nameBytes[nameOffsets[customer] ..< nameOffsets[customer + 1]], as: UTF8.self)
    }

    /// The spend of `customer`, or 0.
    @inlinable
    public func spend(_ customer: Int) -> Double { spend.map { $0[customer] } ?? 0 }

    /// The orders of `customer`, or 0.
    public func orders(_ customer: Int) -> Int64 { orders.map { $0[customer] } ?? 0 }

    /// The segment label of `customer`, or `""`.
    public func segment(_ customer: Int) -> String {
        guard let segmentCodes else { return "" }
        return segmentNames[Int(segmentCodes[customer])]
    }

    /// The code of the segment called `name`, or `nil` when no customer has it.
    public func segmentCode(named name: String) -> UInt32? {
        guard !name.isEmpty, let i = segmentNames.firstIndex(of: name) else { return nil }
        return UInt32(i)
    }

    /// Makes room in the columns present for `count` more customers with `nameBytes`
    /// bytes of names, so that a load's appends do not copy the columns again each
    /// time they double.
    mutating func reserveCapacity(adding count: Int, nameBytes names: Int, threads: Int = 1) {
        if nameBytes != nil { reserveAhead(&nameBytes!, nameBytes!.count + names, threads: threads) }
        if nameOffsets != nil { reserveAhead(&nameOffsets!, nameOffsets!.count + count, threads: threads) }
        if spend != nil { reserveAhead(&spend!, spend!.count + count, threads: threads) }
        if orders != nil { reserveAhead(&orders!, orders!.count + count, threads: threads) }
        if segmentCodes != nil { reserveAhead(&segmentCodes!, segmentCodes!.count + count, threads: threads) }
        if hasCustomerRow != nil { reserveAhead(&hasCustomerRow!, hasCustomerRow!.count + count, threads: threads) }
    }

    /// Bytes held by the arrays.
    public var byteCount: Int {
        (nameBytes?.count ?? 0) + (nameOffsets?.count ?? 0) * 8 + (spend?.count ?? 0) * 8
            + (orders?.count ?? 0) * 8 + (segmentCodes?.count ?? 0) * 4 + (hasCustomerRow?.count ?? 0)
    }
}
