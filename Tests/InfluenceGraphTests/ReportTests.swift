import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@_spi(Tooling) @testable import InfluenceGraph

/// The influence report: its numbers agree with the algorithms behind them, its
/// page is the same bytes at any thread count (but for the timing line), hostile
/// names cannot break it, and its drawings sit where the scales put them.
@Suite struct ReportTests {
    /// A generated social-CRM graph, above the density threshold.
    static let crowd: CustomerGraph? = {
        guard let dir = TestFiles.makeDirectory() else { return nil }
        defer { TestFiles.remove(dir) }
        do {
            try SocialCRMGenerator(customers: 6_000, seed: 4).write(toDirectory: dir, threads: 2)
            return try CustomerGraph.load(from: dir, options: LoadOptions(threads: 2))
        } catch { return nil }
    }()

    /// The page without the text of its one `data-timing` element.
    static func withoutTiming(_ html: String) -> String {
        guard let start = html.range(of: "data-timing=\"\">"), let end = html[start.upperBound...].range(of: "</p>") else { return html }
        return String(html[..<start.upperBound]) + String(html[end.lowerBound...])
    }

    /// Every match of `pattern`'s first group in `text`.
    static func captures(_ pattern: String, in text: String) -> [String] {
        guard let regex = try? NSRegularExpression(pattern: pattern) else { return [] }
        let ns = text as NSString
        return regex.matches(in: text, range: NSRange(location: 0, length: ns.length)).map { ns.substring(with: $0.range(at: 1)) }
    }

    /// The inline `<svg>` whose class list holds `name`.
    static func svg(_ name: String, in html: String) -> String? {
        guard let start = html.range(of: "<svg class=\"chart \(name)\"") else { return nil }
        guard let end = html[start.lowerBound...].range(of: "</svg>") else { return nil }
        return String(html[start.lowerBound..<end.upperBound])
    }

    @Test func samePageAtOneAndTwoThreadsButForTheTiming() throws {
        let graph = try #require(Self.crowd)
        var one = InfluenceReport()
        one.threads = 1
        var two = InfluenceReport()
        two.threads = 2
        var a = one.run(on: graph, source: "crowd")
        var b = two.run(on: graph, source: "crowd")
        a.timing = Report.Timing(loadSeconds: 1, computeSeconds: 2)
        b.timing = Report.Timing(loadSeconds: 3.25, computeSeconds: 0.5)
        let pageA = a.html(), pageB = b.html()
        #expect(pageA != pageB)
        #expect(Self.withoutTiming(pageA) == Self.withoutTiming(pageB))
        #expect(pageA.components(separatedBy: "data-timing").count == 2)
        #expect(pageA.contains("Loaded in 1.000 s · computed in 2.000 s"))
        // Nothing else in the page changes with the timing.
        var c = a
        c.timing = Report.Timing()
        #expect(Self.withoutTiming(c.html()) == Self.withoutTiming(pageA))
    }

    @Test func densityGridCountsEveryCustomerOnce() throws {
        let graph = try #require(Self.crowd)
        let report = InfluenceReport(top: 12).run(on: graph, source: "crowd")
        let quadrant = try #require(report.socialWallet.density)
        #expect(quadrant.total == graph.customerCount)
        #expect(report.socialWallet.points.isEmpty)
        #expect(try #require(report.followersSpend.density).total == graph.customerCount)
        #expect(report.socialWallet.profileCounts.reduce(0) { $0 + $1.customers } == graph.customerCount)
        // The cells drawn add up to the customers too, and the page says how many there are.
        let html = report.html()
        let drawn = try #require(Self.svg("quadrant", in: html))
        #expect(Self.captures("data-count=\"([0-9]+)\"", in: drawn).compactMap { Int($0) }.reduce(0, +) == graph.customerCount)
        #expect(Self.captures("class=\"density\" data-customers=\"([0-9]+)\"", in: drawn) == [String(graph.customerCount)])
        #expect(!drawn.contains("class=\"customer"))
        let raw = try #require(Self.svg("followers-spend", in: html))
        #expect(Self.captures("data-count=\"([0-9]+)\"", in: raw).compactMap { Int($0) }.reduce(0, +) == graph.customerCount)
        // A plain reference count of the quadrant's cells from the advocate percentiles.
        let scores = AdvocateScore().run(on: graph)
        var reference = [Int](repeating: 0, count: 400)
        for c in 0..<graph.customerCount {
            reference[min(19, Int(scores.wallet[c] * 20)) * 20 + min(19, Int(scores.social[c] * 20))] += 1
        }
        #expect(quadrant.counts == reference)
    }

    @Test func labelledPointsAreTheTopAdvocates() throws {
        let graph = try #require(Self.crowd)
        let report = InfluenceReport(top: 12).run(on: graph, source: "crowd")
        let expected = CustomerRanking(by: .advocate).run(on: graph).top(12).map { graph.customers.id($0) }
        #expect(report.advocates.map(\.id) == expected)
        #expect(report.socialWallet.top.map(\.id) == expected)
        let drawn = try #require(Self.svg("quadrant", in: report.html()))
        #expect(Self.captures("class=\"top-point\" data-id=\"([^\"]+)\"", in: drawn).sorted() == expected.sorted())
        #expect(Self.captures("class=\"point-label\" data-id=\"([^\"]+)\"", in: drawn) == expected)
        // Each row's followers are what `Explain` lists for that customer.
        let explain = Explain(topFollowers: 3)
        for row in report.advocates.prefix(3) {
            #expect(row.topFollowers == explain.run(on: graph, customer: row.customer).topFollowers)
        }
    }

    @Test func pointsSitWhereTheScalesPutThem() throws {
        let graph = testGraph(follows: [("a", "b"), ("c", "b"), ("d", "b"), ("b", "e"), ("a", "e"), ("e", "f")])
        let report = InfluenceReport(top: 3, seeds: SeedSelection(count: 2, model: .hops(.hops(2)))).run(on: graph, source: "tiny")
        #expect(report.socialWallet.density == nil && report.socialWallet.points.count == 6)
        let scores = AdvocateScore().run(on: graph)
        let drawn = try #require(Self.svg("quadrant", in: report.html()))
        // The plot spans x 58…458 and y 416…16 for percentiles 0…1.
        let cx = Self.captures("class=\"top-point\"[^>]* cx=\"([0-9.]+)\"", in: drawn)
        let cy = Self.captures("class=\"top-point\"[^>]* cy=\"([0-9.]+)\"", in: drawn)
        let ids = Self.captures("class=\"top-point\" data-id=\"([^\"]+)\"", in: drawn)
        #expect(ids.count == 3)
        for (i, id) in ids.enumerated() {
            let c = try #require(graph.customers.index(of: id))
            #expect(cx[i] == NumberText.fixed(58 + 400 * scores.social[c], digits: 1))
            #expect(cy[i] == NumberText.fixed(416 - 400 * scores.wallet[c], digits: 1))
        }
        #expect(Self.captures("(<circle class=\"customer )", in: drawn).count == 6)
        // Hops is exact: no interval, and reach is what the seeds command's selection gives.
        let picks = SeedSelection(count: 2, model: .hops(.hops(2))).run(on: graph).picks
        #expect(report.reach.picks == picks)
        #expect(picks.allSatisfy { $0.reachStandardError == 0 && $0.reachInterval == $0.reach...$0.reach })
    }

    @Test func hostileNamesAndIDsCannotBreakThePage() throws {
        let dir = try #require(TestFiles.makeDirectory())
        defer { TestFiles.remove(dir) }
        let evil = "A<&>\"'"
        try Data("""
            id,name,spend,orders,segment
            "A<&>""'","Zoë ""the"" <b>Boss</b> & co",1200,3,"vip & <friends>"
            R-1,שלום עולם,50,1,regular
            R-2,\u{202E}evil override,40,1,regular
            E-1,Party 🎉👩‍👩‍👧,900,2,regular
            X-'q',"O'Brien\u{7}",10,1,regular

            """.utf8).write(to: URL(fileURLWithPath: dir + "/customers.csv"))
        try Data("""
            follower,followee
            R-1,"A<&>""'"
            R-2,"A<&>""'"
            E-1,"A<&>""'"
            X-'q',E-1
            "A<&>""'",E-1
            R-1,E-1

            """.utf8).write(to: URL(fileURLWithPath: dir + "/follows.csv"))
        try Data("""
            referrer,referee,time,revenue
            "A<&>""'",R-1,2026-01-02T00:00:00Z,10
            "A<&>""'",R-2,2026-01-03T00:00:00Z,20
            E-1,X-'q',2026-02-01T00:00:00Z,5

            """.utf8).write(to: URL(fileURLWithPath: dir + "/referrals.csv"))
        let graph = try CustomerGraph.load(from: dir, options: LoadOptions(threads: 2))
        #expect(graph.customers.index(of: evil) != nil)
        var config = InfluenceReport(title: "Q1 <review> & \"plan\"", top: 5, seeds: SeedSelection(count: 3, model: .hops(.hops(2))))
        config.generator = "test"
        let html = config.run(on: graph, source: "<dir> & 'co'").html()

        #expect(!html.contains("<b>") && !html.contains("<review>") && !html.contains("<dir>") && !html.contains("<friends>"))
        #expect(html.contains("A&lt;&amp;&gt;&quot;&apos;"))
        #expect(html.contains("Zoë &quot;the&quot; &lt;b&gt;Boss&lt;/b&gt; &amp; co"))
        #expect(html.contains("<h1>Q1 &lt;review&gt; &amp; &quot;plan&quot;</h1>"))
        #expect(html.contains("vip &amp; &lt;friends&gt;"))
        // Right-to-left text and a bidi override stay intact, isolated in <bdi>; emoji untouched.
        #expect(html.contains("<bdi>שלום עולם</bdi>"))
        #expect(html.contains("<bdi>\u{202E}evil override</bdi>"))
        #expect(html.contains("<bdi>Party 🎉👩‍👩‍👧</bdi>"))
        #expect(html.contains("X-&apos;q&apos;"))
        // A control character never reaches the page.
        #expect(!html.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" })
        // Tags balance, and every drawing is well-formed XML whose text holds the id as written.
        func count(_ piece: String) -> Int { html.components(separatedBy: piece).count - 1 }
        for tag in ["svg", "table", "tr", "details", "section", "figure", "bdi", "text", "title", "span", "div", "p"] {
            #expect(count("<\(tag) ") + count("<\(tag)>") == count("</\(tag)>"), "unbalanced <\(tag)>")
        }
        let svgs = html.components(separatedBy: "<svg ").dropFirst().map { "<svg " + ($0.components(separatedBy: "</svg>").first ?? "") + "</svg>" }
        #expect(svgs.count == 6)
        var texts = ""
        for svg in svgs {
            let parser = XMLParser(data: Data(svg.utf8))
            let collector = TextCollector()
            parser.delegate = collector
            #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "") in \(svg.prefix(120))")
            texts += collector.text
        }
        #expect(texts.contains(evil))
    }

    final class TextCollector: NSObject, XMLParserDelegate, @unchecked Sendable {
        var text = ""
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }

    @Test func escapingCoversMarkupQuotesAndControls() {
        #expect(Markup.escape("plain text, ünïcode, עברית, 🎉") == "plain text, ünïcode, עברית, 🎉")
        #expect(Markup.escape("<a href=\"x\">Tom & 'Jerry'</a>") == "&lt;a href=&quot;x&quot;&gt;Tom &amp; &apos;Jerry&apos;&lt;/a&gt;")
        #expect(Markup.escape("bell\u{7}tab\tdel\u{7F}") == "bell\u{FFFD}tab\tdel\u{FFFD}")
        var m = Markup()
        m.open("p", ["title": "a\"b", "data-x": "<&>"])
        m.text("1 < 2")
        m.close("p")
        m.empty("rect", ["x": "1"])
        #expect(m.string == "<p title=\"a&quot;b\" data-x=\"&lt;&amp;&gt;\">1 &lt; 2</p><rect x=\"1\"/>")
    }

    @Test func immIntervalIsTheBinomialSamplingError() {
        // p = 25 / 100 covered, 400 sets: 100 · √(0.25 · 0.75 / 400).
        #expect(abs(SeedSelection.standardError(spread: 25, roots: 100, sets: 400) - 100 * (0.1875 / 400).squareRoot()) < 1e-12)
        #expect(SeedSelection.standardError(spread: 100, roots: 100, sets: 400) == 0)
        #expect(SeedSelection.standardError(spread: 3, roots: 0, sets: 0) == 0)
        let graph = testGraph(follows: (1..<40).map { (String($0), String($0 / 4)) })
        let result = SeedSelection(count: 3, model: .weightedCascade, seed: 2).run(on: graph)
        #expect(result.reverseReachableSets > 0)
        for (i, pick) in result.picks.enumerated() {
            let roots = Double(graph.customerCount)
            let p = pick.spread / roots
            #expect(abs(pick.reachStandardError - roots * (p * (1 - p) / Double(result.reverseReachableSets)).squareRoot()) < 1e-9, "pick \(i)")
            #expect(pick.reachInterval.contains(pick.reach))
        }
    }
}
