/// Strongly connected components of the referral rows in a window, by an iterative
/// Tarjan walk (explicit stacks, so a chain of any depth is fine).
///
/// A component of two or more customers is a referral ring: every member referred,
/// directly or through the others, a customer who referred it.
struct ReferralComponents {
    /// Customers grouped by component, components in the order Tarjan completes them:
    /// a component comes after every component reachable from it (referees first).
    var members: [UInt32] = []
    /// `starts[k] ..< starts[k + 1]` are the members of component `k`.
    var starts: [Int] = [0]

    /// The number of components found.
    var count: Int { starts.count - 1 }

    /// Finds the components among customers with `include[v]`; rows to other customers are ignored.
    ///
    /// - Complexity: O(V + E).
    init(edges: ReferralEdges, window: ReferralWindow, include: UnsafeBufferPointer<Bool>?) {
        let n = edges.referees.nodeCount
        let lower = window.lower, upper = window.upper
        let unvisited = UInt32.max
        var index = filledArray(UInt32(unvisited), count: n)
        var low = filledArray(UInt32(0), count: n)
        var onStack = filledArray(Bool(false), count: n)
        var frames: [(node: UInt32, edge: Int)] = []
        var stack: [UInt32] = []
        var counter: UInt32 = 0
        var members: [UInt32] = [], starts = [0]
        withOptionalBuffer(window.isUnbounded ? nil : edges.refereeTimes) { times in
        edges.referees.offsets.withUnsafeBufferPointer { off in
        edges.referees.targets.withUnsafeBufferPointer { to in
        index.withUnsafeMutableBufferPointer { index in
        low.withUnsafeMutableBufferPointer { low in
        onStack.withUnsafeMutableBufferPointer { onStack in
            for s in 0..<n where index[s] == unvisited && (include?[s] ?? true) {
                index[s] = counter; low[s] = counter; counter += 1
                stack.append(UInt32(s)); onStack[s] = true
                frames.append((UInt32(s), off[s]))
                while let top = frames.last {
                    let v = Int(top.node)
                    if top.edge < off[v + 1] {
                        let e = top.edge
                        frames[frames.count - 1].edge = e + 1
                        let t = times?[e] ?? ReferralEdges.noTime
                        let w = Int(to[e])
                        guard t >= lower && t <= upper, include?[w] ?? true else { continue }
                        if index[w] == unvisited {
                            index[w] = counter; low[w] = counter; counter += 1
                            stack.append(UInt32(w)); onStack[w] = true
                            frames.append((UInt32(w), off[w]))
                        } else if onStack[w] {
                            low[v] = min(low[v], index[w])
                        }
                        continue
                    }
                    frames.removeLast()
                    if low[v] == index[v] {
                        while true {
                            let x = stack.removeLast()
                            onStack[Int(x)] = false
                            members.append(x)
                            if Int(x) == v { break }
                        }
                        starts.append(members.count)
                    }
                    if let parent = frames.last { low[Int(parent.node)] = min(low[Int(parent.node)], low[v]) }
                }
            }
        }}}}}}
        self.members = members
        self.starts = starts
    }
}
