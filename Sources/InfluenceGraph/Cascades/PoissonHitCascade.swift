/// Independent cascades whose edge probabilities depend on the follower (the weighted
/// cascade), one run at a time, drawn as Poisson hits on alias tables: no search.
///
/// When customer u activates, the edge to follower v fires with probability pᵥ. Write
/// hᵥ = −ln(1 − pᵥ) (the edge's hazard) and H for the sum over u's edges. Throw
/// N ~ Poisson(H) hits at u's edges, each landing on edge v with probability hᵥ / H:
/// the hits on v are then Poisson(hᵥ), independently across edges, so v is hit at least
/// once with probability 1 − e^(−hᵥ) = pᵥ — exactly the independent cascade. N comes
/// from one uniform u by inversion (the least k whose Poisson(H) distribution function
/// exceeds u; the gate holds e^(−H), so most customers are ruled out by one compare)
/// and each landing spot from one 64-bit draw on u's alias table (`AliasTable`), so a
/// run costs a few draws and one table slot per firing edge, wherever it lies in a
/// long follower list. A second hit on the same edge finds its follower active and
/// does nothing.
///
/// Edges whose follower fires with certainty are listed apart and followed on every
/// activation; followers who never fire are left out. A follower of a single account
/// whose edge is certain (under the weighted cascade, anyone following one account)
/// is active exactly when that account is, so it is folded into it: its edges join the
/// account's table and it counts as reached with it, without a queue entry or a draw
/// of its own.
///
/// Memory decides the speed: a run reads a slot per hit, a gate per queued customer and
/// a record per customer with a hit, all at random. So the rate of hits is a `Float`
/// (rounded up; a filler slot pointing back at the customer, whose hits change nothing,
/// takes the rounding, so every edge keeps its hazard), the gates are 8 bytes, and each
/// slot carries a 2-byte code per follower that settles most activations as the hit
/// lands: a follower counted once and with a uniform below its chance of no hit opens
/// nothing, so it is counted there and never queued or gated (`Slot.code(of:)`).
struct PoissonHitCascade {
    /// A customer's follower edges (with those of the customers folded into it) in
    /// `slots`: `certain` of them from `start` on, then an alias table of `aliased`
    /// slots over the others and the filler, hit at `rate`; `none` is e^(−rate), the
    /// chance of no hit. 32 bytes on page-aligned memory, so a record is one cache line;
    /// only customers that open read theirs.
    struct Record: BitwiseCopyable {
        var start: Int
        var none: Double
        var certain: UInt32
        var aliased: UInt32
        var rate: Float
        private var padding: UInt32 = 0

        init(start: Int, none: Double, certain: Int, aliased: UInt32, rate: Float) {
            self.start = start
            self.none = none
            self.certain = UInt32(truncatingIfNeeded: certain)
            self.aliased = aliased
            self.rate = rate
        }
    }

    /// What a run reads of every customer it activates: 8 bytes, because the gates are
    /// read at random and had better stay small.
    struct Gate: BitwiseCopyable {
        /// At most the chance e^(−rate) of no hit (a `Float` rounded down), negated
        /// when the customer has certain edges. A uniform below it rules the customer
        /// out without reading its record, as for most activations; the few above it
        /// by rounding alone are ruled out once the record is read.
        var none: Float
        /// The customers counted as reached when this one activates: itself and those
        /// folded into it, less seeds and excluded customers.
        var weight: UInt32
    }

    /// A slot of a customer's alias table and, for each of its two followers, what a
    /// run needs to settle most activations at once: 16 bytes, so no slot straddles two
    /// cache lines.
    struct Slot: BitwiseCopyable {
        var pick: AliasTable.Slot
        /// The code (`Slot.code(of:)`) of `pick.target` in the low half, of
        /// `pick.alias` in the high half.
        var codes: UInt32

        /// A follower's code: the high bit set when its weight is exactly 1, the low 15
        /// bits its chance of no hit in 2⁻¹⁵ units, rounded down (0 when it has certain
        /// edges). A follower activated by a hit whose random bits start below that
        /// bound, and whose weight is 1, opens no edge and counts once: it needs no
        /// queue entry and no read of its gate.
        static func code(of gate: Gate) -> UInt32 {
            let bound = gate.none.sign == .minus ? 0 : UInt32(Double(gate.none) * 0x1p15)
            return (gate.weight == 1 ? 0x8000 : 0) | min(bound, 0x7FFF)
        }
    }

    /// The customers' records, on page-aligned memory so that none straddles two
    /// cache lines.
    let recordMemory: ScratchBuffer
    let gates: [Gate]
    let slots: [Slot]
    let seeds: [Int]
}
