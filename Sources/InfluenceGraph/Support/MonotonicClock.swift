#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Seconds on the monotonic clock, for timing a piece of work: differences are
/// meaningful, the value itself is not, and the clock never jumps with the wall
/// clock.
///
/// ```swift
/// let start = monotonicSeconds()
/// let ranking = PageRank().run(on: graph)
/// let seconds = monotonicSeconds() - start
/// ```
///
/// For the command-line tool and the benchmarks, not the engine's API.
@_spi(Tooling)
public func monotonicSeconds() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_MONOTONIC, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
}
