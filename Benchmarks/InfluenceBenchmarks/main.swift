import InfluenceGraph
#if canImport(Glibc)
import Glibc
#endif

// influence-bench [--scale S] [--threads T] [--repeat R] [--only NAME,…] [--graph PATH] [--json FILE]
// Builds an R-MAT graph (GAP parameters) as a SNAP edge list, or reads --graph, and
// measures loading and snapshots. Run it from a release build:
//   swift run -c release influence-bench --scale 20

var scale = 20, threads = Threads.available, trials = 3
var only: Set<String>? = nil
var graphPath: String? = nil
var jsonPath: String? = nil
var words = Array(CommandLine.arguments.dropFirst())
func usage(_ message: String) -> Never {
    printError("Error: \(message)\nUsage: influence-bench [--scale S] [--threads T] [--repeat R] [--only load,snapshot] [--graph PATH] [--json FILE]\n")
    exit(64)
}
while !words.isEmpty {
    let word = words.removeFirst()
    if word == "-h" || word == "--help" {
        print("""
            OVERVIEW: Measure InfluenceGraph on an R-MAT graph (or --graph PATH).

            USAGE: influence-bench [--scale <s>] [--threads <t>] [--repeat <r>] [--only <names>] [--graph <path>] [--json <file>]

            OPTIONS:
              --scale <s>             log2 of the node count of the generated graph. (default: 20)
              --threads <t>           Threads for the parallel runs. (default: all cores)
              --repeat <r>            Trials per measurement; median, min and max are printed. (default: 3)
              --only <names>          Comma-separated subset of: load, snapshot.
              --graph <path>          Measure this edge list instead of a generated one.
              --json <file>           Also write one JSON object per measurement, one per line.
              -h, --help              Show help information.
            """)
        exit(0)
    }
    guard !words.isEmpty else { usage("Missing value for '\(word)'") }
    let value = words.removeFirst()
    switch word {
    case "--scale": guard let v = Int(value), (4...26).contains(v) else { usage("The value '\(value)' is invalid for '--scale <s>': expected 4...26") }; scale = v
    case "--threads": guard let v = Int(value), v > 0 else { usage("The value '\(value)' is invalid for '--threads <t>'") }; threads = v
    case "--repeat": guard let v = Int(value), v > 0 else { usage("The value '\(value)' is invalid for '--repeat <r>'") }; trials = v
    case "--only": only = Set(value.split(separator: ",").map(String.init))
    case "--graph": graphPath = value
    case "--json": jsonPath = value
    default: usage("Unknown option '\(word)'")
    }
}
@MainActor func wanted(_ name: String) -> Bool { only?.contains(name) ?? true }

let scratch = "/tmp/influence-bench-\(getpid())"
mkdir(scratch, 0o755)
defer { _ = system("rm -rf '\(scratch)'") }

#if DEBUG
let configuration = "debug (numbers are not meaningful; use -c release)"
#else
let configuration = "release"
#endif
print("influence-bench  cores \(Threads.available)  threads \(threads)  build \(configuration)  repeat \(trials)")

var measurements: [Measurement] = []
@MainActor func record(_ m: Measurement) {
    measurements.append(m)
    print("\(pad(m.name, 34)) median \(pad(fixed(m.median, 3), 9)) min \(pad(fixed(m.min, 3), 9)) max \(pad(fixed(m.max, 3), 9)) \(m.unit)")
}

// The edge list.
let edgeList: String
if let graphPath {
    edgeList = graphPath
} else {
    edgeList = scratch + "/rmat\(scale).el"
    let start = now()
    do { try RMATGenerator(scale: scale, edgeFactor: 16, seed: 1).writeEdgeList(to: edgeList, threads: threads) } catch {
        printError("Error: \(error)\n"); exit(1)
    }
    print("generated R-MAT scale \(scale) (\(16 << scale) edge lines) in \(fixed(now() - start, 2)) s")
}
var info = stat()
stat(edgeList, &info)
let megabytes = Double(info.st_size) / 1e6
let params = [("graph", graphPath ?? "rmat\(scale)"), ("mb", fixed(megabytes, 1))]

do {
    var graph: CustomerGraph? = nil
    if wanted("load") || wanted("snapshot") {
        for t in Set([1, threads]).sorted() {
            let seconds = try time(trials) {
                let g = try CustomerGraph.load(from: edgeList, options: LoadOptions(threads: t))
                consume(g)
                graph = g
            }
            record(Measurement(name: "load edge list (\(t) thr)", unit: "s", values: seconds, params: params + [("threads", "\(t)")]))
            record(Measurement(name: "parse rate (\(t) thr)", unit: "MB/s", values: seconds.map { megabytes / $0 }, params: params + [("threads", "\(t)")]))
        }
    }
    if let graph {
        let stats = GraphStatistics(graph)
        print("graph: \(stats.customers) customers, \(stats.followEdges) follow edges, \(fixed(stats.bytesPerFollowEdge, 2)) bytes per follow edge")
        record(Measurement(name: "bytes per follow edge", unit: "B", values: [stats.bytesPerFollowEdge], params: params))
        if wanted("snapshot") {
            let snapshot = scratch + "/graph.igs"
            let save = try time(trials) { try graph.writeSnapshot(to: snapshot, threads: threads) }
            record(Measurement(name: "snapshot save (\(threads) thr)", unit: "s", values: save, params: params))
            let load = try time(trials) { consume(try CustomerGraph.load(from: snapshot, options: LoadOptions(threads: threads))) }
            record(Measurement(name: "snapshot load (\(threads) thr)", unit: "s", values: load, params: params))
        }
    }
} catch {
    printError("Error: \(error)\n")
    exit(1)
}
record(Measurement(name: "peak resident memory", unit: "MB", values: [Double(peakResidentBytes()) / 1e6], params: params))

if let jsonPath {
    let text = measurements.map(\.json).joined(separator: "\n") + "\n"
    do { try AtomicFile.write(to: jsonPath) { file throws(InputError) in try file.write(text) } } catch {
        printError("Error: \(error)\n"); exit(1)
    }
}
