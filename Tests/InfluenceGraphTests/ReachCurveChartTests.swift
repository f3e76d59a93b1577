import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Testing
@testable import InfluenceGraph

@Suite struct ReachCurveChartTests {
    final class Collector: NSObject, XMLParserDelegate, @unchecked Sendable {
        var elements: [String] = []
        var text = ""
        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) { elements.append(name) }
        func parser(_ parser: XMLParser, foundCharacters string: String) { text += string }
    }

    @Test func svgParsesAsXMLWithOneLinePerSeries() throws {
        var chart = ReachCurveChart(title: "Reach <by> \"seeds\" & cost")
        chart.addSeries(name: "hops 2", values: [10, 18, 23, 25])
        chart.addSeries(name: "wc & friends", values: [4.5, 7.25])
        guard let dir = TestFiles.makeDirectory() else { Issue.record("no temp dir"); return }
        defer { TestFiles.remove(dir) }
        let path = dir + "/curve.svg"
        try chart.write(to: path)
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let parser = XMLParser(data: data)
        let collector = Collector()
        parser.delegate = collector
        #expect(parser.parse(), "\(parser.parserError.map { "\($0)" } ?? "")")
        #expect(collector.elements.first == "svg")
        #expect(collector.elements.filter { $0 == "polyline" }.count == 2)
        #expect(collector.text.contains("Reach <by> \"seeds\" & cost") && collector.text.contains("Seeds picked"))
    }

    @Test func niceCeilings() {
        #expect(ReachCurveChart.niceCeiling(0) == 1)
        #expect(ReachCurveChart.niceCeiling(7) == 10)
        #expect(ReachCurveChart.niceCeiling(130) == 200)
        #expect(ReachCurveChart.niceCeiling(5000) == 5000)
        #expect(ReachCurveChart.fixed(-1.005) == "-1.00" || ReachCurveChart.fixed(-1.005) == "-1.01")
    }
}
