import Testing
@testable import InfluenceCLI

@Suite struct ReferralCommandsTests {
    static var shop: String { fixtures + "/tiny/shop" }

    @Test func attributeCSVOnTheTinyShop() {
        let run = runCLI(["attribute", Self.shop, "--format", "csv"])
        #expect(run.code == 0)
        // ana: ben 80.50 + dee 0 at tier 1, eve 120 × 0.5 at tier 2 (eve's first touch is ben).
        #expect(run.out == """
            rank,id,attributed_revenue,direct_referrals,downline,depth,root
            1,ana,140.5,2,3,0,ana
            2,ben,120,1,1,1,ana
            3,chen,0,1,1,0,chen
            4,dee,0,0,0,1,ana
            5,eve,0,0,0,2,ana

            """)
        let last = runCLI(["attribute", Self.shop, "--format", "csv", "--touch", "last", "--top", "1"])
        #expect(last.out == "rank,id,attributed_revenue,direct_referrals,downline,depth,root\n1,chen,120,1,1,0,chen\n")
    }

    @Test func attributeTierWeightsAndWindow() {
        let weights = runCLI(["attribute", Self.shop, "--format", "csv", "--tier-weights", "1,0.1", "--top", "2"])
        #expect(weights.out.hasSuffix("\n1,ben,120,1,1,1,ana\n2,ana,92.5,2,3,0,ana\n"))
        let window = runCLI(["attribute", Self.shop, "--format", "json", "--since", "2026-02-01", "--until", "2026-02-02"])
        #expect(window.code == 0)
        #expect(window.out.contains("\"since\":\"2026-02-01T00:00:00Z\",\"until\":\"2026-02-02T23:59:59Z\""))
        #expect(window.out.contains("\"referees\":1,\"total_credit\":120,"))
    }

    @Test func attributeUsageErrors() {
        let both = runCLI(["attribute", Self.shop, "--decay", "0.3", "--tier-weights", "1,2"])
        #expect(both.code == 64)
        #expect(both.err.hasPrefix("Error: The options '--decay' and '--tier-weights' cannot be used together\n"))
        let mismatch = runCLI(["attribute", Self.shop, "--tiers", "4", "--tier-weights", "1,0.5"])
        #expect(mismatch.code == 64)
        #expect(mismatch.err.hasPrefix("Error: '--tiers 4' does not match the 2 weights of '--tier-weights'\n"))
        let date = runCLI(["attribute", Self.shop, "--since", "March"])
        #expect(date.code == 64)
        #expect(date.err.hasPrefix("Error: The value 'March' is invalid for '--since <date>'"))
        let touch = runCLI(["attribute", Self.shop, "--touch", "middle"])
        #expect(touch.code == 64)
    }

    @Test func chainToAReferee() {
        let run = runCLI(["chain", "eve", Self.shop, "--format", "csv"])
        #expect(run.code == 0)
        #expect(run.out == """
            step,id,referrer,time,value
            0,ana,,,0
            1,ben,ana,2026-01-05T10:00:00Z,80.5
            2,eve,ben,2026-02-01T09:30:00Z,120

            """)
        let unknown = runCLI(["chain", "zed", Self.shop])
        #expect(unknown.code == 1)
        #expect(unknown.err == "Error: unknown customer id 'zed'\n")
        #expect(runCLI(["chain"]).code == 64)
    }

    @Test func referralsReportsOnTheDemoData() {
        let audit = runCLI(["referrals", "--report", "audit", "--format", "csv"])
        #expect(audit.code == 0)
        #expect(audit.out.hasPrefix("signal,customers,detail\nring,RING-1 RING-2 RING-3,"))
        #expect(audit.out.contains("\nself_referral,C-000005,1 row dropped at import\n"))
        #expect(audit.out.contains("\nseveral_referrers,C-000010 C-000001 C-000002,2 referrers\n"))
        #expect(audit.out.contains("\nno_purchase,C-000014,referred by C-000003\n"))
        let cohorts = runCLI(["referrals", "--report", "cohorts", "--format", "csv"])
        #expect(cohorts.out.hasPrefix("cohort,referrers,referred,k_factor,referred_value\n2026-01,"))
        let segments = runCLI(["referrals", "--report", "cohorts", "--by", "segment", "--format", "json"])
        #expect(segments.out.hasPrefix("{\"parameters\":{\"by\":\"segment\","))
        let cascades = runCLI(["referrals", "--report", "cascades", "--format", "csv"])
        #expect(cascades.out.hasPrefix("dimension,lower,upper,cascades,customers\nsize,2,2,"))
        #expect(runCLI(["referrals"]).code == 64)
        #expect(runCLI(["referrals", "--report", "audit", "--burst-window", "soon"]).code == 64)
    }

    @Test func burstsAreSettable() {
        let run = runCLI(["referrals", Self.shop, "--report", "audit", "--burst-threshold", "1", "--burst-window", "2d", "--format", "csv"])
        #expect(run.out.contains("\nburst,ana,2 referrals from 2026-01-05T10:00:00Z to 2026-01-06T00:00:00Z\n"))
    }
}
