/// Scratch buffers given back by one step of a load for the next to reuse, so a
/// run of windows or files of about one size clears its pages once, not once per
/// use (a fresh page's first touch is the dearest thing a load does on a VM).
///
/// A reused buffer holds what its last user wrote: users must write before they read.
final class ScratchPool {
    private var kept: [ScratchBuffer] = []

    /// A buffer of at least `byteCount` bytes: the smallest one kept that is large
    /// enough, else a fresh one with `headroom` bytes more, so that later takes of
    /// about the same size fit it.
    func take(byteCount: Int, headroom: Int = 0) -> ScratchBuffer {
        let fits = kept.indices.filter { kept[$0].byteCount >= byteCount }
        guard let best = fits.min(by: { kept[$0].byteCount < kept[$1].byteCount }) else {
            return ScratchBuffer(byteCount: byteCount + headroom)
        }
        return kept.remove(at: best)
    }

    /// Keeps `buffer` for a later `take`.
    func giveBack(_ buffer: ScratchBuffer) { kept.append(buffer) }

    /// Lets go of every buffer kept, before a step that needs the memory.
    func removeAll() { kept = [] }
}
