import Testing
@_spi(Tooling) @testable import InfluenceGraph

/// Times are accepted from 1900-01-01T00:00:00Z to 9999-12-31T23:59:59Z at every
/// entry (CSV rows, in-memory rows, snapshots, window bounds), and every consumer of
/// times (cohort months, bursts, ISO text) is exact at both ends and total beyond them.
@Suite struct TimeRangeTests {
    static let first: Int64 = -2_208_988_800  // 1900-01-01T00:00:00Z
    static let last: Int64 = 253_402_300_799  // 9999-12-31T23:59:59Z
    static let rangeText = "times must lie from 1900-01-01T00:00:00Z to 9999-12-31T23:59:59Z"

    @Test func theRangeIsYears1900To9999() {
        #expect(ReferralEdges.timeRange == Self.first ... Self.last)
        #expect(CivilDate.days(year: 1900, month: 1, day: 1) * 86_400 == Int(Self.first))
        #expect(CivilDate.days(year: 10_000, month: 1, day: 1) * 86_400 - 1 == Int(Self.last))
        #expect(!ReferralEdges.timeRange.contains(ReferralEdges.noTime))
    }

    func load(_ referrals: String, skipBadRows: Bool = false) -> Result<CustomerGraph, InputError> {
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        dir.write("referrals.csv", referrals)
        do { return .success(try CustomerGraph.load(from: dir.path, options: LoadOptions(skipBadRows: skipBadRows, threads: 2))) }
        catch { return .failure(error) }
    }

    /// Well-formed times outside the range are bad rows with their own message; the
    /// ends load exactly.
    @Test func csvTimesOutsideTheRangeAreBadRows() throws {
        let outside = ["-9223372036854775000", "-9223372036854775808", "9223372036854775807", "99999999999999999999",
                       "-2208988801", "253402300800", "1899-12-31T23:59:59Z", "1900-01-01T00:30:00+01:00", "0000-01-01"]
        for text in outside {
            guard case .failure(let error) = load("referrer,referee,time\nA,B,2026-01-01\nA,C,\(text)\n") else {
                Issue.record("\(text) loaded"); continue
            }
            #expect(error.line == 3)
            #expect(error.message == "time out of range ('\(text)'): \(Self.rangeText)", "\(text)")
        }
        // Text that is no time at all keeps its own message.
        if case .failure(let error) = load("referrer,referee,time\nA,B,1e9\n") {
            #expect(error.message == "time is not an ISO 8601 date/time or unix seconds ('1e9')")
        } else { Issue.record("1e9 loaded") }

        let ends = try load("referrer,referee,time\nA,B,1900-01-01\nA,C,9999-12-31T23:59:59Z\nA,D,-2208988800\nA,E,253402300799\nA,F,9999-12-31T23:59:59-00:00\n").get()
        #expect(ends.referrals.refereeTimes == [Self.first, Self.last, Self.first, Self.last, Self.last])

        let skipped = try load("referrer,referee,time\nA,B,1900-01-01\nA,C,-9223372036854775808\nA,D,2026-01-01\n", skipBadRows: true).get()
        #expect(skipped.report.badRowsSkipped == 1 && skipped.referrals.count == 2)
        #expect(skipped.report.firstBadRows.first?.line == 3)
    }

    /// The serial reference loader applies the same rule, so the parallel loader keeps
    /// agreeing with it on out-of-range times at any chunk size, skipping or not.
    @Test func theReferenceLoaderAgreesOnOutOfRangeTimes() throws {
        let referrals = "referrer,referee,time,revenue\nA,B,1900-01-01,1\nA,C,-9223372036854775000,2\nB,C,9999-12-31T23:59:59Z,3\nB,D,10000000000000,4\nC,D,1899-12-31,5\nD,E,,6\n"
        let export = CSVParallelLoadTests.Export(customers: nil, follows: nil, referrals: Array(referrals.utf8))
        try CSVParallelLoadTests.expectAgreementOnErrors(export, chunkSizes: [1, 7, 1 << 20])
    }

    @Test func inMemoryRowsAreHeldToTheSameRules() throws {
        func failure(_ body: () throws(InputError) -> CustomerGraph) -> String? {
            do { _ = try body(); return nil } catch { return error.description }
        }
        #expect(failure { () throws(InputError) in try CustomerGraph(referrals: [ReferralRow("A", "B", time: 0), ReferralRow("A", "C", time: .min)]) }
                == "referrals:2: time out of range ('-9223372036854775808'): \(Self.rangeText)")
        #expect(failure { () throws(InputError) in try CustomerGraph(referrals: [ReferralRow("A", "B", time: Self.last + 1)]) }
                == "referrals:1: time out of range ('253402300800'): \(Self.rangeText)")
        #expect(failure { () throws(InputError) in try CustomerGraph(referrals: [ReferralRow("A", "B", revenue: -1)]) }
                == "referrals:1: revenue must be a finite number of at least 0 ('-1.0')")
        #expect(failure { () throws(InputError) in try CustomerGraph(customers: [("A", .infinity)], referrals: []) }
                == "customers:1: spend must be a finite number of at least 0 ('inf')")
        // The ends are accepted, and a NaN revenue means "none", as the snapshot stores it.
        let graph = try CustomerGraph(referrals: [ReferralRow("A", "B", time: Self.first, revenue: .nan), ReferralRow("A", "C", time: Self.last)])
        #expect(graph.referrals.refereeTimes == [Self.first, Self.last])
        #expect(graph.referrals.refereeRevenues?.allSatisfy(\.isNaN) == true)
    }

    /// A snapshot holding a time outside the range (written by hand-built edges, which
    /// no loader produces) is refused as corrupted.
    @Test func snapshotsRefuseTimesOutsideTheRange() throws {
        let good = testGraph(referrals: [ReferralRow("A", "B", time: 5), ReferralRow("B", "C")], threads: 1)
        let r = good.referrals
        for bad in [Int64.min + 1, Self.first - 1, Self.last + 1, .max] {
            let edges = ReferralEdges(referees: r.referees, referrers: r.referrers, refereeTimes: [bad, ReferralEdges.noTime],
                                      referrerTimes: [bad, ReferralEdges.noTime], refereeRevenues: nil, referrerRevenues: nil,
                                      referrerRows: r.referrerRows)
            let graph = CustomerGraph(customers: good.customers, attributes: good.attributes, follows: good.follows,
                                      referrals: edges, report: good.report)
            let dir = TemporaryDirectory()
            defer { dir.remove() }
            try graph.writeSnapshot(to: dir.path + "/g.igs", threads: 1)
            #expect(throws: InputError(file: dir.path + "/g.igs", message: "corrupted: section 'RDTM' holds time \(bad), outside 1900-01-01T00:00:00Z to 9999-12-31T23:59:59Z")) {
                try CustomerGraph.load(from: dir.path + "/g.igs", options: LoadOptions(threads: 1))
            }
        }
        let dir = TemporaryDirectory()
        defer { dir.remove() }
        try good.writeSnapshot(to: dir.path + "/g.igs", threads: 1)
        #expect(try CustomerGraph.load(from: dir.path + "/g.igs", options: LoadOptions(threads: 1)).referrals.refereeTimes == [5, ReferralEdges.noTime])
    }

    @Test func windowBoundsAreHeldToTheRange() {
        #expect(ReferralWindow.parseTime("1900-01-01") == Self.first)
        #expect(ReferralWindow.parseTime("9999-12-31", endOfDay: true) == Self.last)
        #expect(ReferralWindow.parseTime("253402300799") == Self.last)
        for text in ["1899-12-31", "1899-12-31T23:59:59Z", "253402300800", "-9223372036854775808", "9223372036854775807",
                     "99999999999999999999", "10000-01-01"] {
            #expect(ReferralWindow.parseTime(text) == nil, "\(text)")
            #expect(ReferralWindow.parseTime(text, endOfDay: true) == nil, "\(text)")
        }
    }

    /// Rows at both ends of the range: cohorts name their months, chains and bursts
    /// print their times, and the widest burst window spans the whole range.
    @Test func everyConsumerIsExactAtTheRangeEnds() {
        var rows = [ReferralRow("A", "B", time: Self.first), ReferralRow("B", "C", time: Self.last)]
        rows += (0..<11).map { ReferralRow("Z", "Y\($0)", time: $0 % 2 == 0 ? Self.first : Self.last) }
        let graph = testGraph(referrals: rows, threads: 1)
        let cohorts = ReferralCohorts(by: .month).run(on: graph)
        #expect(cohorts.map(\.name) == ["1900-01", "9999-12"])
        #expect(cohorts.map(\.referrers) == [2, 1])  // A and Z start in 1900, B in 9999

        let c = graph.customers.index(of: "C")!
        let chain = ReferralChains().run(on: graph).chain(to: c)
        #expect(chain.map { ReferralWindow.formatTime($0.time) } == ["", "1900-01-01T00:00:00Z", "9999-12-31T23:59:59Z"])

        let z = graph.customers.index(of: "Z")!
        let widest = ReferralAudit(burstThreshold: 10, burstWindow: 3_000_000 * 86_400).run(on: graph)
        #expect(widest.bursts == [Burst(referrer: z, referrals: 11, start: Self.first, end: Self.last)])
        let hour = ReferralAudit(burstThreshold: 5, burstWindow: 3_600).run(on: graph)
        #expect(hour.bursts == [Burst(referrer: z, referrals: 6, start: Self.first, end: Self.first)])
        #expect(ReferralWindow(since: Self.first, until: Self.last).contains(Self.last))
    }

    /// Edges built by hand may hold any Int64; nothing traps on them. (Loaders never
    /// produce such times.)
    @Test func consumersAreTotalOnTimesAtInt64sLimits() {
        let base = testGraph(referrals: (0..<12).map { ReferralRow("Z", "Y\($0)", time: 0) }, threads: 1)
        let r = base.referrals
        let times: [Int64] = (0..<12).map { $0 % 3 == 0 ? .min + 1 : $0 % 3 == 1 ? .max : -9_223_372_036_854_775_000 }
        let edges = ReferralEdges(referees: r.referees, referrers: r.referrers, refereeTimes: times, referrerTimes: times,
                                  refereeRevenues: nil, referrerRevenues: nil, referrerRows: r.referrerRows)
        let graph = CustomerGraph(customers: base.customers, attributes: base.attributes, follows: base.follows, referrals: edges, report: base.report)
        #expect(ReferralCohorts(by: .month).run(on: graph).map(\.name) == ["-292277022657-01"])
        let audit = ReferralAudit(burstThreshold: 3, burstWindow: .max).run(on: graph)
        // The spans between the extremes overflow Int64: they are longer than any window.
        #expect(audit.bursts.map(\.referrals) == [8])
        #expect(Timestamp.iso8601(.max) == "292277026596-12-04T15:30:07Z")
        #expect(Timestamp.iso8601(.min) == "-292277022657-01-27T08:29:52Z")
        #expect(ReferralCohorts.monthName(.max) == "292277026596-12")
        #expect(CivilDate.monthNumber(ofUnixSeconds: .min) == -292_277_022_657 * 12)
        _ = ReferralChains().run(on: graph).chain(to: 1).map { ReferralWindow.formatTime($0.time) }
        _ = ReferralAttribution(window: ReferralWindow(since: .min + 1, until: .max)).run(on: graph)
    }
}
