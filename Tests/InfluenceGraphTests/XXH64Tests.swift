import Testing
@testable import InfluenceGraph

@Suite struct XXH64Tests {
    func hash(_ text: String, seed: UInt64 = 0) -> UInt64 {
        Array(text.utf8).withUnsafeBytes { XXH64.hash($0, seed: seed) }
    }

    /// Published XXH64 vectors (xxHash's reference implementation).
    @Test func knownVectors() {
        #expect(hash("") == 0xEF46_DB37_51D8_E999)
        #expect(hash("a") == 0xD24E_C4F1_A98C_6E5B)
        #expect(hash("abc") == 0x44BC_2CF5_AD77_0999)
        #expect(hash("Nobody inspects the spammish repetition") == 0xFBCE_A83C_8A37_8BF1)
        #expect(hash("", seed: 1) != hash(""))
    }

    @Test func everyByteMatters() {
        var bytes = [UInt8](repeating: 7, count: 1000)
        let base = bytes.withUnsafeBytes { XXH64.hash($0) }
        for i in [0, 31, 32, 500, 995, 999] {
            bytes[i] ^= 1
            #expect(bytes.withUnsafeBytes { XXH64.hash($0) } != base)
            bytes[i] ^= 1
        }
    }
}
