// Fuzz target for the snapshot reader (SnapshotFile). Each input is read as it
// is, then again with its declared length, section checksums and table checksum
// recomputed, so mutations reach the structural checks behind the checksums.

func fuzzSnapshot(_ raw: UnsafeRawBufferPointer) {
    var bytes = Array(raw)
    load(bytes)
    if repairChecksums(&bytes) { load(bytes) }
}

func load(_ bytes: [UInt8]) {
    let name = "fuzz.igs"
    do {
        let graph = try bytes.withUnsafeBytes { raw in
            Result { () throws(InputError) in try SnapshotFile.read(raw, name: name, threads: 1) }
        }.get()
        checkGraph(graph, built: false)
    } catch {
        checkError(error, name: name)
    }
}

/// Rewrites the declared length and every checksum of a snapshot-shaped input
/// to match its contents; returns whether anything changed.
func repairChecksums(_ bytes: inout [UInt8]) -> Bool {
    let h = SnapshotFile.headerSize, e = SnapshotFile.entrySize
    guard bytes.count >= h, bytes.starts(with: SnapshotFile.magic) else { return false }
    let count = Int(SnapshotFile.readU32(bytes, 12))
    guard count <= 4096, h + e * count + 4 <= bytes.count else { return false }
    let before = bytes
    func put<T: FixedWidthInteger>(_ value: T, at offset: Int) {
        withUnsafeBytes(of: value.littleEndian) { for (i, b) in $0.enumerated() { bytes[offset + i] = b } }
    }
    put(UInt64(bytes.count), at: 16)
    for s in 0..<count {
        let at = h + e * s
        let offset = SnapshotFile.readU64(bytes, at + 8), length = SnapshotFile.readU64(bytes, at + 16)
        guard offset <= UInt64(bytes.count), length <= UInt64(bytes.count) - offset else { continue }
        let sum = bytes.withUnsafeBytes { XXH64.hash(UnsafeRawBufferPointer(rebasing: $0[Int(offset) ..< Int(offset + length)])) }
        put(sum, at: at + 24)
    }
    let tableEnd = h + e * count
    put(bytes.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[0 ..< tableEnd])) }, at: tableEnd)
    return bytes != before
}
