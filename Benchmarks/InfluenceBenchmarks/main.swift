import InfluenceBenchmarkKit
#if canImport(Glibc)
import Glibc
#endif

// influence-bench: see `influence-bench --help` and Benchmarks/README.md.
do {
    guard let options = try BenchmarkOptions.parse(Array(CommandLine.arguments.dropFirst())) else {
        print(BenchmarkOptions.help, terminator: "")
        exit(0)
    }
    var benchmark = Benchmark(options: options) { line in print(line, terminator: "") }
    _ = try benchmark.run()
} catch let error as BenchmarkUsageError {
    printError("Error: \(error)\nUsage: \(BenchmarkOptions.usageLine)\n  See 'influence-bench --help' for more information.\n")
    exit(64)
} catch {
    printError("Error: \(error)\n")
    exit(1)
}
