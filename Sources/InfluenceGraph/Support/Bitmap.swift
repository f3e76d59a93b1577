/// A fixed-size set of customer indices `0..<count`, one bit each.
///
/// Used for seed sets, exclusions and audiences: 1M customers take 128 KiB, which
/// stays in cache while a traversal tests membership.
///
/// ```swift
/// var excluded = Bitmap(count: graph.customerCount)
/// excluded.insert(42)
/// excluded.contains(42)  // true
/// ```
@frozen
public struct Bitmap: Sendable, Equatable {
    @usableFromInline var storage: [UInt64]
    /// The bits, 64 per word; bit `i % 64` of word `i / 64` is element `i`.
    @inlinable public var words: [UInt64] { storage }
    /// The size of the universe.
    public let count: Int

    /// An empty set over `0..<count`.
    ///
    /// - Complexity: O(count / 64).
    @inlinable
    public init(count: Int) {
        self.count = count
        storage = [UInt64](repeating: 0, count: (count + 63) >> 6)
    }

    /// The set of `members` over `0..<count`; every member must be in range.
    ///
    /// - Complexity: O(count / 64 + members.count).
    @inlinable
    public init<S: Sequence<Int>>(count: Int, members: S) {
        self.init(count: count)
        for m in members { insert(m) }
    }

    /// Whether `index` is in the set. - Complexity: O(1).
    @inlinable
    public func contains(_ index: Int) -> Bool {
        words[index >> 6] & (1 << UInt64(index & 63)) != 0
    }

    /// Adds `index`. - Complexity: O(1).
    @inlinable
    public mutating func insert(_ index: Int) {
        precondition(index >= 0 && index < count, "Bitmap index out of range")
        storage[index >> 6] |= 1 << UInt64(index & 63)
    }

    /// Removes `index`. - Complexity: O(1).
    @inlinable
    public mutating func remove(_ index: Int) {
        storage[index >> 6] &= ~(1 << UInt64(index & 63))
    }

    /// The number of members. - Complexity: O(count / 64).
    @inlinable
    public var memberCount: Int {
        var total = 0
        for w in words { total &+= w.nonzeroBitCount }
        return total
    }

    /// The members in ascending order. - Complexity: O(count / 64 + members).
    public var members: [Int] {
        var result: [Int] = []
        for (i, word) in words.enumerated() {
            var w = word
            while w != 0 {
                result.append(i << 6 | w.trailingZeroBitCount)
                w &= w &- 1
            }
        }
        return result
    }
}
