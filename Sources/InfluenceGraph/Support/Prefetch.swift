/// LLVM's prefetch intrinsic, reached by name: Swift has no prefetch of its own, and
/// a C shim would bring a second language into the package.
@_silgen_name("llvm.prefetch.p0")
private func llvmPrefetch(_ address: UnsafeRawPointer, _ write: Int32, _ locality: Int32, _ dataCache: Int32)

extension UnsafeBufferPointer {
    /// Asks the processor to start loading the cache line of element `i`, so that a
    /// read a little later finds it in cache. A hint: it never faults, even past the
    /// end, and changes no result. Pays off only with other work to do meanwhile.
    ///
    /// The line goes to the second-level cache, not the first: the first level tracks
    /// few misses at once, so with it as the target a loop of random reads runs out of
    /// them and stalls, while aimed at the second level more reads stay in flight. The
    /// read that follows costs an L2 hit.
    @inline(__always)
    func prefetch(_ i: Int) {
        // Without a test of `baseAddress`, which a loop would otherwise pay at every
        // call: an empty buffer's null base gives an address no prefetch faults on.
        let base = unsafeBitCast(baseAddress, to: UnsafePointer<Element>.self)
        llvmPrefetch(UnsafeRawPointer(base + i), 0, 2, 1)
    }
}

extension UnsafeMutableBufferPointer {
    /// Prefetches element `i` for reading and writing, into the second-level cache
    /// (see `UnsafeBufferPointer.prefetch`).
    @inline(__always)
    func prefetch(_ i: Int) {
        let base = unsafeBitCast(baseAddress, to: UnsafeMutablePointer<Element>.self)
        llvmPrefetch(UnsafeRawPointer(base + i), 1, 2, 1)
    }
}
