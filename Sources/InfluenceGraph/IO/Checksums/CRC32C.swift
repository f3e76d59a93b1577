/// CRC-32C (Castagnoli): the reflected polynomial 0x82F63B78, initial value and
/// final XOR 0xFFFFFFFF — the checksum of iSCSI, ext4 and SSE4.2's `crc32`
/// instruction, computed here in plain Swift with slicing-by-16 tables.
///
/// Values are always *finalized* checksums, as in zlib's `crc32`: the checksum of
/// no bytes is 0, and `update(checksum(a), b) == checksum(a + b)`, so a stream is
/// checksummed by folding `update` over its pieces starting from 0.
///
/// ```swift
/// let digits = Array("123456789".utf8)
/// let crc = digits.withUnsafeBytes { CRC32C.checksum($0) }   // 0xE3069283
/// ```
///
/// `combine(_:_:lengthB:)` computes the checksum of `a + b` from the checksums of
/// `a` and `b` and the length of `b` alone, which lets `checksum(_:threads:)` cut a
/// buffer into fixed chunks, checksum them in parallel and fold the results in
/// chunk order. The result is bit-identical to the serial checksum at any thread
/// count (it is the same polynomial, not an approximation).
enum CRC32C {
    /// The reflected CRC-32C polynomial.
    static let polynomial: UInt32 = 0x82F6_3B78

    /// Slicing-by-16 tables: `tables[k << 8 | b]` is the CRC register contribution of
    /// byte `b` followed by `k` zero bytes. 16 KiB, built once on first use.
    @usableFromInline
    static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 16 * 256)
        for b in 0..<256 {
            var crc = UInt32(b)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ polynomial : crc >> 1 }
            t[b] = crc
        }
        for k in 1..<16 {
            for b in 0..<256 {
                let previous = t[(k - 1) << 8 | b]
                t[k << 8 | b] = (previous >> 8) ^ t[Int(previous & 0xFF)]
            }
        }
        return t
    }()

    /// The checksum of `bytes` (0 for no bytes).
    ///
    /// - Complexity: O(`bytes.count`), about one table lookup per byte.
    @inlinable
    static func checksum(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        update(0, bytes)
    }

    /// The checksum of `previous`'s data followed by `bytes`, where `previous` is the
    /// checksum of the data so far (0 at the start of a stream).
    ///
    /// - Complexity: O(`bytes.count`).
    @inlinable
    static func update(_ previous: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return previous }
        return tables.withUnsafeBufferPointer { table in
            // The table holds 4096 entries and every index below is masked to 12 bits.
            let t = table.baseAddress.unsafelyUnwrapped
            var crc = ~previous
            var p = base
            let end = base + bytes.count
            // Bytes until `p` is 8-byte aligned, so the word loads below are aligned.
            while p < end && UInt(bitPattern: p) & 7 != 0 {
                crc = t[Int((crc ^ UInt32(p.load(as: UInt8.self))) & 0xFF)] ^ (crc >> 8)
                p += 1
            }
            while end - p >= 16 {
                let a = p.load(as: UInt64.self).littleEndian ^ UInt64(crc)
                let b = p.load(fromByteOffset: 8, as: UInt64.self).littleEndian
                crc = t[15 << 8 | Int(a & 0xFF)] ^ t[14 << 8 | Int((a >> 8) & 0xFF)]
                    ^ t[13 << 8 | Int((a >> 16) & 0xFF)] ^ t[12 << 8 | Int((a >> 24) & 0xFF)]
                    ^ t[11 << 8 | Int((a >> 32) & 0xFF)] ^ t[10 << 8 | Int((a >> 40) & 0xFF)]
                    ^ t[9 << 8 | Int((a >> 48) & 0xFF)] ^ t[8 << 8 | Int(a >> 56)]
                    ^ t[7 << 8 | Int(b & 0xFF)] ^ t[6 << 8 | Int((b >> 8) & 0xFF)]
                    ^ t[5 << 8 | Int((b >> 16) & 0xFF)] ^ t[4 << 8 | Int((b >> 24) & 0xFF)]
                    ^ t[3 << 8 | Int((b >> 32) & 0xFF)] ^ t[2 << 8 | Int((b >> 40) & 0xFF)]
                    ^ t[1 << 8 | Int((b >> 48) & 0xFF)] ^ t[Int(b >> 56)]
                p += 16
            }
            while p < end {
                crc = t[Int((crc ^ UInt32(p.load(as: UInt8.self))) & 0xFF)] ^ (crc >> 8)
                p += 1
            }
            return ~crc
        }
    }

    /// The checksum of `bytes`, computed on up to `threads` threads.
    ///
    /// The buffer is cut into fixed 1 MiB chunks (boundaries depend only on
    /// `bytes.count`), each chunk is checksummed on its own and the results are
    /// combined in chunk order, so the value equals `checksum(bytes)` exactly.
    ///
    /// - Complexity: O(`bytes.count` / `threads`) time plus O(chunks · 32²) bit
    ///   operations to combine; O(chunks) extra memory.
    static func checksum(_ bytes: UnsafeRawBufferPointer, threads: Int) -> UInt32 {
        let chunkSize = parallelChunkSize
        let chunks = (bytes.count + chunkSize - 1) / chunkSize
        guard threads > 1, chunks > 1 else { return checksum(bytes) }
        let partial = ParallelFor.map(chunks: chunks, threads: threads) { chunk in
            let start = chunk * chunkSize
            return checksum(UnsafeRawBufferPointer(rebasing: bytes[start..<min(start + chunkSize, bytes.count)]))
        }
        return combine(partial, chunkSize: chunkSize, totalLength: bytes.count)
    }

    /// The chunk length `checksum(_:threads:)` and the snapshot reader use: large
    /// enough that combining is free, small enough to stay in L2 after a copy.
    @usableFromInline
    static let parallelChunkSize = 1 << 20

    /// Folds the checksums of consecutive chunks of `chunkSize` bytes (the last one
    /// possibly shorter, ending at `totalLength`) into the checksum of the whole.
    ///
    /// - Complexity: O(chunks · 32) bit operations.
    @usableFromInline
    static func combine(_ partial: [UInt32], chunkSize: Int, totalLength: Int) -> UInt32 {
        guard var crc = partial.first else { return 0 }
        let fullShift = shiftOperator(length: chunkSize)
        for chunk in 1..<max(partial.count, 1) {
            let length = min(chunkSize, totalLength - chunk * chunkSize)
            let shift = length == chunkSize ? fullShift : shiftOperator(length: length)
            crc = multiply(shift, crc) ^ partial[chunk]
        }
        return crc
    }

    /// The checksum of the concatenation `a + b`, given `crcA = checksum(a)`,
    /// `crcB = checksum(b)` and `lengthB = b.count`.
    ///
    /// This is zlib's `crc32_combine` in its current form: appending `n` bytes
    /// multiplies the register by x^(8n) in GF(2)[x] modulo the polynomial, and
    /// x^(8n) is assembled from a table of x^(2^k) by square-and-multiply (the same
    /// GF(2) linear map as zlib's older 32×32 matrix squaring, with less work).
    ///
    /// - Complexity: O(log `lengthB`) multiplications of 32 steps each.
    static func combine(_ crcA: UInt32, _ crcB: UInt32, lengthB: Int) -> UInt32 {
        guard lengthB > 0 else { return crcA }
        return multiply(shiftOperator(length: lengthB), crcA) ^ crcB
    }

    /// x^(8·length) modulo the polynomial, in the reflected bit order.
    static func shiftOperator(length: Int) -> UInt32 {
        var n = UInt(length)
        var k = 3  // x^(8n) = x^(n · 2^3)
        var product: UInt32 = 1 << 31  // x^0
        while n != 0 {
            if n & 1 == 1 { product = multiply(powersOfTwo[k & 31], product) }
            n >>= 1
            k += 1
        }
        return product
    }

    /// `powersOfTwo[k]` = x^(2^k) modulo the polynomial; the sequence has period 31
    /// beyond the first entry, so 32 entries cover every exponent.
    static let powersOfTwo: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 32)
        var p: UInt32 = 1 << 30  // x^1
        for k in 0..<32 {
            table[k] = p
            p = multiply(p, p)
        }
        return table
    }()

    /// a · b modulo the polynomial, both in reflected bit order (x^0 is bit 31).
    static func multiply(_ a: UInt32, _ b: UInt32) -> UInt32 {
        var a = a, b = b, product: UInt32 = 0
        while a != 0 {
            if a & (1 << 31) != 0 { product ^= b }
            a <<= 1
            b = b & 1 == 1 ? (b >> 1) ^ polynomial : b >> 1
        }
        return product
    }
}

extension CRC32C {
    /// The checksum of an array's bytes, computed on up to `threads` threads.
    ///
    /// - Complexity: O(`array.count` · stride / `threads`).
    static func checksum<T: BitwiseCopyable>(_ array: [T], threads: Int = 1) -> UInt32 {
        array.withUnsafeBytes { checksum($0, threads: threads) }
    }
}
