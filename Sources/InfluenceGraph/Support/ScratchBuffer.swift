#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Page-aligned anonymous memory for large transient buffers (parse output,
/// grouping scratch), unmapped when the last reference goes away.
///
/// Fresh pages are what a load pays for most outside its loops: every 4 KiB page
/// costs a fault and a clear on first touch. The mapping asks for transparent huge
/// pages, so a 100 MB buffer takes about fifty faults instead of twenty-five
/// thousand; untouched parts of an over-sized mapping cost nothing.
@usableFromInline
final class ScratchBuffer {
    /// The start of the mapping, aligned to a page.
    let base: UnsafeMutableRawPointer
    /// The usable size in bytes.
    let byteCount: Int
    private let mappedBytes: Int

    /// Maps `byteCount` bytes (at least one page), falling back to the heap if mapping fails.
    init(byteCount: Int) {
        let page = 1 << 21
        let size = max(page, (byteCount + page - 1) / page * page)
        let mapped = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
        if let mapped, mapped != UnsafeMutableRawPointer(bitPattern: -1) {
            #if canImport(Glibc)
            _ = madvise(mapped, size, MADV_HUGEPAGE)
            #endif
            base = mapped
            mappedBytes = size
        } else {
            base = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
            mappedBytes = 0
        }
        self.byteCount = byteCount
    }

    deinit {
        if mappedBytes > 0 { munmap(base, mappedBytes) } else { base.deallocate() }
    }

    /// `count` elements of `T` starting `byteOffset` bytes into the buffer.
    func buffer<T>(at byteOffset: Int, count: Int, as type: T.Type) -> UnsafeMutableBufferPointer<T> {
        precondition(byteOffset % MemoryLayout<T>.alignment == 0 && byteOffset + count * MemoryLayout<T>.stride <= byteCount)
        return UnsafeMutableBufferPointer(start: (base + byteOffset).bindMemory(to: T.self, capacity: count), count: count)
    }

    /// Gives the whole pages inside `byteCount` bytes from `byteOffset` back to the
    /// system once a pass is done with them, so the next pass's output does not
    /// stack on top of them in the peak; the range reads as zeros afterwards.
    func discard(at byteOffset: Int, byteCount count: Int) {
        if mappedBytes > 0 { Self.discardPages(of: UnsafeRawBufferPointer(start: base + byteOffset, count: count)) }
    }

    /// Gives back the whole pages inside `bytes`, memory that only its caller uses
    /// and will not read again (it reads as zeros afterwards).
    static func discardPages(of bytes: UnsafeRawBufferPointer) {
        #if canImport(Glibc)
        let page = Int(getpagesize())
        guard let start = bytes.baseAddress else { return }
        let first = (Int(bitPattern: start) + page - 1) / page * page
        let last = (Int(bitPattern: start) + bytes.count) / page * page
        if last > first { _ = madvise(UnsafeMutableRawPointer(bitPattern: first), last - first, MADV_DONTNEED) }
        #endif
    }

    /// Asks for huge pages under the 2 MiB-aligned interior of `buffer` (an array's
    /// heap storage about to be written for the first time); a hint only.
    static func adviseHugePages(_ buffer: UnsafeMutableRawBufferPointer) {
        #if canImport(Glibc)
        let huge = 1 << 21
        guard let start = buffer.baseAddress, buffer.count >= 2 * huge else { return }
        let first = (Int(bitPattern: start) + huge - 1) & ~(huge - 1)
        let last = (Int(bitPattern: start) + buffer.count) & ~(huge - 1)
        if last > first { _ = madvise(UnsafeMutableRawPointer(bitPattern: first), last - first, MADV_HUGEPAGE) }
        #endif
    }
}

/// An array of `count` trivial elements whose contents the caller writes next,
/// backed by huge pages when large.
@usableFromInline
func uninitializedArray<T: BitwiseCopyable>(_ type: T.Type = T.self, count: Int) -> [T] {
    [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        ScratchBuffer.adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
        initialized = count
    }
}

/// An array of `count` copies of `value`, backed by huge pages when large: a zeroed
/// `[T](repeating:count:)` of 80 MB takes twenty thousand page faults to first touch,
/// where huge pages take about forty. `threads` share the filling of a large array;
/// every position holds `value` whatever their number.
@usableFromInline
func filledArray<T: BitwiseCopyable>(_ value: T, count: Int, threads: Int = 1) -> [T] {
    [T](unsafeUninitializedCapacity: count) { buffer, initialized in
        ScratchBuffer.adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
        // The first touch of each page is the cost (the kernel clears it), and it
        // falls on the thread that touches it: split, the clearing runs in parallel.
        let bounds = ParallelFor.evenBoundaries(count: count, parts: count >= 1 << 20 ? threads : 1)
        ParallelFor.run(chunks: bounds.count - 1, threads: threads) { chunk in
            UnsafeMutableBufferPointer(rebasing: buffer[bounds[chunk] ..< bounds[chunk + 1]]).initialize(repeating: value)
        }
        initialized = count
    }
}

/// Reserves room for `total` elements in `array` when it has less, at least doubling
/// its capacity, so estimates that creep up window by window still grow it
/// geometrically. The new storage asks for huge pages, and `threads` touch its
/// first `total` elements' pages ahead of the appends: a load's appends run on one
/// thread, and there each fresh 4 KiB page cost a fault and a clear. Room past
/// `total` is never touched and costs address space only.
func reserveAhead<T: BitwiseCopyable>(_ array: inout [T], _ total: Int, threads: Int = 1) {
    guard array.capacity < total else { return }
    let old = array
    array = [T](unsafeUninitializedCapacity: max(total, 2 * old.capacity)) { buffer, initialized in
        ScratchBuffer.adviseHugePages(UnsafeMutableRawBufferPointer(buffer))
        let raw = UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(buffer)[..<(total * MemoryLayout<T>.stride)])
        let kept = old.count * MemoryLayout<T>.stride
        old.withUnsafeBytes { old in
            // Each part copies its share of the old elements and zeroes the rest of
            // its share of the room, so its pages are first touched on its thread.
            // Storage too small for huge pages faults a 4 KiB page at a time, about
            // 2 µs each on a VM: from 1 MiB splitting pays.
            let bounds = ParallelFor.evenBoundaries(count: raw.count, parts: raw.count >= 1 << 20 ? max(1, threads) : 1)
            ParallelFor.run(chunks: bounds.count - 1, threads: threads) { part in
                let start = bounds[part], end = bounds[part + 1]
                let copied = min(end, kept)
                if copied > start {
                    UnsafeMutableRawBufferPointer(rebasing: raw[start ..< copied]).copyMemory(from: UnsafeRawBufferPointer(rebasing: old[start ..< copied]))
                }
                let zeroed = max(start, kept)
                if end > zeroed { memset(raw.baseAddress! + zeroed, 0, end - zeroed) }
            }
        }
        initialized = old.count
    }
}
