#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Synchronization

/// A value that is handed to worker threads whose accesses are made disjoint by
/// construction (each chunk writes only its own slots). This is the one place the
/// library opts out of Swift's sendability checking.
@usableFromInline
struct UncheckedSendable<Value>: @unchecked Sendable {
    @usableFromInline var value: Value
    @inlinable init(_ value: Value) { self.value = value }
}

/// The number of threads a computation may use.
public enum Threads {
    /// The cores this process may run on (at least 1).
    public static var available: Int {
        let n = sysconf(Int32(_SC_NPROCESSORS_ONLN))
        return n > 0 ? n : 1
    }

    /// A configuration's `threads` as a worker count: at least 1.
    static func resolve(_ requested: Int) -> Int { max(1, requested) }
}

/// Deterministic parallel loops over fixed chunks.
///
/// Work is cut into chunks whose boundaries depend only on the data, never on the
/// thread count, and worker `w` of `T` runs chunks `w, w + T, w + 2T, …`. Callers
/// combine per-chunk results in chunk order, so output is identical at any thread
/// count. With one thread everything runs on the calling thread.
@usableFromInline
enum ParallelFor {
    /// Runs `body(chunk)` for every chunk in `0..<chunkCount` on up to `threads` workers.
    ///
    /// `body` may capture buffers and handles as they are: the chunks it is given
    /// never overlap, so each worker touches only its own slots.
    @inlinable
    static func run(chunks chunkCount: Int, threads: Int, _ body: (Int) -> Void) {
        let workers = min(max(threads, 1), chunkCount)
        if workers <= 1 {
            for chunk in 0..<chunkCount { body(chunk) }
            return
        }
        // Workers take the next chunk from a shared counter, so a core slowed by
        // other work takes fewer chunks; which worker runs a chunk never matters.
        let next = Atomic<Int>(0)
        concurrently(workers) { _ in
            while true {
                let chunk = next.wrappingAdd(1, ordering: .relaxed).oldValue
                if chunk >= chunkCount { break }
                body(chunk)
            }
        }
    }

    /// Runs two independent computations, side by side when `threads > 1`, and
    /// returns both results; each sees only its own state.
    static func both<A, B>(threads: Int, _ first: () -> A, _ second: () -> B) -> (A, B) {
        guard threads > 1 else { return (first(), second()) }
        var a: A?, b: B?
        withUnsafeMutablePointer(to: &a) { pa in
        withUnsafeMutablePointer(to: &b) { pb in
            concurrently(2) { i in
                if i == 0 { pa.pointee = first() } else { pb.pointee = second() }
            }
        }}
        // concurrentPerform returns after both iterations ran, so both are set; the
        // fallbacks only keep the types honest.
        return (a ?? first(), b ?? second())
    }

    /// Like `run(chunks:threads:_:)`, also passing the worker (`0..<min(threads, chunks)`)
    /// running the chunk, for per-worker scratch tables that must not be shared.
    @inlinable
    static func runWithWorker(chunks chunkCount: Int, threads: Int, _ body: (_ chunk: Int, _ worker: Int) -> Void) {
        let workers = min(max(threads, 1), chunkCount)
        if workers <= 1 {
            for chunk in 0..<chunkCount { body(chunk, 0) }
            return
        }
        concurrently(workers) { worker in
            var chunk = worker
            while chunk < chunkCount {
                body(chunk, worker)
                chunk += workers
            }
        }
    }

    /// Like `run(chunks:threads:_:)`, handing each chunk the scratch of the worker
    /// running it: `scratch` holds one value per worker (`workerCount`), and no two
    /// chunks running at once share one.
    @inlinable
    static func run<Scratch>(chunks chunkCount: Int, threads: Int, scratch: inout [Scratch],
                             _ body: (_ chunk: Int, _ scratch: inout Scratch) -> Void) {
        precondition(scratch.count >= workerCount(chunks: chunkCount, threads: threads), "a scratch per worker")
        scratch.withUnsafeMutableBufferPointer { scratch in
            runWithWorker(chunks: chunkCount, threads: threads) { chunk, worker in body(chunk, &scratch[worker]) }
        }
    }

    /// The results of `body(chunk)` for every chunk in `0..<chunkCount`, in chunk
    /// order, computed on up to `threads` workers.
    @inlinable
    static func map<T>(chunks chunkCount: Int, threads: Int, _ body: (Int) -> T) -> [T] {
        [T](unsafeUninitializedCapacity: chunkCount) { results, initialized in
            run(chunks: chunkCount, threads: threads) { chunk in
                (results.baseAddress! + chunk).initialize(to: body(chunk))
            }
            initialized = chunkCount
        }
    }

    /// Like `map(chunks:threads:_:)`, handing each chunk the scratch of the worker
    /// running it: `scratch` holds one value per worker (`workerCount`), and no two
    /// chunks running at once share one.
    @inlinable
    static func map<T, Scratch>(chunks chunkCount: Int, threads: Int, scratch: inout [Scratch],
                                _ body: (_ chunk: Int, _ scratch: inout Scratch) -> T) -> [T] {
        precondition(scratch.count >= workerCount(chunks: chunkCount, threads: threads), "a scratch per worker")
        return scratch.withUnsafeMutableBufferPointer { scratch in
            [T](unsafeUninitializedCapacity: chunkCount) { results, initialized in
                runWithWorker(chunks: chunkCount, threads: threads) { chunk, worker in
                    (results.baseAddress! + chunk).initialize(to: body(chunk, &scratch[worker]))
                }
                initialized = chunkCount
            }
        }
    }

    /// Runs `body(i)` for every `i` in `0..<iterations` on Dispatch's worker threads
    /// and returns when all have run. The one place the library hands a closure to
    /// other threads: callers make the iterations' accesses disjoint.
    @inlinable
    static func concurrently(_ iterations: Int, _ body: (Int) -> Void) {
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(body)
            DispatchQueue.concurrentPerform(iterations: iterations) { shared.value($0) }
        }
    }

    /// The number of workers `run` uses for `chunkCount` chunks.
    @inlinable
    static func workerCount(chunks chunkCount: Int, threads: Int) -> Int { max(1, min(max(threads, 1), chunkCount)) }

    /// Splits `0..<count` into `parts` nearly equal ranges; returns `parts + 1` boundaries.
    @inlinable
    static func evenBoundaries(count: Int, parts: Int) -> [Int] {
        let parts = max(1, min(parts, max(count, 1)))
        return (0...parts).map { count * $0 / parts }
    }

    /// Splits the nodes `0..<offsets.count - 1` of a CSR into `parts` ranges holding
    /// about the same number of edges plus nodes, so hubs do not make one chunk slow.
    /// Returns `parts + 1` boundaries.
    ///
    /// - Complexity: O(parts · log V).
    @inlinable
    static func edgeBalancedBoundaries(offsets: [Int], parts: Int) -> [Int] {
        let nodes = offsets.count - 1
        guard nodes > 0 else { return [0, 0] }
        let parts = max(1, min(parts, nodes))
        let total = offsets[nodes] + nodes
        var bounds = [0]
        bounds.reserveCapacity(parts + 1)
        for p in 1..<parts {
            let goal = total * p / parts
            // First node v with offsets[v] + v >= goal.
            var lo = bounds[bounds.count - 1], hi = nodes
            while lo < hi {
                let mid = (lo + hi) / 2
                if offsets[mid] + mid < goal { lo = mid + 1 } else { hi = mid }
            }
            bounds.append(lo)
        }
        bounds.append(nodes)
        return bounds
    }

    /// The chunk count used for data of `work` units: enough chunks to balance two
    /// dozen cores, few enough that per-chunk overhead stays negligible.
    @inlinable
    static func chunkCount(forWork work: Int, minimumPerChunk: Int = 16_384) -> Int {
        max(1, min(64, work / minimumPerChunk))
    }
}
