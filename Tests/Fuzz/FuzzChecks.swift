// Shared by the fuzz targets (built by run.sh together with the library sources,
// so library internals are visible). A broken invariant aborts: libFuzzer then
// saves the input exactly as it does for a crash.
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a line to standard error.
func printError(_ message: String) {
    var line = message + "\n"
    line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
}

/// Aborts with `what` when `ok` is false.
func require(_ ok: @autoclosure () -> Bool, _ what: @autoclosure () -> String) {
    if !ok() {
        printError("INVARIANT VIOLATED: \(what())")
        abort()
    }
}

/// A load failed: the error must name the input and say what was wrong.
func checkError(_ error: InputError, name: String) {
    require(error.file == name, "error names file '\(error.file)', expected '\(name)'")
    require(!error.message.isEmpty, "empty error message")
    require(error.line.map { $0 >= 1 } ?? true, "error line \(error.line!) is not 1-based")
    require(!error.message.contains("\n"), "error message spans lines: \(error.message)")
}

/// `csr` is a well-formed adjacency over `n` nodes.
func checkCSR(_ csr: CSR, nodes n: Int, _ name: String) {
    require(csr.offsets.count == n + 1, "\(name): \(csr.offsets.count) offsets for \(n) nodes")
    require(csr.offsets[0] == 0, "\(name): offsets start at \(csr.offsets[0])")
    for v in 0..<n { require(csr.offsets[v] <= csr.offsets[v + 1], "\(name): offsets fall at node \(v)") }
    require(csr.offsets[n] == csr.targets.count, "\(name): last offset \(csr.offsets[n]) != \(csr.targets.count) targets")
    for t in csr.targets { require(Int(t) < n, "\(name): target \(t) of \(n) nodes") }
}

/// The (source, target) pairs of `csr`, sorted.
func edgePairs(_ csr: CSR, transposed: Bool = false) -> [UInt64] {
    var pairs: [UInt64] = []
    pairs.reserveCapacity(csr.edgeCount)
    for v in 0..<csr.nodeCount {
        for t in csr.neighbors(of: v) {
            pairs.append(transposed ? UInt64(t) << 32 | UInt64(v) : UInt64(v) << 32 | UInt64(t))
        }
    }
    return pairs.sorted()
}

/// Checks what every loaded graph promises. `built` graphs come from the text
/// readers through `GraphBuilder`, which also guarantees unique ids, merged
/// duplicates, no self-loops and mirrored directions; a snapshot only promises
/// the structure its decoder verifies.
func checkGraph(_ g: CustomerGraph, built: Bool) {
    let n = g.customerCount
    let offsets = g.customers.idOffsets
    require(offsets.count == n + 1 && offsets[0] == 0 && offsets[n] == g.customers.idBytes.count, "customer id offsets do not span the id bytes")
    for v in 0..<n { require(offsets[v] <= offsets[v + 1], "customer id offsets fall at \(v)") }
    checkCSR(g.follows.followees, nodes: n, "followees")
    checkCSR(g.follows.followers, nodes: n, "followers")
    checkCSR(g.referrals.referees, nodes: n, "referees")
    checkCSR(g.referrals.referrers, nodes: n, "referrers")
    let f = g.follows.count, r = g.referrals.count
    require(g.follows.followers.edgeCount == f, "follower and followee edge counts differ")
    require(g.referrals.referrers.edgeCount == r, "referrer and referee edge counts differ")
    for (name, w) in [("followee", g.follows.followeeWeights), ("follower", g.follows.followerWeights)] {
        guard let w else { continue }
        require(w.count == f, "\(name) weights: \(w.count) for \(f) edges")
        if built { for x in w { require(x.isFinite && x >= 0, "\(name) weight \(x)") } }
    }
    require((g.follows.followeeWeights == nil) == (g.follows.followerWeights == nil), "weights on one direction only")
    for (name, c) in [("referee times", g.referrals.refereeTimes?.count), ("referrer times", g.referrals.referrerTimes?.count),
                      ("referee revenues", g.referrals.refereeRevenues?.count), ("referrer revenues", g.referrals.referrerRevenues?.count),
                      ("referrer rows", g.referrals.referrerRows.count)] {
        if let c { require(c == r, "\(name): \(c) for \(r) referrals") }
    }
    let a = g.attributes
    for (name, c) in [("spend", a.spend?.count), ("orders", a.orders?.count), ("segments", a.segmentCodes?.count),
                      ("names", a.nameOffsets.map { $0.count - 1 }), ("customer rows", a.hasCustomerRow?.count)] {
        if let c { require(c == n, "\(name): \(c) for \(n) customers") }
    }
    for code in a.segmentCodes ?? [] { require(Int(code) < a.segmentNames.count, "segment code \(code) of \(a.segmentNames.count)") }
    // Every customer is reachable by name, so nothing the reader produced is shadowed.
    // (Loads must hand out exactly the ids they stored; a snapshot's slot table is only
    // checked to be a permutation, which is enough to never trap.)
    for v in 0..<n {
        let id = g.customers.id(v)
        _ = g.attributes.name(v)
        _ = g.attributes.segment(v)
        if built { require(g.customers.index(of: id) == v, "customer \(v) ('\(id)') not found by its id") }
    }
    guard built else { return }
    let followPairs = edgePairs(g.follows.followees)
    require(followPairs == edgePairs(g.follows.followers, transposed: true), "followers are not the transpose of followees")
    for i in followPairs.indices {
        require(followPairs[i] >> 32 != followPairs[i] & 0xFFFF_FFFF, "self-follow kept")
        require(i == 0 || followPairs[i] != followPairs[i - 1], "duplicate follow kept")
    }
    let referralPairs = edgePairs(g.referrals.referees)
    require(referralPairs == edgePairs(g.referrals.referrers, transposed: true), "referrers are not the transpose of referees")
    for p in referralPairs { require(p >> 32 != p & 0xFFFF_FFFF, "self-referral kept") }
    let rep = g.report
    require(rep.followRows == f + rep.duplicatesMerged + rep.selfLoopsDropped,
            "report: \(rep.followRows) follow rows != \(f) edges + \(rep.duplicatesMerged) merged + \(rep.selfLoopsDropped) self-loops")
    require(rep.selfReferrers.count == rep.selfReferralsDropped, "report: self-referrers list and count differ")
}

/// Whether two graphs hold the same bytes in every snapshot section (`==` would call
/// two NaN revenues different).
func sameBytes(_ a: CustomerGraph, _ b: CustomerGraph) -> Bool {
    let x = SnapshotFile.sections(of: a), y = SnapshotFile.sections(of: b)
    return x.count == y.count && zip(x, y).allSatisfy { p, q in
        p.tag == q.tag && p.payload.withBytes { l in q.payload.withBytes { r in l.elementsEqual(r) } }
    }
}
