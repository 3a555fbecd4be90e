import Foundation
import Rules
import TestSupport
import Testing

/// Every fixture gets the same verdict from commswatch as from `promtool check rules`: valid or not,
/// and how many rules. Fixtures named `stricter_*` are the deliberate exception: Prometheus loads them and
/// then fails the rule at every evaluation, so commswatch rejects them up front.
@Suite(.enabled(if: ExternalTool.find("promtool") != nil, "needs promtool"))
struct PromtoolDifferentialTests {
    /// promtool's verdict: the rule count on success, nil on failure.
    private func promtoolVerdict(_ path: String) throws -> Int? {
        let result = try ExternalTool.run("promtool", ["check", "rules", path])
        guard result.status == 0 else { return nil }
        let line = try #require(result.stdout.split(separator: "\n").first { $0.contains("SUCCESS:") })
        return Int(line.split(separator: " ").first { Int($0) != nil } ?? "")
    }

    private func commswatchVerdict(_ path: String) -> Int? {
        try? RuleFile.load(path: path).ruleCount
    }

    @Test func enoughFixtures() {
        #expect(Fixtures.all.filter { $0.hasPrefix("valid_") }.count >= 5)
        #expect(Fixtures.all.filter { $0.hasPrefix("invalid_") }.count >= 10)
    }

    @Test(arguments: Fixtures.all)
    func sameVerdictAsPromtool(fixture: String) throws {
        let path = Fixtures.path(fixture)
        let expected = try promtoolVerdict(path)
        if fixture.hasPrefix("stricter_") {
            #expect(expected != nil, "promtool now rejects \(fixture); rename it")
            #expect(commswatchVerdict(path) == nil)
        } else {
            #expect(commswatchVerdict(path) == expected, "\(Fixtures.errors(of: fixture))")
        }
    }

    @Test func repositoryAlertsAgree() throws {
        let path = SharedData.repositoryRoot.appendingPathComponent("prometheus/alerts.yml").path
        #expect(try promtoolVerdict(path) == 14)
        #expect(commswatchVerdict(path) == 14)
    }
}
