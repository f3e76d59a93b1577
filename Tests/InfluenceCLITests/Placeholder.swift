import Testing
@testable import InfluenceCLI

@Test func placeholderExitsZero() {
    #expect(InfluenceCLI.main(arguments: []) == 0)
}
