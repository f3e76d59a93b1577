/// Marginal gains of a monotone submodular set function, evaluated against the picks so far.
protocol CoverageOracle {
    /// σ(S ∪ {c}) − σ(S) for the current picks S.
    mutating func gain(of candidate: Int) -> Double
    /// Adds `candidate` to the picks; returns its gain.
    mutating func commit(_ candidate: Int) -> Double
}

/// Lazy greedy (CELF): stale gains are upper bounds by submodularity, so a
/// candidate whose gain was computed against the current picks and still heads
/// the queue is the greedy choice.
enum LazyGreedy {
    struct Pick: Equatable {
        var candidate: Int
        var gain: Double
        var cost: Double
    }

    struct Entry {
        var key: Double
        var candidate: Int
        var cost: Double
        /// The number of picks when `key` was computed; −1 for an initial bound.
        var round: Int

        /// Heap order: larger key first, then smaller customer index.
        func before(_ other: Entry) -> Bool {
            key != other.key ? key > other.key : candidate < other.candidate
        }
    }

    /// - Complexity: O(evaluations · (oracle cost + log candidates)).
    static func run<O: CoverageOracle>(_ oracle: inout O, candidates: [Int], costs: [Double], bounds: [Double],
                                       limit: Int, budget: Double?, perCost: Bool) -> [Pick]
    {
        var heap: [Entry] = []
        heap.reserveCapacity(candidates.count)
        for (i, c) in candidates.enumerated() where budget == nil || costs[i] <= budget! {
            let cost = costs[i]
            heap.append(Entry(key: perCost ? bounds[i] / cost : bounds[i], candidate: c, cost: cost, round: -1))
        }
        // Heapify.
        if heap.count > 1 { for i in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(&heap, i) } }
        var picks: [Pick] = []
        var remaining = budget ?? .infinity
        while picks.count < limit, let top = heap.first {
            pop(&heap)
            if top.cost > remaining { continue }
            if top.round == picks.count {
                let gain = oracle.commit(top.candidate)
                picks.append(Pick(candidate: top.candidate, gain: gain, cost: top.cost))
                remaining -= top.cost
                continue
            }
            let gain = oracle.gain(of: top.candidate)
            push(&heap, Entry(key: perCost ? gain / top.cost : gain, candidate: top.candidate, cost: top.cost, round: picks.count))
        }
        return picks
    }

    static func pop(_ heap: inout [Entry]) {
        let last = heap.removeLast()
        if !heap.isEmpty {
            heap[0] = last
            siftDown(&heap, 0)
        }
    }

    static func push(_ heap: inout [Entry], _ entry: Entry) {
        heap.append(entry)
        var i = heap.count - 1
        while i > 0 {
            let parent = (i - 1) / 2
            guard heap[i].before(heap[parent]) else { break }
            heap.swapAt(i, parent)
            i = parent
        }
    }

    static func siftDown(_ heap: inout [Entry], _ start: Int) {
        var i = start
        while true {
            let l = 2 * i + 1, r = l + 1
            var best = i
            if l < heap.count && heap[l].before(heap[best]) { best = l }
            if r < heap.count && heap[r].before(heap[best]) { best = r }
            if best == i { return }
            heap.swapAt(i, best)
            i = best
        }
    }
}
