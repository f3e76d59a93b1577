import Testing
@_spi(Tooling) @testable import InfluenceGraph

/// Encodings exports arrive in: detection, the UTF-8 check of the fast path, UTF-16
/// of both byte orders, and GB18030 against bytes written by an independent encoder
/// (glibc iconv, `printf … | iconv -f UTF-8 -t GB18030 | xxd -p`).
@Suite struct TextEncodingTests {
    /// The id check reads eight ASCII bytes at a time: a non-ASCII byte at any
    /// position of ids of every length up to 20 must still reach the decoder.
    @Test func idValidationFindsABadByteAnywhere() {
        for length in 0 ... 20 {
            let ascii = [UInt8](repeating: 0x41, count: length)
            #expect(ascii.withUnsafeBytes { $0.isValidUTF8 })
            for at in 0 ..< length {
                for (insert, valid) in [([0xFF] as [UInt8], false), ([0xC3, 0xA9], true), ([0xC3], false), ([0xE2, 0x82, 0xAC], true)] {
                    var bytes = ascii
                    bytes.replaceSubrange(at ..< at + 1, with: insert)
                    #expect(bytes.withUnsafeBytes { $0.isValidUTF8 } == valid, "length \(length), \(insert) at \(at)")
                    #expect((String(validating: bytes, as: UTF8.self) != nil) == valid)
                }
            }
        }
    }

    static func bytes(hex: String) -> [UInt8] {
        var out: [UInt8] = []
        var chars = Array(hex.utf8).makeIterator()
        func value(_ c: UInt8) -> UInt8 { c <= UInt8(ascii: "9") ? c - UInt8(ascii: "0") : c - UInt8(ascii: "a") + 10 }
        while let hi = chars.next(), let lo = chars.next() { out.append(value(hi) << 4 | value(lo)) }
        return out
    }

    /// `customers.csv` with Chinese names (and a four-byte code for "ë"), as iconv writes it in GB18030.
    static let gbCustomers = bytes(hex: "69642c6e616d652c7370656e640a43312cd5c5ceb02c3130300a43322cc0eec4c82c3235302e350a43332ccdf5b7bc2c38300a43342c22c5b7d1f4c4c8c4c82c205a6f81308a35222c300a")
    static let utf8Customers = "id,name,spend\nC1,张伟,100\nC2,李娜,250.5\nC3,王芳,80\nC4,\"欧阳娜娜, Zoë\",0\n"

    /// The text `bytes` convert to, or the error.
    static func converted(_ bytes: [UInt8], threads: Int = 2) -> Result<String, InputError> {
        bytes.withUnsafeBytes { raw in
            Result { () throws(InputError) -> String in
                let encoding: TextEncoding
                do throws(TextEncoding.Refusal) {
                    encoding = try TextEncoding.detect(raw, threads: threads)
                } catch {
                    throw InputError(file: "f.csv", line: TextEncoding.line(ofOffset: error.offset, in: raw), message: error.message)
                }
                return try TextEncoding.withUTF8(raw, encoding: encoding, name: "f.csv") { text in
                    String(decoding: text, as: UTF8.self)
                }
            }
        }
    }

    static func failure(_ result: Result<String, InputError>) -> String? {
        if case .failure(let error) = result { return error.description }
        return nil
    }

    static func detect(_ bytes: [UInt8]) -> TextEncoding? {
        bytes.withUnsafeBytes { try? TextEncoding.detect($0, threads: 2) }
    }

    @Test func gb18030KnownStringsDecode() throws {
        let cases: [(hex: String, text: String)] = [
            ("d5c5ceb0c0eec4c8cdf5b7bc", "张伟李娜王芳"),  // GB2312 two-byte codes
            ("a2e3", "€"),                              // two-byte, GB18030-2005 onwards
            ("81308436", "¥"),                          // four-byte, BMP
            ("81308a35", "ë"),
            ("9439fc36", "😀"),                         // four-byte, beyond the BMP
            ("a8bc", "ḿ"),                              // as GB18030-2005 and later map it
            ("fe51", "𠂇"),                              // a two-byte code beyond the BMP (GB18030-2022)
            ("80", "€"),                                // Windows code page 936's euro
        ]
        for (hex, text) in cases {
            let raw = Self.bytes(hex: "41" + hex + "2c" + hex)  // "A" + code + "," + code
            let decoded = try raw.withUnsafeBytes { raw in
                let out = try GB18030Decoder.decode(raw, name: "f.csv")
                return String(decoding: UnsafeRawBufferPointer(start: out.memory.base, count: out.count), as: UTF8.self)
            }
            #expect(decoded == "A" + text + "," + text, "\(hex)")
        }
        // Detected as GB18030 when GB2312 characters come with them; converted on loading.
        let mixed = Self.bytes(hex: "d5c5ceb02c" + cases.map(\.hex).joined(separator: "2c"))
        #expect(Self.detect(mixed) == .gb18030)
        #expect(try Self.converted(mixed).get() == "张伟," + cases.map(\.text).joined(separator: ","))
        // The table's shape: 23940 two-byte codes, all mapped, none twice.
        let scalars = GB18030Decoder.twoByteScalars
        #expect(scalars.count == 23940)
        #expect(!scalars.contains(0))
        #expect(Set(scalars).count == scalars.count)
    }

    @Test func gb18030CustomersLoadConverted() throws {
        let result = try Self.gbCustomers.withUnsafeBytes { raw in
            try Self.loadCustomers(raw)
        }
        let expected = try Array(Self.utf8Customers.utf8).withUnsafeBytes { try Self.loadCustomers($0) }
        #expect(result.files[0].encoding == .gb18030)
        #expect(expected.files[0].encoding == .utf8)
        #expect(result.graph == expected.graph)
        #expect(result.graph.attributes.name(0) == "张伟")
        #expect(result.graph.attributes.name(3) == "欧阳娜娜, Zoë")
        #expect(result.graph.attributes.spend(1) == 250.5)
    }

    /// Loads `customers.csv` with these contents through `CSVSources`.
    static func loadCustomers(_ raw: UnsafeRawBufferPointer) throws -> CSVImport {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.write("customers.csv", bytes: Array(raw))
        return try CSVSources(customers: path).load(options: LoadOptions(threads: 2))
    }

    /// A file read in small windows whose first windows are ASCII and whose later
    /// ones hold GB18030 names is read again whole and converted, as a whole read
    /// would convert it; a UTF-8 file with a byte-order mark stays on the window path.
    @Test func windowsThatTurnOutNotUTF8SendTheFileToDetection() throws {
        let ascii = (0 ..< 200).map { "A\($0),plain,\($0)\n" }.joined()
        let gbRows = Self.gbCustomers.drop(while: { $0 != 0x0A }).dropFirst()
        let gb = Array("id,name,spend\n".utf8) + Array(ascii.utf8) + gbRows
        let utf8 = "id,name,spend\n" + ascii + Self.utf8Customers.split(separator: "\n", maxSplits: 1)[1]
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let gbPath = dir.write("gb.csv", bytes: gb)
        let utf8Path = dir.write("utf8.csv", bytes: Array(utf8.utf8))
        let markedPath = dir.write("marked.csv", bytes: [0xEF, 0xBB, 0xBF] + Array(utf8.utf8))
        var loader = CSVDirectoryLoader(options: LoadOptions(threads: 2))
        loader.windowBytes = 64
        let expected = try loader.load(CSVSources(customers: utf8Path))
        let converted = try loader.load(CSVSources(customers: gbPath))
        let marked = try loader.load(CSVSources(customers: markedPath))
        #expect(expected.files[0].encoding == .utf8)
        #expect(converted.files[0].encoding == .gb18030)
        #expect(marked.files[0].encoding == .utf8WithByteOrderMark)
        let want = expected.builder.build(threads: 1)
        #expect(converted.builder.build(threads: 1) == want)
        #expect(marked.builder.build(threads: 1) == want)
        #expect(want.customerCount == 204)
        #expect(want.attributes.name(203) == "欧阳娜娜, Zoë")
    }

    @Test func gbLookingBytesThatDoNotDecodeAreRefused() {
        // GB2312 names, then a byte no GB18030 code starts with, on line 3.
        let raw = Self.bytes(hex: "69642c6e616d650a43312cd5c5ceb00a43322cff0a")
        #expect(Self.failure(Self.converted(raw)) == (
            "f.csv:3: not UTF-8 — looks like GB18030/GBK, but byte 0xFF here is not GB18030 either; save as UTF-8 (in Excel: CSV UTF-8)"))
    }

    @Test func latin1IsNotTakenForGB18030() {
        // "José" and "Zoë" in ISO 8859-1: not UTF-8, and no GB2312 code among them.
        let raw = Array("id\nJos".utf8) + [0xE9] + Array("\nZo".utf8) + [0xEB, 0x0A]
        #expect(Self.detect(raw) == .utf8)
        // Left as bytes, the loader reports the id that is not UTF-8 (never another id).
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        let path = dir.write("c.csv", bytes: raw)
        #expect(throws: InputError(file: path, line: 2, message: "id is not valid UTF-8 ('Jos\u{FFFD}')")) {
            try CSVSources(customers: path).load()
        }
    }

    @Test func utf16BothByteOrdersConvert() throws {
        let text = "id,name,spend\nC1,张伟,100\nC2,\"Ana 😀\",5\n"
        let units = Array(text.utf16)
        let little: [UInt8] = [0xFF, 0xFE] + units.flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let big: [UInt8] = [0xFE, 0xFF] + units.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        #expect(Self.detect(little) == .utf16LittleEndian)
        #expect(Self.detect(big) == .utf16BigEndian)
        #expect(try Self.converted(little).get() == text)
        #expect(try Self.converted(big).get() == text)
        // Without a byte-order mark, ASCII beside NUL bytes gives the order away.
        #expect(Self.detect(Array(little.dropFirst(2))) == .utf16LittleEndian)
        #expect(Self.detect(Array(big.dropFirst(2))) == .utf16BigEndian)
        #expect(try Self.converted(Array(big.dropFirst(2))).get() == text)

        let expected = try Array(text.utf8).withUnsafeBytes { try Self.loadCustomers($0) }
        for bytes in [little, big] {
            let result = try bytes.withUnsafeBytes { try Self.loadCustomers($0) }
            #expect(result.graph == expected.graph)
            #expect(result.graph.attributes.name(1) == "Ana 😀")
        }
    }

    @Test func brokenUTF16NamesTheLine() {
        let lone: [UInt8] = [0xFF, 0xFE, 0x61, 0x00, 0x0A, 0x00, 0x00, 0xD8, 0x62, 0x00]  // "a\n", then a high surrogate before "b"
        #expect(Self.failure(Self.converted(lone)) == "f.csv:2: invalid UTF-16: unpaired surrogate U+D800")
        let odd: [UInt8] = [0xFE, 0xFF, 0x00, 0x61, 0x00]
        #expect(Self.failure(Self.converted(odd)) == (
            "f.csv:1: invalid UTF-16: the file ends in the middle of a character (odd number of bytes)"))
    }

    @Test func utf8ValidationAgreesWithTheStandardLibrary() {
        let cases: [[UInt8]] = [
            [], Array("plain ascii, long enough to take the 32-byte path of the check".utf8),
            Array("中文 and emoji 😀 and é".utf8),
            [0xC0, 0x80], [0xC1, 0xBF], [0xE0, 0x80, 0x80], [0xED, 0xA0, 0x80], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80],
            [0xE4, 0xB8], [0x80], [0xFF], Array(repeating: 0x41, count: 40) + [0xE4, 0xB8, 0x41],
        ]
        var rng = SplitMix64(seed: 22)
        var all = cases
        for _ in 0 ..< 300 {
            let count = Int(rng.next() % 64)
            all.append((0 ..< count).map { _ in
                let r = rng.next()
                return r % 4 == 0 ? UInt8(truncatingIfNeeded: r >> 8) : UInt8(truncatingIfNeeded: r >> 8) & 0x7F
            })
        }
        for bytes in all {
            let expected = Self.firstInvalidByTheStandardLibrary(bytes)
            #expect(bytes.withUnsafeBytes { UTF8Validation.firstInvalid($0, threads: 1) } == expected, "\(bytes)")
        }
    }

    /// The first invalid offset as `Unicode.UTF8.ForwardParser` finds it.
    static func firstInvalidByTheStandardLibrary(_ bytes: [UInt8]) -> Int? {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let encoded): offset += encoded.count
            case .emptyInput: return nil
            case .error: return offset
            }
        }
    }

    @Test func utf8ValidationInParallelPiecesFindsTheFirstBadByte() {
        // 40 MiB: several 8 MiB pieces; sequences straddle the piece boundaries.
        let size = 40 << 20
        var bytes = [UInt8](repeating: 0x61, count: size)
        let bounds = ParallelFor.evenBoundaries(count: size, parts: min(4 * 3, size >> 23))
        let ni: [UInt8] = Array("你".utf8)
        for b in bounds.dropFirst().dropLast() {
            for (k, x) in ni.enumerated() { bytes[b - 1 + k] = x }  // a three-byte sequence across the boundary
        }
        #expect(bytes.withUnsafeBytes { UTF8Validation.firstInvalid($0, threads: 3) } == nil)
        // A stray continuation byte right at a boundary, and a later bad byte.
        let stray = bounds[2]
        bytes[stray - 1] = 0x61
        bytes[stray] = 0x80
        bytes[stray + 1] = 0x61
        bytes[size - 5] = 0xFF
        #expect(bytes.withUnsafeBytes { UTF8Validation.firstInvalid($0, threads: 3) } == stray)
        #expect(bytes.withUnsafeBytes { UTF8Validation.firstInvalid($0, threads: 1) } == stray)
    }
}
