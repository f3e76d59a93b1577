import InfluenceGraph
import Foundation
#if canImport(Glibc)
import Glibc
#endif

func now() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}

let path = CommandLine.arguments.count > 1 ? CommandLine.arguments[1] : "/tmp/scratch/rmat20.el"
for threads in [1, 2, 1, 2] {
    let start = now()
    do {
        let graph = try CustomerGraph.load(from: path, options: LoadOptions(threads: threads, progress: { phase in print(String(format: "  %.3f %@", now() - start, phase)) }))
        let seconds = now() - start
        print("threads \(threads): \(seconds) s, customers \(graph.customerCount), follows \(graph.follows.count), bytes/edge \(Double(graph.follows.byteCount) / Double(graph.follows.count))")
    } catch {
        print("error \(error)")
    }
}
