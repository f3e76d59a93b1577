/// An id as a loading table's slot holds it beside the customer index (see
/// `CustomerTable.loadSlots`): an id of up to `inlineLimit` bytes whole, so its
/// lookup compares it in the slot and reads nothing else; a longer id as its hash,
/// which a match checks against the stored bytes.
///
/// `tag` is the id's length in its low byte (255 for a long id) and, for a short
/// id, its first three bytes above; `rest` is bytes 3 ..< 11 of a short id,
/// zero-padded, or a long id's hash.
struct CustomerKey: Equatable {
    /// The longest id held whole.
    static let inlineLimit = 11

    var tag: UInt32
    var rest: UInt64

    /// Whether the key is the id itself, so matching it is finding the id.
    @inline(__always) var isWhole: Bool { tag & 0xFF != 0xFF }

    init(tag: UInt32, rest: UInt64) {
        self.tag = tag
        self.rest = rest
    }

    /// The key of the id `bytes`, whose `ByteHash` is `hash`.
    @inline(__always)
    init(_ bytes: UnsafeRawBufferPointer, hash: UInt64) {
        let n = bytes.count
        guard n <= Self.inlineLimit, let base = bytes.baseAddress else {
            tag = n == 0 ? 0 : 0xFF
            rest = n == 0 ? 0 : hash
            return
        }
        if n >= 8 {
            // Two overlapping words: bytes 0 ..< 8 and n - 8 ..< n.
            let head = base.loadUnaligned(as: UInt64.self)
            tag = UInt32(n) | UInt32(truncatingIfNeeded: head << 8) & 0xFFFF_FF00
            let tail = n == 8 ? 0 : base.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self) >> (8 * (16 - n))
            rest = head >> 24 | (n == 8 ? 0 : tail << 40)
        } else {
            var t = UInt32(n), r: UInt64 = 0
            for i in 0 ..< min(n, 3) { t |= UInt32(base.load(fromByteOffset: i, as: UInt8.self)) << (8 + 8 * i) }
            for i in min(n, 3) ..< n { r |= UInt64(base.load(fromByteOffset: i, as: UInt8.self)) << (8 * (i - 3)) }
            tag = t
            rest = r
        }
    }

    /// Calls `body` with the id a whole key holds (`isWhole`): its first three
    /// bytes from above the length, the rest after.
    func withIDBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
        withUnsafeTemporaryAllocation(byteCount: 16, alignment: 8) { raw in
            raw.storeBytes(of: (tag >> 8).littleEndian, toByteOffset: 0, as: UInt32.self)
            raw.storeBytes(of: rest.littleEndian, toByteOffset: 3, as: UInt64.self)
            return body(UnsafeRawBufferPointer(rebasing: raw[0 ..< Int(tag & 0xFF)]))
        }
    }

    /// The slot's first word for this key and customer `index`.
    @inline(__always) func low(index: UInt32) -> UInt64 { UInt64(index) | UInt64(tag) << 32 }

    /// Whether a slot whose words are `low`, `high` holds this key.
    @inline(__always) func matches(low: UInt64, high: UInt64) -> Bool { UInt32(truncatingIfNeeded: low >> 32) == tag && high == rest }

    /// A slot's first word when it is empty: no customer has index `UInt32.max`.
    static let emptyLow = UInt64(UInt32.max)

    /// The customer index in a slot's first word (`UInt32.max` when empty).
    @inline(__always) static func index(_ low: UInt64) -> UInt32 { UInt32(truncatingIfNeeded: low) }
}
