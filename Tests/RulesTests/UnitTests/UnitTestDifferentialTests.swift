import Foundation
import Rules
import TestSupport
import Testing

/// `commswatch test rules` must give every unit-test file the verdict `promtool test rules` gives it, and
/// for the files written to fail, report the same firing alerts (labels and annotations) as promtool.
@Suite(.enabled(if: ExternalTool.find("promtool") != nil, "needs promtool"))
struct UnitTestDifferentialTests {
    static let fixtures = ["for_test", "keep_firing_test", "recording_test", "down_test", "fail_wrong_labels_test", "fail_missing_alert_test"]
        .map { SharedData.repositoryRoot.appendingPathComponent("Tests/RulesTests/Fixtures/unit/\($0).yml").path }
    static let repositoryTests = ["chat_test", "disputes_test", "notifications_test"]
        .map { SharedData.repositoryRoot.appendingPathComponent("prometheus/tests/\($0).yml").path }

    @Test(arguments: fixtures + repositoryTests)
    func sameVerdictAsPromtool(path: String) throws {
        let promtool = try ExternalTool.run("promtool", ["test", "rules", path])
        let failures = UnitTestRunner.run(try UnitTestFile.load(path: path))
        #expect(failures.isEmpty == (promtool.status == 0), "promtool:\n\(promtool.stdout)\(promtool.stderr)\ncommswatch:\n\(failures)")
        #expect(path.contains("fail_") == !failures.isEmpty)
        let got = failures.flatMap { failure -> [UnitTestAlert] in
            guard case .alerts(_, _, _, let got) = failure else { return [] }
            return got
        }
        #expect(got.flatMap { ["Labels:\($0.labels)", "Annotations:\($0.annotations)"] } == Self.gotLines(promtool.stdout + promtool.stderr))
    }

    /// The `Labels:` and `Annotations:` lines of promtool's `got:[…]` blocks.
    static func gotLines(_ output: String) -> [String] {
        var inGot = false
        var lines: [String] = []
        for line in output.split(separator: "\n").map({ $0.trimmingCharacters(in: .whitespaces) }) {
            if line.hasPrefix("got:[") { inGot = true } else if line.hasPrefix("exp:[") || line.hasPrefix("alertname:") { inGot = false }
            if inGot, line.hasPrefix("Labels:") || line.hasPrefix("Annotations:") { lines.append(line) }
        }
        return lines
    }
}
