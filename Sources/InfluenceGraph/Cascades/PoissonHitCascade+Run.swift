extension PoissonHitCascade {
    /// Per-thread state, reused across runs.
    struct Scratch {
        var active: ActiveSet
        /// Customers past their gate whose record is not read yet (a ring).
        var pending: [Pending]
        /// Hits whose slot is not read yet (a ring).
        var hits: [Hit]
        /// The random bits of each queued customer, drawn when it activated.
        var uniforms: [UInt64]

        init(count: Int) {
            active = ActiveSet(count: count)
            uniforms = uninitializedArray(UInt64.self, count: count + 1)
            pending = [Pending](repeating: Pending(uniform: 0, customer: 0), count: PoissonHitCascade.pendingDepth)
            hits = [Hit](repeating: Hit(slot: 0, fraction: 0), count: PoissonHitCascade.hitDepth)
        }
    }

    /// A customer past its gate and the uniform drawn for its count of hits.
    struct Pending {
        var uniform: Double
        var customer: UInt32
    }

    /// A hit on `slots[slot]`, resolved by `fraction`.
    struct Hit {
        var slot: Int
        var fraction: UInt32
    }

    /// How many queued customers ahead the gates are prefetched, and how many customers
    /// and hits wait (their record or slot prefetched) before they are read. Each hides
    /// a memory latency behind other work; none changes the model, only the order of
    /// the draws. Ring depths are powers of two (the rings index with a mask); deeper
    /// rings gain nothing once the memory system is busy.
    static let lookahead = 16
    static let pendingDepth = 16
    static let hitDepth = 32

    /// The largest rate whose count of hits is drawn by inversion in one piece: e^(−32)
    /// is still far above the 2⁻⁵³ resolution of the uniform.
    static let inversionLimit = 32.0

    /// One cascade from `seeds`; returns the customers reached other than seeds and
    /// excluded (the weights of the customers activated).
    ///
    /// Three stages, each a few steps behind the one before so that memory reads
    /// overlap: the first reads a queued customer's gate and drops it when its uniform
    /// is below the chance of no hit; the second reads the record of a customer past its
    /// gate and throws its hits (and its certain edges), prefetching each slot; the
    /// third reads a slot, draws the follower's uniform and, if the follower is new,
    /// counts it at once when its code settles it or queues it. The active set has the
    /// distribution of walking each customer as it is dequeued: each activated
    /// customer's edges are drawn once, with one uniform, whatever the order.
    ///
    /// - Complexity: O(A + F) expected for A activated customers and F hits, no
    ///   allocation.
    func simulate(scratch: inout Scratch, rng: inout SplitMix64) -> Int {
        // The run's stream seeds the faster generator the kernel draws from.
        let seed = rng.next()
        return cascade(scratch: &scratch, seed: seed)
    }
}
