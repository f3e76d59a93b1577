/// Byte strings packed end to end in memory its owner provides (a window's room),
/// with the end of each: the ids and names a chunk of rows collects. Appending one
/// checks no array's capacity or uniqueness and calls nothing to copy a few bytes,
/// which at one name a row cost more than reading it.
struct PackedBytes {
    private let storage: UnsafeMutableRawBufferPointer
    private let endStorage: UnsafeMutableBufferPointer<Int>
    /// How many strings were appended.
    private(set) var count = 0
    /// Whether a string's bytes did not fit, so an empty string stands in for it.
    ///
    /// A window's chunk holds its rows' bytes only when its records end inside it.
    /// A chunk that starts at a line feed the quote count took for a record's end
    /// (a quote inside an unquoted field) can read a record through to later chunks;
    /// its scan then ends past the next chunk's start, and the loader reads the
    /// window again as one chunk, so its strings are never used.
    private(set) var overflowed = false

    /// Packs strings into `bytes`, at most `ends.count` of them.
    init(bytes: UnsafeMutableRawBufferPointer, ends: UnsafeMutableBufferPointer<Int>) {
        storage = bytes
        endStorage = ends
    }

    /// The bytes of all the strings.
    var byteCount: Int { count == 0 ? 0 : endStorage[count &- 1] }

    /// The strings' bytes, end to end.
    var bytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(rebasing: storage[0 ..< byteCount]) }

    /// Where each string ends in `bytes`.
    var ends: UnsafeBufferPointer<Int> { UnsafeBufferPointer(rebasing: endStorage[0 ..< count]) }

    /// Appends `string`, or an empty string when its bytes do not fit (`overflowed`).
    ///
    /// - Precondition: the room holds one more string.
    @inline(__always)
    mutating func append(_ string: UnsafeRawBufferPointer) {
        let start = byteCount
        var n = string.count
        precondition(count < endStorage.count, "more strings than the room holds")
        if n > storage.count &- start {
            n = 0
            overflowed = true
        }
        if n > 0, let from = string.baseAddress, let to = storage.baseAddress { Self.copy(n, from, to + start) }
        endStorage[count] = start &+ n
        count &+= 1
    }

    /// Copies `n` bytes (at least one) from `from` to `to`: strings up to 16 bytes as
    /// two overlapping words, each inside the string.
    @inline(__always)
    private static func copy(_ n: Int, _ from: UnsafeRawPointer, _ to: UnsafeMutableRawPointer) {
        if n >= 8 && n <= 16 {
            let head = from.loadUnaligned(as: UInt64.self), tail = from.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self)
            to.storeBytes(of: head, as: UInt64.self)
            to.storeBytes(of: tail, toByteOffset: n &- 8, as: UInt64.self)
        } else if n >= 4 && n < 8 {
            let head = from.loadUnaligned(as: UInt32.self), tail = from.loadUnaligned(fromByteOffset: n &- 4, as: UInt32.self)
            to.storeBytes(of: head, as: UInt32.self)
            to.storeBytes(of: tail, toByteOffset: n &- 4, as: UInt32.self)
        } else if n < 4 {
            for i in 0 ..< n { to.storeBytes(of: from.load(fromByteOffset: i, as: UInt8.self), toByteOffset: i, as: UInt8.self) }
        } else {
            to.copyMemory(from: from, byteCount: n)
        }
    }
}
