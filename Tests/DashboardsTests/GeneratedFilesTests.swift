import Dashboards
import Foundation
import Testing

/// grafana/dashboards/*.json is the output of `commswatch dashboards`, byte for byte: a change to the
/// catalog, the alert rules or the generator must come with the regenerated files.
struct GeneratedFilesTests {
    @Test func committedDashboardsAreExactlyWhatTheGeneratorWrites() throws {
        let files = try DashboardSet.files(rules: Fixture.rules())
        for file in files {
            let url = Fixture.dashboardsDirectory.appendingPathComponent(file.name)
            guard let committed = try? String(contentsOf: url, encoding: .utf8) else {
                Issue.record("grafana/dashboards/\(file.name) is missing; run `\(Fixture.regenerate)`")
                continue
            }
            // A Bool, so a failure prints the message rather than both files.
            let identical = committed == file.contents
            #expect(
                identical,
                "grafana/dashboards/\(file.name) differs from the generated dashboard (\(firstDifference(committed, file.contents))); run `\(Fixture.regenerate)`"
            )
        }
        let onDisk = try FileManager.default.contentsOfDirectory(atPath: Fixture.dashboardsDirectory.path).filter { $0.hasSuffix(".json") }
        let stale = Set(onDisk).subtracting(files.map(\.name))
        #expect(stale.isEmpty, "grafana/dashboards holds files the generator does not write: \(stale.sorted()); delete them and run `\(Fixture.regenerate)`")
    }

    @Test func generationIsDeterministic() throws {
        let rules = try Fixture.rules()
        let first = try DashboardSet.files(rules: rules)
        let second = try DashboardSet.files(rules: rules)
        #expect(first.map(\.name) == second.map(\.name))
        #expect(first.map(\.contents) == second.map(\.contents))
    }

    @Test func everyFileIsOneDocumentEndingInANewline() throws {
        for file in try DashboardSet.files(rules: Fixture.rules()) {
            #expect(file.contents.hasPrefix("{\n"), "\(file.name)")
            #expect(file.contents.hasSuffix("}\n") && !file.contents.hasSuffix("\n\n"), "\(file.name)")
        }
    }

    @Test func theRenderedTextParsesBackToTheSameValue() throws {
        let dashboards = try Fixture.dashboards()
        let parsed = try Fixture.parsedDashboards()
        #expect(parsed.count == dashboards.count)
        for (dashboard, reread) in zip(dashboards, parsed) {
            #expect(dashboard.json == reread.json, "\(dashboard.fileName)")
        }
    }

    @Test func renderingIsFixed() {
        let value: JSON = ["b": [1, 0.99, 1e-9, -2, true, nil], "a": "x/\"y\"\n≥ 95 %", "c": [:], "d": []]
        #expect(
            value.rendered() == """
                {
                  "a": "x/\\"y\\"\\n≥ 95 %",
                  "b": [
                    1,
                    0.99,
                    1e-09,
                    -2,
                    true,
                    null
                  ],
                  "c": {},
                  "d": []
                }

                """
        )
    }

    /// "line N: `…`" for the first line where the two texts differ.
    private func firstDifference(_ committed: String, _ generated: String) -> String {
        let old = committed.components(separatedBy: "\n"), new = generated.components(separatedBy: "\n")
        for index in 0..<max(old.count, new.count) where index >= old.count || index >= new.count || old[index] != new[index] {
            let was = index < old.count ? old[index].trimmingCharacters(in: .whitespaces) : "end of file"
            let now = index < new.count ? new[index].trimmingCharacters(in: .whitespaces) : "end of file"
            return "first at line \(index + 1): committed `\(was)`, generated `\(now)`"
        }
        return "identical lines"
    }
}
