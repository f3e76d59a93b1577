import InfluenceGraph

/// A synthetic `referrals.csv` of a given size, for timing attribution at scales the
/// social-CRM generator does not reach (it makes about 0.45 referral rows per customer).
///
/// Customer `i > 0` is referred by a uniformly chosen earlier customer (a random
/// recursive tree: depth grows like ln n); one referee in twenty also has a second,
/// later referral row from another earlier customer, so the touch rules have work.
/// Times rise by ten seconds per customer from 2025-01-01; revenues are 10.00–209.99.
/// The same `rows` and `seed` give the same bytes.
struct ReferralDataset {
    var rows: Int
    var seed: UInt64 = 1

    /// Writes `referrals.csv` into `directory`, which must exist.
    func write(toDirectory directory: String) throws(InputError) {
        var rng = SplitMix64(seed: seed)
        var out: [UInt8] = Array("referrer,referee,time,revenue\n".utf8)
        out.reserveCapacity(rows * 34)
        func append(_ value: UInt64) {
            let first = out.count
            var v = value
            repeat { out.append(UInt8(48 + v % 10)); v /= 10 } while v > 0
            out[first...].reverse()
        }
        let start: UInt64 = 1_735_689_600
        var written = 0
        var referee: UInt64 = 1
        while written < rows {
            let twice = written + 1 < rows && rng.next() % 20 == 0
            for k in 0..<(twice ? 2 : 1) {
                append(rng.next() % referee); out.append(44)
                append(referee); out.append(44)
                append(start + referee * 10 + UInt64(k) * 3_600); out.append(44)
                let cents = 1_000 + rng.next() % 20_000
                append(cents / 100); out.append(46)
                out.append(UInt8(48 + (cents / 10) % 10)); out.append(UInt8(48 + cents % 10)); out.append(10)
                written += 1
            }
            referee += 1
        }
        try AtomicFile.write(to: directory + "/referrals.csv") { file throws(InputError) in
            try file.write(contentsOf: out)
        }
    }
}
