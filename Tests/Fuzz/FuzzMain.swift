// The libFuzzer entry point of the fuzz binary built by run.sh. One binary holds
// every target (one library build instead of four); FUZZ_TARGET picks one.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum FuzzTarget: String {
    case csv, edgelist, snapshot, cli

    /// The target named by the FUZZ_TARGET environment variable; aborts when unset or unknown.
    static let selected: FuzzTarget = {
        let name = getenv("FUZZ_TARGET").map { String(cString: $0) } ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            printError("FUZZ_TARGET must be csv, edgelist, snapshot or cli (got '\(name)')")
            exit(2)
        }
        return target
    }()
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let raw = UnsafeRawBufferPointer(start: data, count: size)
    switch FuzzTarget.selected {
    case .csv: fuzzCSV(raw)
    case .edgelist: fuzzEdgeList(raw)
    case .snapshot: fuzzSnapshot(raw)
    case .cli: fuzzCLI(raw)
    }
    return 0
}
