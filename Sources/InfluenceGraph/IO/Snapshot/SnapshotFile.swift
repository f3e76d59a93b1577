/// The binary snapshot container (`.igs`): every array of a `CustomerGraph`, so a
/// graph loads with one `pread` per array and no parsing.
///
/// ## Layout (all integers little-endian)
///
/// ```
/// offset  size  field
///      0     8  magic "IGSNAP\r\n"
///      8     4  UInt32 format version (2; version 1 is read too)
///     12     4  UInt32 section count S
///     16     8  UInt64 total file length in bytes
///     24  32·S  section table, one entry per section:
///                 UInt32 tag (four ASCII characters, first character in the low byte)
///                 UInt32 element width in bytes (1, 2, 4 or 8)
///                 UInt64 offset of the section from the start of the file
///                 UInt64 byte length of the section
///                 UInt64 XXH64 (seed 0) of the section's bytes
/// 24+32·S    4  UInt32 CRC-32C of bytes 0 ..< 24 + 32·S (header and table)
/// ```
///
/// Then the section payloads, each starting at a multiple of 8, zero-padded between.
/// Every payload byte is covered by its section's XXH64 checksum (chosen over
/// CRC-32C for sections because it verifies several times faster in Swift,
/// which keeps snapshot loads near the speed of the read itself). `Int` arrays are stored
/// as 64-bit integers, `Bool` arrays as one byte each (0 or 1). Arrays are written
/// and read as raw memory, which is little-endian on every platform this package
/// targets (x86-64, arm64).
///
/// The reader checks the header, the table checksum and every section's bounds
/// (inside the file, after the table, no overlap, whole elements) before it
/// allocates anything, then verifies each section's checksum, then the structure
/// (offset arrays ascending and matching their counts, indices in range), so a
/// damaged file yields an `InputError` and never a trap.
///
/// ## Sections
///
/// | tag    | width | contents | required |
/// |--------|-------|----------|----------|
/// | `CIDB` | 1 | customer id bytes (`CustomerTable.idBytes`) | yes |
/// | `CIDO` | 8 | customer id offsets, `count + 1` | yes |
/// | `CSLT` | 4 | customer hash slots | yes |
/// | `ANMB`, `ANMO` | 1, 8 | name bytes and offsets | when names exist |
/// | `ASPD` | 8 | spend (Double) | when spend exists |
/// | `AORD` | 8 | orders (Int64) | when orders exist |
/// | `ASGC` | 4 | segment codes | when segments exist |
/// | `ASNB`, `ASNO` | 1, 8 | segment names as UTF-8 bytes and offsets | yes |
/// | `AROW` | 1 | has-customer-row flags | when known |
/// | `FEOF`, `FETG` | 8, 4 | followees CSR offsets and targets | yes |
/// | `FROF`, `FRTG` | 8, 4 | followers CSR offsets and targets | yes |
/// | `FEWC`, `FEWV` | 2, 8 | followee weights as codes into a table of values (`EdgeWeights`) | when weighted, at most 65,536 distinct weights |
/// | `FRWC`, `FRWV` | 2, 8 | follower weights, the same way | as `FEWC` |
/// | `FEWT`, `FRWT` | 8, 8 | followee / follower weights as plain values | when weighted, more distinct weights (and in every version 1 file) |
/// | `RDOF`, `RDTG` | 8, 4 | referees CSR offsets and targets | yes |
/// | `RROF`, `RRTG` | 8, 4 | referrers CSR offsets and targets | yes |
/// | `RDTM`, `RRTM` | 8, 8 | referee / referrer times (Int64) | when timed |
/// | `RDRV`, `RRRV` | 8, 8 | referee / referrer revenues (Double) | when present |
/// | `RROW` | 4 | input row of each referrers edge | yes |
/// | `IRCT` | 8 | import report counters (9 × Int64) | yes |
/// | `IRSB`, `IRSO` | 1, 8 | self-referrer ids, bytes and offsets | yes |
/// | `IRBB`, `IRBO`, `IRBL` | 1, 8, 8 | first bad rows: (file, message) strings and lines | yes |
///
/// An optional array is absent exactly when its section is. Readers ignore
/// sections with unknown tags, so later versions can add sections without a
/// version bump, as long as a reader that skips them still reads the same graph.
/// Version 2 brought coded weights, which a version 1 reader would have skipped
/// and read the graph as unweighted.
enum SnapshotFile {
    static let magic: [UInt8] = Array("IGSNAP\r\n".utf8)
    static let version: UInt32 = 2
    static let headerSize = 24
    static let entrySize = 32

    /// The element types a section can hold.
    enum Kind: Sendable {
        case bytes, u16, u32, i64, f64, int
        var width: Int {
            switch self {
            case .bytes: return 1
            case .u16: return 2
            case .u32: return 4
            case .i64, .f64, .int: return 8
            }
        }
    }

    /// One section's elements, typed.
    enum Payload {
        case bytes([UInt8]), u16([UInt16]), u32([UInt32]), i64([Int64]), f64([Double]), int([Int])

        func withBytes<R>(_ body: (UnsafeRawBufferPointer) -> R) -> R {
            switch self {
            case .bytes(let a): return a.withUnsafeBytes(body)
            case .u16(let a): return a.withUnsafeBytes(body)
            case .u32(let a): return a.withUnsafeBytes(body)
            case .i64(let a): return a.withUnsafeBytes(body)
            case .f64(let a): return a.withUnsafeBytes(body)
            case .int(let a): return a.withUnsafeBytes(body)
            }
        }

        var kind: Kind {
            switch self {
            case .bytes: return .bytes
            case .u16: return .u16
            case .u32: return .u32
            case .i64: return .i64
            case .f64: return .f64
            case .int: return .int
            }
        }

        var byteCount: Int { withBytes { $0.count } }
    }

    /// The kind of every known tag.
    static let schema: [String: Kind] = [
        "CIDB": .bytes, "CIDO": .int, "CSLT": .u32,
        "ANMB": .bytes, "ANMO": .int, "ASPD": .f64, "AORD": .i64, "ASGC": .u32,
        "ASNB": .bytes, "ASNO": .int, "AROW": .bytes,
        "FEOF": .int, "FETG": .u32, "FROF": .int, "FRTG": .u32, "FEWT": .f64, "FRWT": .f64,
        "FEWC": .u16, "FEWV": .f64, "FRWC": .u16, "FRWV": .f64,
        "RDOF": .int, "RDTG": .u32, "RROF": .int, "RRTG": .u32,
        "RDTM": .i64, "RRTM": .i64, "RDRV": .f64, "RRRV": .f64, "RROW": .u32,
        "IRCT": .i64, "IRSB": .bytes, "IRSO": .int, "IRBB": .bytes, "IRBO": .int, "IRBL": .i64,
    ]

    /// The number of `ImportReport` counters in `IRCT`.
    static let counterCount = 9

    static func tagValue(_ tag: String) -> UInt32 {
        var value: UInt32 = 0
        for (i, byte) in tag.utf8.prefix(4).enumerated() { value |= UInt32(byte) << (8 * UInt32(i)) }
        return value
    }

    static func tagName(_ value: UInt32) -> String {
        let bytes = (0..<4).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) }
        return String(decoding: bytes.map { $0 >= 0x20 && $0 < 0x7F ? $0 : UInt8(ascii: "?") }, as: UTF8.self)
    }

    static func align8(_ n: Int) -> Int { (n + 7) & ~7 }
}
