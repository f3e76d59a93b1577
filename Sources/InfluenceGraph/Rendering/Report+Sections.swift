extension Report {
    func quadrantSection(_ m: inout Markup) {
        let t = socialWallet.thresholds
        openSection(&m, 0, lede: "A customer's social value is not their wallet value. Each customer sits at their social percentile (PageRank over follows) and wallet percentile (spend); the dashed lines are the profile thresholds (high \(NumberText.trimmed(t.high)), low \(NumberText.trimmed(t.low))). Advocates are high on both, influencers reach far but spend little, big spenders spend much but reach few. The right panel shows the raw numbers on log axes.")
        let quadrant = QuadrantChart(map: socialWallet)
        let raw = FollowersSpendChart(map: followersSpend)
        figures(&m, even: false, [
            (quadrant.svg(), quadrant.legend(), socialWallet.density == nil
                ? "Every customer is a dot coloured by profile; the \(socialWallet.top.count) top advocates are labelled by rank and id."
                : "\(NumberText.grouped(socialWallet.customers)) customers in a \(QuadrantChart.cellsText(socialWallet.density)) grid (shade: customers per cell); the \(socialWallet.top.count) top advocates are labelled by rank and id."),
            (raw.svg(), raw.legend(), "Followers against spend. Customers with no followers or no spend sit in the grey bands at zero."),
        ])
        details(&m, summary: "Numbers behind the social-vs-wallet map", tables: quadrant.tables())
        details(&m, summary: "Numbers behind the followers-vs-spend map", tables: raw.tables())
        m.close("section")
        m.newline()
    }

    func advocatesSection(_ m: inout Markup) {
        openSection(&m, 1, lede: "The customers with the highest advocate score: a blend of three percentile components, social (PageRank), referral (attributed referral revenue) and wallet (spend). The last column names the followers whose votes add most to each customer's PageRank, with their share of it.")
        var table = DataTable(caption: "Top \(advocates.count) advocates",
                              columns: ["rank", "customer", "score", "components", "profile", "followers", "spend", "attributed revenue", "top followers"],
                              numeric: ["rank", "score", "followers", "spend", "attributed revenue"], className: "advocates")
        for row in advocates {
            var customer = Markup()
            customer.open("span", ["class": "id", "data-id": row.id])
            customer.element("bdi", text: row.id)
            customer.close("span")
            if !row.name.isEmpty {
                customer.raw("<br>")
                customer.open("span", ["class": "followers-list"])
                customer.element("bdi", text: row.name)
                customer.close("span")
            }
            table.rows.append([
                .number(String(row.rank)), .html(customer.string, kind: "name"), .number(NumberText.fixed(row.score, digits: 3)),
                .html(Self.componentBars(row)), .html(Self.badge(row.profile)), .count(row.followers),
                .number(NumberText.money(row.spend)), .number(NumberText.money(row.attributedRevenue)), .html(Self.followerList(row)),
            ])
        }
        if advocates.isEmpty {
            m.element("p", text: "No customers.")
        } else {
            m.open("div", ["class": "scroll"])
            m.raw(table.html())
            m.close("div")
        }
        m.close("section")
        m.newline()
    }

    /// Social, referral and wallet as three labelled bars, read out as one label.
    static func componentBars(_ row: AdvocateRow) -> String {
        var m = Markup()
        let parts = [("S", "social", row.social), ("R", "referral", row.referral), ("W", "wallet", row.wallet)]
        m.open("div", ["class": "components", "role": "img",
                       "aria-label": parts.map { "\($0.1) \(NumberText.fixed($0.2, digits: 3))" }.joined(separator: ", ")])
        for (letter, name, value) in parts {
            m.element("span", ["aria-hidden": "true"], text: letter)
            m.open("span", ["class": "meter", "aria-hidden": "true"])
            m.open("span", ["class": name, "style": "width:\(NumberText.fixed(min(1, max(0, value)) * 100, digits: 1))%"])
            m.close("span")
            m.close("span")
            m.element("span", ["aria-hidden": "true"], text: NumberText.fixed(value, digits: 2))
        }
        m.close("div")
        return m.string
    }

    /// A profile as a coloured label.
    static func badge(_ profile: AdvocateProfile) -> String {
        var m = Markup()
        m.element("span", ["class": "badge " + ReportStyle.slug(profile), "style": profile == .other ? "" : "background:" + ReportStyle.color(profile)],
                  text: profile.rawValue)
        return m.string
    }

    /// "C-000123 12.3%", one follower a line.
    static func followerList(_ row: AdvocateRow) -> String {
        var m = Markup()
        m.open("span", ["class": "followers-list"])
        if row.topFollowers.isEmpty { m.text("no followers") }
        for (i, f) in row.topFollowers.enumerated() {
            if i > 0 { m.raw("<br>") }
            m.element("bdi", text: f.id)
            m.text(" " + NumberText.percent(f.share))
        }
        m.close("span")
        return m.string
    }

    func reachSection(_ m: inout Markup) {
        let curve = SeedCurveChart(reach: reach)
        let heat = OverlapHeatMap(reach: reach)
        var lede = "Which customers to seed so a campaign reaches the most people: the greedy picks for the \(curve.modelText)"
        if let segment = reach.candidateSegment { lede += " among segment \(segment)" }
        lede += ", cumulative reach after each pick and what each pick adds. Right: how much the audiences of the first \(reach.overlap.seeds.count) seeds overlap; a dark pair duplicates each other's audience."
        openSection(&m, 2, lede: lede)
        var caption = "Reach counts customers other than the seeds."
        if curve.hasInterval {
            caption += " IMM estimates it from \(NumberText.grouped(reach.reverseReachableSets)) reverse-reachable sets; the band is its 95% sampling interval (it leaves out the optimism of picking on the same sets)."
        } else {
            caption += " Exact k-hop coverage (CELF greedy, within 1 − 1/e of the best set)."
        }
        figures(&m, even: true, [
            (curve.svg(), curve.legend(), caption),
            (heat.svg(), heat.legend(),
             "Jaccard index of the seeds' \(InfluenceReport.depthText(reach.overlapDepth)) audiences: shared customers over customers in either. Rows and columns follow pick order."),
        ])
        details(&m, summary: "Numbers behind the seed curve", tables: [curve.table()])
        details(&m, summary: "Numbers behind the overlap heat map", tables: [heat.table()])
        m.close("section")
        m.newline()
    }

    func wavesSection(_ m: inout Markup) {
        var window = "all referral rows"
        if waves.window.since != nil || waves.window.until != nil {
            window = "referral rows " + [waves.window.since.map { "from " + ReferralWindow.formatTime($0) },
                                         waves.window.until.map { "until " + ReferralWindow.formatTime($0) }].compactMap { $0 }.joined(separator: " ")
        }
        openSection(&m, 3, lede: "How referral spreads: \(NumberText.grouped(waves.cascades)) cascades (trees of primary referrers, \(waves.touch.rawValue) touch, \(window)) hold \(NumberText.grouped(waves.customersInCascades)) customers. Left, how many cascades have each size; right, the K-factor of each monthly cohort of referrers. Below, the deepest chains and the signals an audit should look at.")
        let sizes = CascadeSizeChart(waves: waves)
        let cohorts = KFactorChart(waves: waves)
        figures(&m, even: true, [
            (sizes.svg(), sizes.legend(), "Both axes logarithmic; dots along a straight line are a power law."),
            (cohorts.svg(), cohorts.legend(), "New customers per referrer; each referee counts once, for its primary referrer's cohort."),
        ])
        details(&m, summary: "Numbers behind the cascade sizes", tables: [sizes.table()])
        details(&m, summary: "Numbers behind the K-factor cohorts", tables: [cohorts.table()])

        m.element("h3", text: "Deepest chains")
        if waves.deepestChains.isEmpty {
            m.element("p", text: "No referral chains.")
        } else {
            var chains = DataTable(caption: "The \(waves.deepestChains.count) deepest referral chains, root first", columns: ["depth", "chain", "ring"],
                                   numeric: ["depth"], className: "chains")
            for chain in waves.deepestChains {
                chains.rows.append([.number(String(chain.depth)), .html(Self.chainPath(chain.ids), kind: "path"), .text(chain.hasRing ? "yes" : "")])
            }
            m.raw(chains.html())
        }
        m.element("h3", text: "Audit signals")
        var audit = DataTable(caption: "Fraud and data-quality signals", columns: ["signal", "count", "first examples"], numeric: ["count"], className: "audit")
        for signal in waves.audit {
            var examples = Markup()
            for (i, e) in signal.examples.enumerated() {
                if i > 0 { examples.raw("<br>") }
                examples.element("bdi", text: e)
            }
            if signal.count > signal.examples.count { examples.text(" … and \(NumberText.grouped(signal.count - signal.examples.count)) more") }
            audit.rows.append([.text(signal.signal), .count(signal.count), .html(examples.string)])
        }
        m.raw(audit.html())
        m.newline()
        m.close("section")
        m.newline()
    }

    /// Ids joined by arrows; a long chain keeps its first four and last four links.
    static func chainPath(_ ids: [String]) -> String {
        var m = Markup()
        let shown: [String?] = ids.count <= 10 ? ids : Array(ids.prefix(4)) + [nil] + Array(ids.suffix(4))
        for (i, id) in shown.enumerated() {
            if i > 0 { m.text(" → ") }
            if let id { m.element("bdi", text: id) } else { m.text("… \(ids.count - 8) more …") }
        }
        return m.string
    }

    func segmentsSection(_ m: inout Markup) {
        openSection(&m, 4, lede: "Each segment's customers, their mean PageRank percentile, mean spend, and the share of them who are advocates. Bars compare segments; the longest bar is the largest value.")
        let most = segments.map(\.customers).max() ?? 1
        let spend = segments.map(\.meanSpend).max() ?? 1
        let share = segments.map(\.advocateShare).max() ?? 1
        var table = DataTable(caption: "Segments, largest first", columns: ["segment", "customers", "mean PageRank percentile", "mean spend", "share of advocates"],
                              className: "segments")
        for s in segments {
            table.rows.append([
                .html(Self.bdi(s.name)),
                .html(Self.inlineBar(Double(s.customers) / Double(max(1, most)), NumberText.grouped(s.customers))),
                .html(Self.inlineBar(s.meanSocial, NumberText.fixed(s.meanSocial, digits: 3))),
                .html(Self.inlineBar(spend > 0 ? s.meanSpend / spend : 0, NumberText.money(s.meanSpend))),
                .html(Self.inlineBar(share > 0 ? s.advocateShare / share : 0, NumberText.percent(s.advocateShare))),
            ])
        }
        m.raw(table.html())
        m.newline()
        m.close("section")
        m.newline()
    }

    static func bdi(_ text: String) -> String {
        var m = Markup()
        m.element("bdi", text: text)
        return m.string
    }

    /// A bar of `fraction` of the cell with the value printed beside it.
    static func inlineBar(_ fraction: Double, _ label: String) -> String {
        var m = Markup()
        m.open("span", ["class": "inline-bar"])
        m.open("span", ["class": "meter", "aria-hidden": "true"])
        m.open("span", ["class": "plain", "style": "width:\(NumberText.fixed(min(1, max(0, fraction)) * 100, digits: 1))%"])
        m.close("span")
        m.close("span")
        m.element("span", ["class": "num"], text: label)
        m.close("span")
        return m.string
    }
}
