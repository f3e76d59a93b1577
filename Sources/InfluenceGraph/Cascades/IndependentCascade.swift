/// The independent cascade with one probability on every edge, one run at a time,
/// jumping from one firing follower edge to the next instead of drawing for every edge.
///
/// When customer u activates, each of its follower edges fires with probability p.
/// Write h = −ln(1 − p) (an edge's hazard). For X exponential with mean 1,
/// P(X ≥ (k + 1)·h) = (1 − p)^(k + 1), the chance that none of u's first k + 1 edges
/// fires, so the first edge to fire is edge ⌊X / h⌋; from there the edges after it are
/// independent again, and the next one to fire is another exponential further on. A
/// run therefore draws once per firing edge plus once per activated customer, not
/// once per edge, and reads the follower lists in order. The draws are exponentials
/// from a ziggurat (`ExponentialZiggurat`), mostly a table lookup and a
/// multiplication; whether any of u's edges fires at all is the first draw against
/// u's total hazard, its follower count times the edge hazard: the offsets read to find
/// its edges give it. (Per-follower probabilities, as in the weighted cascade, go
/// through `PoissonHitCascade`.)
struct IndependentCascade: Sendable {
    let followers: CSR
    /// The hazard of every edge.
    let uniformHazard: Double
    let excluded: [UInt64]?

    /// A hazard at which an edge always fires: larger than the largest exponential
    /// draw (44.4, see `ExponentialZiggurat`), so a certain edge is never skipped.
    static let certainHazard = 64.0

    /// The independent cascade: every follower edge fires with probability `p`.
    ///
    /// - Complexity: O(1).
    init(graph: CustomerGraph, uniform p: Double, excluded: Bitmap?) {
        followers = graph.follows.followers
        self.excluded = excluded?.words
        uniformHazard = Self.hazard(p)
    }

    /// −ln(1 − p) for p clamped to [0, 1] (NaN counts as 0), at most `certainHazard`.
    static func hazard(_ p: Double) -> Double {
        let p = p.isNaN ? 0 : min(1, max(0, p))
        return p >= 1 ? certainHazard : min(certainHazard, -PortableMath.log(1 - p))
    }

    /// Per-thread state, reused across runs.
    struct Scratch {
        var active: ActiveSet
        /// Customers with a firing edge whose edges are not walked yet (a ring).
        var pending: [Pending]
        /// Firing edges whose follower is not read yet (a ring).
        var fired: [Int]

        init(count: Int) {
            active = ActiveSet(count: count)
            pending = [Pending](repeating: Pending(start: 0, end: 0, hazard: 0), count: IndependentCascade.pendingDepth)
            fired = [Int](repeating: 0, count: IndependentCascade.firedDepth)
        }
    }

    /// A customer known to have a firing edge: its edge range and the cumulative hazard
    /// its first firing edge must exceed.
    struct Pending {
        var start: Int
        var end: Int
        var hazard: Double
    }

    /// How many queued customers ahead the edge offsets are prefetched,
    /// how many firing customers wait (their first edges prefetched) before their
    /// edges are walked, and how many firing edges wait (their follower prefetched)
    /// before the follower is activated. Each hides a memory latency behind other
    /// work; none changes the model, only the order in which draws are taken. The
    /// ring depths are powers of two (the rings index with a mask).
    static let lookahead = 16
    static let pendingDepth = 16
    static let firedDepth = 16

    /// One cascade; returns the customers reached other than seeds and excluded.
    ///
    /// Three stages, each a few steps behind the one before, so that memory reads
    /// overlap instead of waiting one after another: the first decides whether a
    /// queued customer has any firing edge (one draw against its total hazard) and
    /// prefetches the start of its edges; the second, `pendingDepth` firing customers
    /// later, walks them to their firing edges and prefetches each follower; the third,
    /// `firedDepth` edges later, activates the follower. The active set has the same
    /// distribution as walking each customer as it is dequeued, because in an
    /// independent cascade each activated customer's edges are drawn once, whatever
    /// the order.
    ///
    /// - Complexity: O(A + F) expected, for A activated customers and F firing edges,
    ///   no allocation.
    func simulate(seeds: [Int], scratch: inout Scratch, rng: inout SplitMix64) -> Int {
        // The run's stream seeds the faster generator the kernel draws from.
        let seed = rng.next()
        return cascade(from: seeds, scratch: &scratch, seed: seed)
    }
}
