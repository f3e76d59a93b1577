extension GraphBuilder {
    /// Rejects ids that could not be interned, before any of a row's ids is added.
    func validate(_ ids: UnsafeRawBufferPointer...) throws(RowError) {
        for bytes in ids where customers.index(of: bytes) == nil { try CSVValues.requireUTF8(bytes) }
    }

    /// Interns a customer id from a row, rejecting invalid UTF-8 and too many customers.
    mutating func intern(_ bytes: UnsafeRawBufferPointer) throws(RowError) -> UInt32 {
        try validate(bytes)
        do {
            return try customers.intern(bytes).index
        } catch {
            throw RowError(CapacityError.message, fatal: true)
        }
    }
}

extension Array where Element == UInt8 {
    /// Interns bytes `range` of this buffer, whose hash is `hash` when given, into `table`.
    func intern(_ range: Range<Int>, hash: UInt64? = nil, into table: inout CustomerTable) throws(CapacityError) -> (index: UInt32, isNew: Bool) {
        var result: Result<(index: UInt32, isNew: Bool), CapacityError> = .success((0, false))
        withUnsafeBytes { raw in
            let bytes = UnsafeRawBufferPointer(rebasing: raw[range])
            result = Result { () throws(CapacityError) in try table.intern(bytes, hash: hash ?? ByteHash.hash(bytes)) }
        }
        return try result.get()
    }
}
