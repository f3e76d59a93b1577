@_spi(Tooling) import InfluenceGraph

/// A synthetic `referrals.csv` of a given size, for timing attribution at scales the
/// social-CRM generator does not reach (it makes about 0.45 referral rows per customer).
///
/// Customer `i > 0` is referred by a uniformly chosen earlier customer (a random
/// recursive tree: depth grows like ln n); one referee in twenty also has a second,
/// later referral row from another earlier customer, so the touch rules have work.
/// Times rise by ten seconds per customer from 2025-01-01; revenues are 10.00–209.99.
/// Rows come in referee order, so customers first appear in signup order; with
/// `shuffled` the same rows come in a random order, so customer order no longer
/// follows the referral rows (attribution then takes its general path).
/// The same `rows`, `seed` and `shuffled` give the same bytes.
struct ReferralDataset {
    var rows: Int
    var seed: UInt64 = 1
    var shuffled = false

    /// Writes `referrals.csv` into `directory`, which must exist.
    func write(toDirectory directory: String) throws(OutputError) {
        var rng = SplitMix64(seed: seed)
        let start: UInt64 = 1_735_689_600
        // referrer, referee, time, revenue in cents
        var table: [(UInt64, UInt64, UInt64, UInt64)] = []
        table.reserveCapacity(rows)
        var referee: UInt64 = 1
        while table.count < rows {
            let twice = table.count + 1 < rows && rng.next() % 20 == 0
            for k in 0..<(twice ? 2 : 1) {
                let referrer = rng.next() % referee
                table.append((referrer, referee, start + referee * 10 + UInt64(k) * 3_600, 1_000 + rng.next() % 20_000))
            }
            referee += 1
        }
        if shuffled { table.shuffle(using: &rng) }
        var out: [UInt8] = Array("referrer,referee,time,revenue\n".utf8)
        out.reserveCapacity(rows * 34)
        func append(_ value: UInt64) {
            let first = out.count
            var v = value
            repeat { out.append(UInt8(48 + v % 10)); v /= 10 } while v > 0
            out[first...].reverse()
        }
        for (referrer, referee, time, cents) in table {
            append(referrer); out.append(44)
            append(referee); out.append(44)
            append(time); out.append(44)
            append(cents / 100); out.append(46)
            out.append(UInt8(48 + (cents / 10) % 10)); out.append(UInt8(48 + cents % 10)); out.append(10)
        }
        try AtomicFile.write(to: directory + "/referrals.csv") { file throws(OutputError) in
            try file.write(contentsOf: out)
        }
    }
}
