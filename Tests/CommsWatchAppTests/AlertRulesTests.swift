import Foundation
import TestSupport
import Testing

/// prometheus/alerts.yml as Prometheus sees it: promtool accepts the file, and the rule unit tests
/// in prometheus/tests/ pass.
struct AlertRulesTests {
    static let prometheusFolder = SharedData.repositoryRoot.appendingPathComponent("prometheus")

    @Test func promtoolAcceptsTheRuleFile() throws {
        let promtool = try #require(ExternalTool.find("promtool"), "promtool is not installed; run .ci/install-deps")
        let result = try ExternalTool.run(promtool, ["check", "rules", Self.prometheusFolder.appendingPathComponent("alerts.yml").path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("SUCCESS: 14 rules found"))
    }

    @Test func ruleUnitTestsPassInPromtool() throws {
        let promtool = try #require(ExternalTool.find("promtool"), "promtool is not installed; run .ci/install-deps")
        let tests = try FileManager.default.contentsOfDirectory(atPath: Self.prometheusFolder.appendingPathComponent("tests").path)
            .filter { $0.hasSuffix(".yml") }.sorted()
        #expect(tests.count >= 3)
        let result = try ExternalTool.run(
            promtool, ["test", "rules"] + tests.map { Self.prometheusFolder.appendingPathComponent("tests/\($0)").path }
        )
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.components(separatedBy: "SUCCESS").count - 1 == tests.count)
    }
}
