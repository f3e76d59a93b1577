/// A fixed, seedless 64-bit hash of a byte string. Deterministic across runs and
/// machines, so hash tables can be stored in snapshots as they are.
@usableFromInline
enum ByteHash {
    /// Inlined at every call: ids are hashed once or twice a row, and a call's
    /// setup costs a third of hashing a short one.
    @inlinable @inline(__always)
    static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: bytes.count)
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            let word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            h = mix(h ^ word)
            i += 8
        }
        // The last n - i bytes, little-endian: from one word ending at the last byte
        // when the string has eight (ids mostly do), else a byte at a time.
        var tail: UInt64 = 0
        if i < n && n >= 8 {
            tail = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: n - 8, as: UInt64.self)) >> (64 - 8 * UInt64(n - i))
        } else {
            var shift: UInt64 = 0
            while i < n {
                tail |= UInt64(bytes[i]) << shift
                shift += 8
                i += 1
            }
        }
        return mix(h ^ tail ^ 0xFF51_AFD7_ED55_8CCD)
    }

    @inlinable
    static func mix(_ x: UInt64) -> UInt64 {
        var z = x &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 31)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 29)
    }

    /// Whether `count` bytes at `a` and `b` are equal; ids are short, so words are
    /// compared inline rather than through a call to `memcmp`.
    @inlinable @inline(__always)
    static func equal(_ a: UnsafeRawPointer?, _ b: UnsafeRawPointer?, count: Int) -> Bool {
        guard count > 0, let a, let b else { return true }
        if count <= 16 {
            if count >= 8 {
                return a.loadUnaligned(as: UInt64.self) == b.loadUnaligned(as: UInt64.self)
                    && a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self) == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
            }
            var i = 0
            while i < count {
                if a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self) { return false }
                i += 1
            }
            return true
        }
        return memcmp(a, b, count) == 0
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
