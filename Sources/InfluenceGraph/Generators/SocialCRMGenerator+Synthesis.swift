// How the social-CRM dataset is drawn. The constants here are part of the output's
// definition: changing any of them changes the bytes for every seed.
extension SocialCRMGenerator {
    /// Accounts per generation chunk (accounts and follows).
    static let accountsPerChunk = 4_096
    /// Stream namespaces: chunk `c` of a phase uses stream `namespace | c`.
    static let accountStreams: UInt64 = 1 << 40
    static let followStreams: UInt64 = 2 << 40
    static let referralStream: UInt64 = 3 << 40

    /// The share of all accounts that follows each KOL.
    static let kolShares = [0.30, 0.22, 0.15, 0.10, 0.06]
    static let ringSize = 3
    /// `C-000001` … `C-000016` are kept out of random referrals for the quirks.
    static let reservedRegulars = 16
    static let vipCents = 200_000
    static let refereeShare = 0.45
    /// Cumulative share of referees per wave: January 15%, February 25%, March and
    /// April 30% each, as a campaign gathers pace.
    static let waveCumulativeShares = [0.15, 0.40, 0.70, 1.0]
    static let campaignYear = 2026

    static let firstNames = [
        "Ava", "Liam", "Olivia", "Noah", "Emma", "Oliver", "Sophia", "Elijah", "Mia", "Lucas",
        "Amelia", "Mateo", "Harper", "Ethan", "Isabella", "James", "Chloe", "Leo", "Aria", "Kai",
        "Zoe", "Hiro", "Priya", "Arjun", "Mei", "Wei", "Fatima", "Omar", "Lena", "Jonas",
        "Sofia", "Diego", "Nadia", "Tomas", "Ingrid", "Sven", "Aisha", "Kofi", "Yuki", "Rafael",
    ]
    static let lastNames = [
        "Smith", "Johnson", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez", "Lopez", "Wilson", "Anderson",
        "Thomas", "Moore", "Jackson", "Martin", "Lee", "Walker", "Hall", "Young", "King", "Wright",
        "Scott", "Nguyen", "Patel", "Kim", "Chen", "Singh", "Tanaka", "Muller", "Rossi", "Silva",
        "Novak", "Kowalski", "Jensen", "Larsen", "Okafor", "Mensah", "Haddad", "Cohen", "Ivanova", "Dubois",
    ]

    /// Seconds since 1970 of a UTC date and time.
    static func epochSeconds(_ year: Int, _ month: Int, _ day: Int, _ hour: Int = 0, _ minute: Int = 0) -> Int {
        CivilDate.days(year: year, month: month, day: day) * 86_400 + hour * 3_600 + minute * 60
    }
}

/// Per-account attributes as flat arrays in `customers.csv` order: regular
/// customers, then KOLs, then the ring.
struct Accounts {
    var count: Int
    var regularCount: Int
    var firstName: [UInt8] = []
    var lastName: [UInt8] = []
    var spendCents: [Int] = []
    var orders: [Int] = []
    /// How likely an account is to be picked as a followee (0 for KOLs, who get
    /// their followers from `kolShares` instead).
    var popularity: [Double] = []
    var dormant: [Bool] = []
    /// The wave of an account's earliest referral as referee, or −1.
    var refereeWave: [Int8] = []

    var kolStart: Int { regularCount }
    var ringStart: Int { regularCount + SocialCRMGenerator.kolShares.count }
    /// Digits of the regular ids: at least six, more for ten million customers.
    var idWidth: Int { max(6, DecimalDigits.count(UInt64(regularCount))) }

    /// Index of `C-` id number `number` (1-based).
    static func regular(_ number: Int) -> Int { number - 1 }

    /// Draws every account's attributes, chunk by chunk.
    static func generate(count: Int, seed: UInt64, threads: Int) -> Accounts {
        typealias G = SocialCRMGenerator
        let regularCount = count - G.kolShares.count - G.ringSize
        let chunks = (count + G.accountsPerChunk - 1) / G.accountsPerChunk
        var parts = [Accounts](repeating: Accounts(count: 0, regularCount: 0), count: chunks)
        parts.withUnsafeMutableBufferPointer { parts in
            let shared = UncheckedSendable(parts)
            ParallelFor.run(chunks: chunks, threads: threads) { chunk in
                let start = chunk * G.accountsPerChunk
                let end = min(start + G.accountsPerChunk, count)
                var part = Accounts(count: end - start, regularCount: 0)
                var rng = SplitMix64(seed: seed, stream: G.accountStreams | UInt64(chunk))
                for _ in start..<end {
                    part.firstName.append(UInt8(rng.nextIndex(below: G.firstNames.count)))
                    part.lastName.append(UInt8(rng.nextIndex(below: G.lastNames.count)))
                    let spend = min(250_000, rng.nextLogNormal(median: 250, sigma: 1.2))
                    // At least one cent: zero spend is reserved for the quirk accounts.
                    let cents = max(1, Int((spend * 100).rounded()))
                    let orderValue = rng.nextLogNormal(median: 65, sigma: 0.35)
                    part.spendCents.append(cents)
                    part.orders.append(max(1, Int((spend / orderValue).rounded())))
                    var popularity = rng.nextPareto(minimum: 1, alpha: 2.5)
                    // Big spenders are rarely the people others follow: the demo's point
                    // is that spend rankings and influence rankings disagree.
                    if cents >= G.vipCents { popularity *= 0.1 }
                    part.popularity.append(popularity)
                    part.dormant.append(rng.nextUnitDouble() < 0.1)
                }
                shared.value[chunk] = part
            }
        }
        var accounts = Accounts(count: count, regularCount: regularCount)
        for part in parts {
            accounts.firstName += part.firstName
            accounts.lastName += part.lastName
            accounts.spendCents += part.spendCents
            accounts.orders += part.orders
            accounts.popularity += part.popularity
            accounts.dormant += part.dormant
        }
        accounts.refereeWave = [Int8](repeating: -1, count: count)
        for kol in 0..<G.kolShares.count { accounts.popularity[accounts.kolStart + kol] = 0 }
        for number in 14...16 {
            accounts.spendCents[regular(number)] = 0
            accounts.orders[regular(number)] = 0
        }
        return accounts
    }

    /// Appends the id of account `index`: `C-000042`, `KOL-03` or `RING-2`.
    func appendID(_ index: Int, to out: inout [UInt8]) {
        if index < regularCount {
            out.appendText("C-")
            out.appendDecimal(index + 1, width: idWidth)
        } else if index < ringStart {
            out.appendText("KOL-")
            out.appendDecimal(index - kolStart + 1, width: 2)
        } else {
            out.appendText("RING-")
            out.appendDecimal(index - ringStart + 1)
        }
    }

    func segment(_ index: Int) -> String {
        if index >= kolStart && index < ringStart { return "kol" }
        let wave = refereeWave[index]
        if wave == 3 || (wave >= 0 && orders[index] == 0) { return "new" }
        if spendCents[index] >= SocialCRMGenerator.vipCents { return "vip" }
        return dormant[index] ? "dormant" : "regular"
    }

    /// The first-order value: spend over orders, in cents, 0 without orders.
    func firstOrderCents(_ index: Int) -> Int {
        orders[index] > 0 ? spendCents[index] / orders[index] : 0
    }

    /// `customers.csv`.
    func renderCustomers() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(count * 48)
        out.appendText(SocialCRMGenerator.customersHeader + "\n")
        for i in 0..<count {
            appendID(i, to: &out)
            out.append(0x2C)
            out.appendText(SocialCRMGenerator.firstNames[Int(firstName[i])])
            out.append(0x20)
            out.appendText(SocialCRMGenerator.lastNames[Int(lastName[i])])
            out.append(0x2C)
            out.appendCents(spendCents[i])
            out.append(0x2C)
            out.appendDecimal(orders[i])
            out.append(0x2C)
            out.appendText(segment(i))
            out.append(0x0A)
        }
        return out
    }
}

/// The referral log: campaign waves grown as forests, plus the quirk rows.
struct Referrals {
    struct Row {
        var time: Int
        /// Creation order; breaks ties of `time` so sorting is deterministic.
        var sequence: Int
        var referrer: Int
        var referee: Int
        var revenueCents: Int
    }

    var rows: [Row] = []

    /// Draws the referrals and records each referee's wave in `accounts`.
    static func generate(accounts: inout Accounts, seed: UInt64) -> Referrals {
        typealias G = SocialCRMGenerator
        var rng = SplitMix64(seed: seed, stream: G.referralStream)
        let waveStarts = (1...5).map { G.epochSeconds(G.campaignYear, $0, 1) }

        // Who joins by referral, in which wave and when; everyone else joined
        // before the campaigns and can refer from the start.
        var joins: [(time: Int, index: Int, wave: Int)] = []
        var organic: [Int] = []
        for index in G.reservedRegulars..<accounts.regularCount {
            guard rng.nextUnitDouble() < G.refereeShare else {
                organic.append(index)
                continue
            }
            let v = rng.nextUnitDouble()
            let wave = G.waveCumulativeShares.firstIndex { v < $0 } ?? G.waveCumulativeShares.count - 1
            let time = waveStarts[wave] + rng.nextIndex(below: waveStarts[wave + 1] - waveStarts[wave])
            joins.append((time, index, wave))
        }
        joins.sort { ($0.time, $0.index) < ($1.time, $1.index) }

        var referrals = Referrals()
        // One entry per referral made: picking uniformly from it picks referrers in
        // proportion to their referrals so far (preferential attachment), which gives
        // advocates a heavy-tailed number of referees.
        var pastReferrers: [Int] = []
        // Referees before `eligibleEnd` joined strictly before the current one.
        var eligibleEnd = 0
        for (position, join) in joins.enumerated() {
            if position > 0 && joins[position - 1].time < join.time { eligibleEnd = position }
            let r = rng.nextUnitDouble()
            let referrer: Int
            if r < 0.45 && !pastReferrers.isEmpty {
                referrer = pastReferrers[rng.nextIndex(below: pastReferrers.count)]
            } else if r < 0.80 && eligibleEnd > 0 {
                // A recent joiner passing it on: this is what makes trees deep.
                referrer = joins[rng.nextIndex(below: eligibleEnd)].index
            } else if organic.isEmpty || rng.nextUnitDouble() < 0.1 {
                referrer = accounts.kolStart + rng.nextIndex(below: G.kolShares.count)
            } else {
                referrer = organic[rng.nextIndex(below: organic.count)]
            }
            pastReferrers.append(referrer)
            referrals.add(referrer, join.index, at: join.time, accounts: &accounts, wave: join.wave)
        }
        referrals.addQuirks(accounts: &accounts)
        referrals.rows.sort { ($0.time, $0.sequence) < ($1.time, $1.sequence) }
        return referrals
    }

    mutating func add(_ referrer: Int, _ referee: Int, at time: Int, accounts: inout Accounts, wave: Int) {
        rows.append(Row(
            time: time, sequence: rows.count, referrer: referrer, referee: referee,
            revenueCents: accounts.firstOrderCents(referee)))
        let current = accounts.refereeWave[referee]
        if current < 0 || Int(current) > wave { accounts.refereeWave[referee] = Int8(wave) }
    }

    /// The documented quirk rows; see `SocialCRMGenerator`.
    mutating func addQuirks(accounts: inout Accounts) {
        typealias G = SocialCRMGenerator
        let c = Accounts.regular
        let year = G.campaignYear
        add(c(1), c(10), at: G.epochSeconds(year, 1, 5, 10, 15), accounts: &accounts, wave: 0)
        add(c(2), c(10), at: G.epochSeconds(year, 2, 20, 16, 45), accounts: &accounts, wave: 1)
        add(c(5), c(5), at: G.epochSeconds(year, 1, 12, 8, 0), accounts: &accounts, wave: 0)
        let ring = accounts.ringStart
        for k in 0..<G.ringSize {
            add(ring + k, ring + (k + 1) % G.ringSize, at: G.epochSeconds(year, 2, 10 + k, 12, 0),
                accounts: &accounts, wave: 1)
        }
        add(c(3), c(14), at: G.epochSeconds(year, 3, 3, 11, 0), accounts: &accounts, wave: 2)
        add(c(3), c(15), at: G.epochSeconds(year, 3, 9, 14, 30), accounts: &accounts, wave: 2)
        add(c(3), c(16), at: G.epochSeconds(year, 3, 21, 19, 5), accounts: &accounts, wave: 2)
    }

    /// `referrals.csv`.
    func render(accounts: Accounts) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(rows.count * 48 + 64)
        out.appendText(SocialCRMGenerator.referralsHeader + "\n")
        for row in rows {
            accounts.appendID(row.referrer, to: &out)
            out.append(0x2C)
            accounts.appendID(row.referee, to: &out)
            out.append(0x2C)
            out.appendISO8601(secondsSinceEpoch: row.time)
            out.append(0x2C)
            out.appendCents(row.revenueCents)
            out.append(0x0A)
        }
        return out
    }
}

/// The follow graph, drawn and formatted per chunk of followers.
enum FollowWriter {
    /// The duplicated quirk row's endpoints and weight.
    static let quirkFollower = Accounts.regular(3)
    static let quirkFollowee = Accounts.regular(7)
    static let quirkWeightCents = 100

    /// `follows.csv`.
    static func render(accounts: Accounts, seed: UInt64, threads: Int) -> [UInt8] {
        typealias G = SocialCRMGenerator
        // Followees are drawn by inverting the cumulative popularity; summing in
        // account order keeps the table identical everywhere.
        var cumulative = [Double](repeating: 0, count: accounts.count)
        var total = 0.0
        var lastPicked = 0
        for i in 0..<accounts.count {
            total += accounts.popularity[i]
            cumulative[i] = total
            if accounts.popularity[i] > 0 { lastPicked = i }
        }
        let count = accounts.count
        let chunks = (count + G.accountsPerChunk - 1) / G.accountsPerChunk
        var texts = [[UInt8]](repeating: [], count: chunks)
        texts.withUnsafeMutableBufferPointer { texts in
            cumulative.withUnsafeBufferPointer { cumulative in
                let shared = UncheckedSendable((texts, cumulative))
                ParallelFor.run(chunks: chunks, threads: threads) { chunk in
                    let (texts, cumulative) = shared.value
                    texts[chunk] = renderChunk(
                        chunk, accounts: accounts, cumulative: cumulative, total: total,
                        lastPicked: lastPicked, seed: seed)
                }
            }
        }
        var out = Array((G.followsHeader + "\n").utf8)
        out.reserveCapacity(texts.reduce(out.count + 64) { $0 + $1.count })
        for text in texts { out += text }
        // The duplicate: the same row exported again at the end.
        accounts.appendID(quirkFollower, to: &out)
        out.append(0x2C)
        accounts.appendID(quirkFollowee, to: &out)
        out.append(0x2C)
        out.appendCents(quirkWeightCents)
        out.append(0x0A)
        return out
    }

    static func renderChunk(
        _ chunk: Int, accounts: Accounts, cumulative: UnsafeBufferPointer<Double>, total: Double,
        lastPicked: Int, seed: UInt64
    ) -> [UInt8] {
        typealias G = SocialCRMGenerator
        let start = chunk * G.accountsPerChunk
        let end = min(start + G.accountsPerChunk, accounts.count)
        let maximumDegree = min(500, accounts.count - 1)
        var rng = SplitMix64(seed: seed, stream: G.followStreams | UInt64(chunk))
        var followees: [Int] = []
        var out: [UInt8] = []
        out.reserveCapacity((end - start) * 6 * 26)
        for follower in start..<end {
            followees.removeAll(keepingCapacity: true)
            // 15% lurkers follow no one; the rest a Pareto number of accounts.
            if rng.nextUnitDouble() >= 0.15 {
                let degree = Int(min(Double(maximumDegree), rng.nextPareto(minimum: 2, alpha: 2.5)))
                for _ in 0..<degree {
                    followees.append(pick(rng.nextUnitDouble() * total, cumulative, lastPicked))
                }
            }
            for (k, share) in G.kolShares.enumerated() {
                if rng.nextUnitDouble() < share { followees.append(accounts.kolStart + k) }
            }
            if follower == quirkFollower { followees.append(quirkFollowee) }
            followees.sort()
            var previous = -1
            for followee in followees where followee != previous {
                previous = followee
                let draw = rng.nextExponential(mean: 1) + 0.1
                guard followee != follower else { continue }
                var cents = min(999, max(10, Int((draw * 100).rounded())))
                // Following a celebrity is a weaker tie than following a friend.
                if followee >= accounts.kolStart && followee < accounts.ringStart { cents = max(10, cents * 2 / 5) }
                if follower == quirkFollower && followee == quirkFollowee { cents = quirkWeightCents }
                accounts.appendID(follower, to: &out)
                out.append(0x2C)
                accounts.appendID(followee, to: &out)
                out.append(0x2C)
                out.appendCents(cents)
                out.append(0x0A)
            }
        }
        return out
    }

    /// The first account whose cumulative popularity exceeds `x`.
    static func pick(_ x: Double, _ cumulative: UnsafeBufferPointer<Double>, _ lastPicked: Int) -> Int {
        var lo = 0
        var hi = cumulative.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if cumulative[mid] > x { hi = mid } else { lo = mid + 1 }
        }
        // x can round up to the total itself; then the last pickable account is meant.
        return min(lo, lastPicked)
    }
}
