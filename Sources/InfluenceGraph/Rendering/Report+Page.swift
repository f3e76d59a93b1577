extension Report {
    /// The report as one self-contained HTML page: inline CSS and inline SVG, no
    /// scripts, no fonts, images or style sheets fetched, so it works offline and
    /// prints on A4 or Letter. Every chart has an SVG `<title>` and `<desc>` and is
    /// followed by its numbers in a table.
    ///
    /// The same report gives the same bytes; `timing` is written only into the one
    /// element marked `data-timing`, so two runs on the same input differ there alone.
    ///
    /// - Complexity: O(size of the report): cells, points drawn, rows.
    public func html() -> String {
        var m = Markup()
        m.raw("<!DOCTYPE html>\n")
        m.open("html", ["lang": "en"])
        m.newline()
        m.open("head")
        m.open("meta", ["charset": "utf-8"])
        m.open("meta", ["name": "viewport", "content": "width=device-width, initial-scale=1"])
        m.open("meta", ["name": "generator", "content": header.generator])
        m.element("title", text: "\(title) — \(header.source)")
        m.open("style")
        m.raw(ReportStyle.css)
        m.close("style")
        m.close("head")
        m.newline()
        m.open("body")
        m.open("div", ["class": "page"])
        m.newline()
        headerBlock(&m)
        navigation(&m)
        m.open("main")
        m.newline()
        quadrantSection(&m)
        advocatesSection(&m)
        reachSection(&m)
        wavesSection(&m)
        segmentsSection(&m)
        m.close("main")
        m.newline()
        m.open("footer")
        m.text("Made by \(header.generator) from ")
        m.element("bdi", text: header.source)
        m.text(". This page is self-contained: it loads no scripts, fonts or images, and the same data gives the same page but for the timing line.")
        m.close("footer")
        m.newline()
        m.close("div")
        m.close("body")
        m.close("html")
        m.newline()
        return m.string
    }

    /// The sections in page order: anchor, heading.
    static let sections: [(id: String, title: String)] = [
        ("quadrant", "Social vs wallet"),
        ("advocates", "Top advocates"),
        ("reach", "Campaign reach"),
        ("referrals", "Referral waves"),
        ("segments", "Segments"),
    ]

    func headerBlock(_ m: inout Markup) {
        m.open("header", ["class": "report-header", "data-section": "header", "data-customers": String(header.customers),
                          "data-follows": String(header.follows), "data-referral-rows": String(header.referralRows)])
        m.element("h1", text: title)
        m.open("p", ["class": "subtitle"])
        m.text("Source ")
        m.element("bdi", text: header.source)
        if let latest = header.latestReferral {
            m.text(" · data as of ")
            m.element("bdi", text: String(ReferralWindow.formatTime(latest).prefix(10)))
            m.text(" (latest referral \(ReferralWindow.formatTime(latest)))")
        } else {
            m.text(" · no referral times in the data")
        }
        m.text(" · made by \(header.generator)")
        m.close("p")
        m.newline()

        let advocates = socialWallet.profileCounts.first { $0.profile == .advocate }?.customers ?? 0
        let figures: [(String, String)] = [
            ("Customers", NumberText.grouped(header.customers)),
            ("Follows", NumberText.grouped(header.follows)),
            ("Referral rows", NumberText.grouped(header.referralRows)),
            ("Advocates", NumberText.grouped(advocates)),
            ("Cascades", NumberText.grouped(waves.cascades)),
            ("Reach of \(reach.picks.count) seeds", NumberText.grouped(Int((reach.picks.last?.reach ?? 0).rounded()))),
        ]
        m.open("dl", ["class": "figures"])
        for (name, value) in figures {
            m.open("div")
            m.element("dt", text: name)
            m.element("dd", text: value)
            m.close("div")
        }
        m.close("dl")
        m.newline()
        if !header.warnings.isEmpty {
            m.open("ul", ["class": "warnings", "aria-label": "Import and computation warnings"])
            for warning in header.warnings { m.element("li", text: warning) }
            m.close("ul")
            m.newline()
        }
        m.open("dl", ["class": "settings"])
        for setting in header.settings {
            m.element("dt", text: setting.name)
            m.element("dd", text: setting.value)
        }
        m.close("dl")
        m.newline()
        m.open("p", ["class": "timing", "data-timing": ""])
        m.text(timingText())
        m.close("p")
        m.newline()
        m.close("header")
        m.newline()
    }

    /// "Loaded in 0.812 s · computed in 2.340 s".
    func timingText() -> String {
        func seconds(_ s: Double?) -> String { s.map { NumberText.fixed($0, digits: 3) + " s" } ?? "not measured" }
        return "Loaded in \(seconds(timing.loadSeconds)) · computed in \(seconds(timing.computeSeconds))"
    }

    func navigation(_ m: inout Markup) {
        m.open("nav", ["aria-label": "Sections"])
        m.open("ol")
        for (i, section) in Self.sections.enumerated() {
            m.open("li")
            m.element("a", ["href": "#" + section.id], text: "\(i + 1). \(section.title)")
            m.close("li")
        }
        m.close("ol")
        m.close("nav")
        m.newline()
    }

    /// `<section id data-section>` with its numbered heading and lede.
    func openSection(_ m: inout Markup, _ index: Int, lede: String) {
        let (id, title) = Self.sections[index]
        m.open("section", ["id": id, "data-section": id, "aria-labelledby": id + "-heading"])
        m.element("h2", ["id": id + "-heading"], text: "\(index + 1). \(title)")
        m.element("p", ["class": "lede"], text: lede)
        m.newline()
    }

    /// Charts side by side (on screen), each with its legend and caption; `even`
    /// gives them equal widths, else the first takes three fifths.
    func figures(_ m: inout Markup, even: Bool, _ charts: [(svg: String, legend: String, caption: String)]) {
        m.open("div", ["class": even ? "row even" : "row"])
        for chart in charts {
            m.open("figure")
            m.newline()
            m.raw(chart.svg)
            m.raw(chart.legend)
            m.element("figcaption", text: chart.caption)
            m.close("figure")
            m.newline()
        }
        m.close("div")
        m.newline()
    }

    /// Tables in one closed `<details>`.
    func details(_ m: inout Markup, summary: String, tables: [DataTable]) {
        m.open("details")
        m.element("summary", text: summary)
        for table in tables {
            m.open("div", ["class": "scroll"])
            m.raw(table.html())
            m.close("div")
        }
        m.close("details")
        m.newline()
    }
}
