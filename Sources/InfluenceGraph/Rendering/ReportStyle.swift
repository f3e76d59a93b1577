/// The report's colours and its one inline style sheet: system fonts only (no
/// request leaves the file), colours that survive colour-blindness (Okabe–Ito for
/// profiles), and print rules for A4 and Letter.
enum ReportStyle {
    /// The colour of a profile's marks and badges.
    static func color(_ profile: AdvocateProfile) -> String {
        switch profile {
        case .advocate: "#0072b2"
        case .influencer: "#e69f00"
        case .bigSpender: "#009e73"
        case .referrer: "#cc79a7"
        case .other: "#8a8f98"
        }
    }

    /// The CSS class suffix of a profile: `big-spender`.
    static func slug(_ profile: AdvocateProfile) -> String {
        profile == .bigSpender ? "big-spender" : profile.rawValue
    }

    /// The colours of the reach curve, its band and its bars; of cascade dots and
    /// the K = 1 line; of K-factor bars.
    static let accent = "#1f5fbf", band = "rgba(31,95,191,.25)", marginal = "#b8c2d3"
    static let cascadeColor = "#b45309", kFactorColor = "#0f766e"

    /// Light to dark neutral shades for density cells, so the coloured marks drawn
    /// over them stand out.
    static let shades = ["#f0f1f3", "#dfe1e5", "#c9ccd3", "#afb3bd", "#9297a3", "#767c89", "#5a606d", "#3d424d"]

    /// The shade of a cell holding `count` among non-empty cells holding from
    /// `smallest` to `largest`, on a log scale between the two: counts spanning
    /// decades (followers, spend) keep their few full cells from washing out the
    /// rest, and counts of one magnitude (percentile grids, whose margins are
    /// uniform) still spread over the palette. Equal counts take the middle shade.
    static func shadeLevel(_ count: Int, smallest: Int, largest: Int) -> Int {
        guard count > 0, largest > smallest, smallest > 0 else { return shades.count / 2 }
        let t = LogScale.log10(Double(count) / Double(smallest)) / LogScale.log10(Double(largest) / Double(smallest))
        return min(shades.count - 1, max(0, Int(t * Double(shades.count - 1) + 0.5)))
    }

    /// A colour between white-blue and dark blue for `t` in [0, 1] (heat maps).
    static func heat(_ t: Double) -> String {
        let low = (247.0, 251.0, 255.0), high = (8.0, 69.0, 148.0)
        let u = min(1, max(0, t))
        func channel(_ a: Double, _ b: Double) -> String {
            let v = Int((a + (b - a) * u).rounded())
            let hex = String(v, radix: 16)
            return hex.count == 1 ? "0" + hex : hex
        }
        return "#" + channel(low.0, high.0) + channel(low.1, high.1) + channel(low.2, high.2)
    }

    /// The style sheet.
    static let css: String = """
        :root{--ink:#1d2433;--muted:#5b6475;--line:#d9dee7;--soft:#f4f6fa;--accent:#1f5fbf;--card:#ffffff}
        *{box-sizing:border-box;-webkit-print-color-adjust:exact;print-color-adjust:exact}
        html{background:#eef1f6}
        body{margin:0;color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans","Helvetica Neue",Arial,sans-serif}
        .page{max-width:1180px;margin:0 auto;padding:28px 32px 48px;background:var(--card)}
        h1{font-size:26px;margin:0 0 4px;letter-spacing:-.01em}
        h2{font-size:19px;margin:0 0 6px;padding-top:8px}
        h3{font-size:15px;margin:18px 0 6px}
        p{margin:6px 0}
        .subtitle{color:var(--muted);margin:0 0 16px}
        .subtitle bdi{color:var(--ink);font-weight:600}
        .figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px;margin:14px 0}
        .figures div{background:var(--soft);border:1px solid var(--line);border-radius:8px;padding:10px 12px}
        .figures dt{font-size:12px;color:var(--muted);text-transform:uppercase;letter-spacing:.04em}
        .figures dd{margin:2px 0 0;font-size:22px;font-weight:650;font-variant-numeric:tabular-nums}
        .warnings{margin:8px 0;padding:8px 12px 8px 30px;background:#fff8e6;border:1px solid #f1d9a0;border-radius:8px;color:#6b4e00}
        .settings{display:grid;grid-template-columns:max-content 1fr;gap:2px 14px;margin:10px 0;font-size:13px}
        .settings dt{color:var(--muted)}
        .settings dd{margin:0}
        .timing{color:var(--muted);font-size:12px}
        nav ol{display:flex;flex-wrap:wrap;gap:6px 18px;list-style:none;padding:10px 0;margin:10px 0 0;border-top:1px solid var(--line);border-bottom:1px solid var(--line)}
        nav a{color:var(--accent);text-decoration:none;font-weight:600}
        section{padding:18px 0 10px;border-bottom:1px solid var(--line)}
        .lede{color:var(--muted);max-width:900px}
        .row{display:grid;grid-template-columns:minmax(0,3fr) minmax(0,2fr);gap:24px;align-items:start}
        .row.even{grid-template-columns:minmax(0,1fr) minmax(0,1fr)}
        figure{margin:10px 0}
        figcaption{font-size:13px;color:var(--muted);margin-top:4px}
        svg.chart{display:block;max-width:100%;height:auto;font-size:11px;font-family:inherit}
        svg text{unicode-bidi:isolate}
        svg text:not([fill]){fill:var(--ink)}
        .plot-bg{fill:#fbfcfe;stroke:var(--line)}
        .zero-band{fill:#eef0f4}
        .grid{stroke:#e6e9ef;stroke-width:1}
        .tick,.axis-line{stroke:#8a93a3;stroke-width:1}
        .tick-label{fill:var(--muted);font-size:11px}
        .axis-title{font-size:12px;font-weight:600}
        .threshold{stroke:#5b6475;stroke-width:1;stroke-dasharray:5 4}
        .threshold-label{fill:var(--muted);font-size:10px}
        .region{font-size:10px;font-weight:700;paint-order:stroke;stroke:#fff;stroke-width:3px;opacity:.85}
        .leader{stroke:#7a8394;stroke-width:.8;fill:none}
        .point-label{font-size:11px}
        .point-label tspan.rank{fill:var(--muted);font-weight:700}
        .top-point{stroke:#fff;stroke-width:1.2}
        .mark{stroke:#1d2433;stroke-width:1}
        circle.customer{fill-opacity:.55}
        \(InfluenceReport.profiles.map { "circle.customer.\(slug($0)){fill:\(color($0))}" }.joined(separator: "\n"))
        .seed-mark{fill:none;stroke:#1d2433;stroke-width:1.6}
        .callout{font-size:11px;font-weight:600;paint-order:stroke;stroke:#fff;stroke-width:3px}
        .bar-marginal{fill:\(marginal)}
        .band{fill:\(accent);fill-opacity:.16;stroke:none}
        .curve{fill:none;stroke:\(accent);stroke-width:2.2}
        .curve-dot{fill:\(accent);stroke:#fff;stroke-width:1}
        .value-label{fill:var(--muted);font-size:10px}
        .heat-value{font-size:10px}
        .kbar{fill:\(kFactorColor)}
        .reference{stroke:\(cascadeColor);stroke-width:1;stroke-dasharray:4 3}
        .reference-label{fill:\(cascadeColor);font-size:10px}
        .size-dot{fill:\(cascadeColor);stroke:#fff;stroke-width:1}
        .empty-note{fill:var(--muted);font-size:13px}
        .legend{display:flex;flex-wrap:wrap;gap:4px 14px;list-style:none;padding:0;margin:4px 0 0;font-size:12px;color:var(--muted)}
        .legend li{display:flex;align-items:center;gap:5px}
        .swatch{display:inline-block;width:11px;height:11px;border-radius:50%;border:1px solid rgba(0,0,0,.15)}
        .swatch.square{border-radius:2px}
        .swatch.line{height:3px;border:0;border-radius:0}
        .swatch.diamond{transform:rotate(45deg);border-radius:0;border:1.6px solid #1d2433;width:9px;height:9px;background:transparent}
        table{border-collapse:collapse;width:100%;font-size:13px;font-variant-numeric:tabular-nums}
        caption{text-align:left;font-weight:600;padding:4px 0 6px;color:var(--ink)}
        th,td{padding:5px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
        th{font-size:11px;text-transform:uppercase;letter-spacing:.04em;color:var(--muted);font-weight:650;background:var(--soft)}
        td.num,th.num{text-align:right;white-space:nowrap}
        td.id{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12px;white-space:nowrap}
        td.name{max-width:200px;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
        td.path{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:12px}
        .badge{display:inline-block;padding:1px 8px;border-radius:10px;font-size:11px;font-weight:650;color:#fff;white-space:nowrap}
        .badge.other{color:#1d2433;background:#e3e6eb}
        .components{display:grid;grid-template-columns:14px 70px 34px;gap:1px 4px;align-items:center;font-size:10px;color:var(--muted)}
        .meter{display:block;height:7px;background:#e8ebf0;border-radius:4px;overflow:hidden}
        .meter span{display:block;height:100%;border-radius:4px}
        .meter .social{background:#1f5fbf}
        .meter .referral{background:#cc79a7}
        .meter .wallet{background:#009e73}
        .meter .plain{background:#6888b0}
        .inline-bar{display:grid;grid-template-columns:1fr 60px;gap:8px;align-items:center}
        .followers-list{font-size:12px;color:var(--muted)}
        .followers-list bdi{color:var(--ink);white-space:nowrap}
        details{margin:8px 0 4px;border:1px solid var(--line);border-radius:8px;padding:6px 10px;background:#fcfdfe}
        details summary{cursor:pointer;color:var(--accent);font-weight:600;font-size:13px}
        details table{margin-top:6px}
        .scroll{overflow-x:auto}
        .grid-table td,.grid-table th{padding:2px 4px;font-size:11px;text-align:right}
        footer{color:var(--muted);font-size:12px;padding-top:14px}
        @media (max-width:860px){.row,.row.even{grid-template-columns:minmax(0,1fr)}.page{padding:16px}}
        @media print{
        @page{size:auto;margin:12mm}
        html,.page{background:#fff}
        body{font-size:9pt}
        .page{max-width:none;padding:0}
        nav,details{display:none}
        section{border-bottom:0;padding-top:10px}
        h2,h3,caption{break-after:avoid}
        figure,tr,.figures div,.legend{break-inside:avoid}
        .row,.row.even{display:block}
        svg.chart{width:auto;height:auto;max-width:100%;max-height:92mm}
        .figures{grid-template-columns:repeat(6,minmax(0,1fr))}
        .figures dd{font-size:15px}
        .lede{max-width:none}
        .scroll{overflow:visible}
        table{font-size:8pt}
        th,td{padding:3px 5px}
        th{text-transform:none;letter-spacing:0}
        .components{grid-template-columns:10px 44px 24px}
        }
        """
}

