import Testing
@testable import InfluenceGraph

@Suite struct CRC32CTests {
    /// The bit-at-a-time definition, independent of the tables.
    static func reference(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }
        return ~crc
    }

    static func random(count: Int, seed: UInt64) -> [UInt8] {
        var rng = SplitMix64(seed: seed)
        return (0..<count).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
    }

    static func crc(_ bytes: [UInt8]) -> UInt32 { bytes.withUnsafeBytes { CRC32C.checksum($0) } }

    @Test func knownVectors() {
        #expect(Self.crc(Array("123456789".utf8)) == 0xE306_9283)
        #expect(Self.crc([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(Self.crc([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(Self.crc([]) == 0)
        #expect(Self.reference(Array("123456789".utf8)) == 0xE306_9283)
    }

    @Test func matchesTheBitwiseDefinitionAtEveryAlignmentAndLength() {
        let bytes = Self.random(count: 300, seed: 1)
        bytes.withUnsafeBytes { raw in
            for start in 0..<17 {
                for length in [0, 1, 7, 8, 15, 16, 17, 31, 33, 64, 100, 283 - start] {
                    let slice = UnsafeRawBufferPointer(rebasing: raw[start..<(start + length)])
                    #expect(CRC32C.checksum(slice) == Self.reference(Array(bytes[start..<(start + length)])),
                            "start \(start) length \(length)")
                }
            }
        }
    }

    @Test func streamingUpdatesEqualOneChecksum() {
        let bytes = Self.random(count: 10_007, seed: 2)
        let whole = Self.crc(bytes)
        var rng = SplitMix64(seed: 3)
        var crc: UInt32 = 0
        var position = 0
        while position < bytes.count {
            let end = min(bytes.count, position + rng.nextIndex(below: 700))
            crc = bytes.withUnsafeBytes { CRC32C.update(crc, UnsafeRawBufferPointer(rebasing: $0[position..<end])) }
            position = end
        }
        #expect(crc == whole)
    }

    @Test func combineJoinsChecksumsOfAdjacentPieces() {
        let bytes = Self.random(count: 5_001, seed: 4)
        let whole = Self.crc(bytes)
        for split in [0, 1, 2, 3, 4, 63, 64, 1_000, 4_999, 5_000, 5_001] {
            let a = Self.crc(Array(bytes[..<split])), b = Self.crc(Array(bytes[split...]))
            #expect(CRC32C.combine(a, b, lengthB: bytes.count - split) == whole, "split \(split)")
        }
        // Three pieces, combined left to right.
        let ab = CRC32C.combine(Self.crc(Array(bytes[..<100])), Self.crc(Array(bytes[100..<2_000])), lengthB: 1_900)
        #expect(CRC32C.combine(ab, Self.crc(Array(bytes[2_000...])), lengthB: 3_001) == whole)
    }

    @Test(arguments: [1, 7, 1_048_575, 1_048_577, 3_145_729])
    func parallelEqualsSerial(count: Int) {
        let bytes = Self.random(count: count, seed: UInt64(count))
        let serial = Self.crc(bytes)
        for threads in [1, 2, 3, 8] {
            #expect(bytes.withUnsafeBytes { CRC32C.checksum($0, threads: threads) } == serial, "threads \(threads)")
            #expect(CRC32C.checksum(bytes, threads: threads) == serial)
        }
    }

    @Test func parallelEqualsTheBitwiseDefinitionOnAMultiChunkBuffer() {
        let bytes = Self.random(count: CRC32C.parallelChunkSize + 12_345, seed: 9)
        #expect(bytes.withUnsafeBytes { CRC32C.checksum($0, threads: 2) } == Self.reference(bytes))
    }
}
