import Testing
@testable import InfluenceGraph

@Suite struct PackedBytesTests {
    /// Strings of every length up to 40 (each of the copy's ways: bytes, two 4-byte
    /// words, two 8-byte words, a call), packed one after another, must read back
    /// as their plain concatenation, and nothing past the last string is written.
    @Test func packsStringsOfEveryLengthEndToEnd() {
        var rng = SplitMix64(seed: 9, stream: 0)
        let strings: [[UInt8]] = (0 ..< 2_000).map { k in
            (0 ..< (k < 41 ? k : rng.nextIndex(below: 41))).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
        }
        let total = strings.reduce(0) { $0 + $1.count }
        var room = [UInt8](repeating: 0xAB, count: total + 64)
        var ends = [Int](repeating: -1, count: strings.count)
        room.withUnsafeMutableBytes { room in
        ends.withUnsafeMutableBufferPointer { ends in
            var packed = PackedBytes(bytes: room, ends: ends)
            for s in strings { s.withUnsafeBytes { packed.append($0) } }
            #expect(packed.count == strings.count)
            #expect(packed.byteCount == total)
            // Compared whole, reported by the first string that differs.
            var end = 0
            let firstWrong = strings.indices.first { k in
                let start = end
                end += strings[k].count
                return packed.ends[k] != end || !packed.bytes[start ..< end].elementsEqual(strings[k])
            }
            #expect(firstWrong == nil, "string \(firstWrong ?? -1) of length \(firstWrong.map { strings[$0].count } ?? -1)")
        }}
        #expect(room[total...].allSatisfy { $0 == 0xAB })
    }

    /// A string whose bytes do not fit goes in empty and marks the room overflowed;
    /// the strings before it and a later one that fits stay as they were.
    @Test func aStringThatDoesNotFitGoesInEmpty() {
        var room = [UInt8](repeating: 0xAB, count: 12)
        var ends = [Int](repeating: -1, count: 4)
        room.withUnsafeMutableBytes { room in
        ends.withUnsafeMutableBufferPointer { ends in
            var packed = PackedBytes(bytes: room, ends: ends)
            Array("ten bytes!".utf8).withUnsafeBytes { packed.append($0) }
            #expect(!packed.overflowed)
            Array("three".utf8).withUnsafeBytes { packed.append($0) }
            #expect(packed.overflowed)
            Array("ok".utf8).withUnsafeBytes { packed.append($0) }
            #expect(Array(packed.ends) == [10, 10, 12])
            #expect(String(decoding: packed.bytes, as: UTF8.self) == "ten bytes!ok")
        }}
    }
}

