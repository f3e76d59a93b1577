extension ReferralEdges {
    /// Both directions of the referral rows, open for loops that read them at random;
    /// valid only inside `withUnsafeHandle`.
    struct UnsafeHandle {
        let refereeOffsets: UnsafeBufferPointer<Int>
        let referees: UnsafeBufferPointer<UInt32>
        /// `nil` when the window is unbounded: every row is in it, so times are never read.
        let refereeTimes: UnsafeBufferPointer<Int64>?
        let referrerOffsets: UnsafeBufferPointer<Int>
        let referrers: UnsafeBufferPointer<UInt32>
        let referrerTimes: UnsafeBufferPointer<Int64>?
    }

    /// Calls `body` with a handle on the rows of both directions; times only when
    /// `window` is bounded.
    func withUnsafeHandle<R>(timesFor window: ReferralWindow, _ body: (UnsafeHandle) -> R) -> R {
        withOptionalBuffer(window.isUnbounded ? nil : refereeTimes) { outTimes in
        withOptionalBuffer(window.isUnbounded ? nil : referrerTimes) { inTimes in
        referees.offsets.withUnsafeBufferPointer { outOff in
        referees.targets.withUnsafeBufferPointer { outTo in
        referrers.offsets.withUnsafeBufferPointer { inOff in
        referrers.targets.withUnsafeBufferPointer { inFrom in
            body(UnsafeHandle(refereeOffsets: outOff, referees: outTo, refereeTimes: outTimes,
                              referrerOffsets: inOff, referrers: inFrom, referrerTimes: inTimes))
        }}}}}}
    }
}
