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

// usage: influence-bench [path] [threads,threads,...] [trials]
let args = CommandLine.arguments
let path = args.count > 1 ? args[1] : "/tmp/scratch/rmat20.el"
let threadList = args.count > 2 ? args[2].split(separator: ",").map { Int($0)! } : [1, 2]
let trials = args.count > 3 ? Int(args[3])! : 3
let quiet = ProcessInfo.processInfo.environment["QUIET"] != nil
for threads in threadList {
    var times: [Double] = []
    var phaseMins: [String: Double] = [:]
    var phaseOrder: [String] = []
    for _ in 0..<trials {
        let start = now()
        let box = PhaseBox()
        do {
            let graph = try CustomerGraph.load(from: path, options: LoadOptions(threads: threads, progress: { phase in box.mark(phase, now() - start) }))
            let seconds = now() - start
            box.mark("end", seconds)
            times.append(seconds)
            let marks = box.take()
            for i in 0..<(marks.count - 1) {
                let name = marks[i].0, d = marks[i + 1].1 - marks[i].1
                if phaseMins[name] == nil { phaseOrder.append(name); phaseMins[name] = d } else { phaseMins[name] = min(phaseMins[name]!, d) }
            }
            if ProcessInfo.processInfo.environment["CHECK"] != nil { print("checksum \(checksum(graph))") }
            if !quiet { print(String(format: "threads %d: %.3f s  customers %d follows %d bytes/edge %.3f", threads, seconds, graph.customerCount, graph.follows.count, Double(graph.follows.byteCount) / Double(graph.follows.count))) }
        } catch {
            print("error \(error)")
        }
    }
    times.sort()
    print(String(format: "threads %d: min %.3f s  median %.3f s  (%d trials)", threads, times[0], times[times.count / 2], trials))
    for name in phaseOrder { print(String(format: "    %-28@ min %.3f s", name, phaseMins[name]!)) }
}

final class PhaseBox: @unchecked Sendable {
    var marks: [(String, Double)] = [("read file", 0)]
    let lock = NSLock()
    func mark(_ phase: String, _ t: Double) { lock.lock(); marks.append((phase, t)); lock.unlock() }
    func take() -> [(String, Double)] { lock.lock(); defer { lock.unlock() }; return marks }
}

/// FNV-1a over everything a load produces, to compare implementations.
func checksum(_ g: CustomerGraph) -> String {
    var h: UInt64 = 0xcbf29ce484222325
    func mix(_ x: UInt64) { h = (h ^ x) &* 0x100000001b3 }
    for v in 0..<g.customerCount { for b in g.customers.id(v).utf8 { mix(UInt64(b)) }; mix(0xFF) }
    for csr in [g.follows.followees, g.follows.followers] {
        for o in csr.offsets { mix(UInt64(o)) }
        for t in csr.targets { mix(UInt64(t)) }
    }
    for w in (g.follows.followeeWeights ?? []) + (g.follows.followerWeights ?? []) { mix(w.bitPattern) }
    let r = g.report
    return String(h, radix: 16) + " rows \(r.followRows) self \(r.selfLoopsDropped) dup \(r.duplicatesMerged) bad \(r.badRowsSkipped)"
}
