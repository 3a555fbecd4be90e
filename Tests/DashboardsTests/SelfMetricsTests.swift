import Dashboards
import Foundation
import Testing

/// The self-metrics the dashboards may name are registered by the service: each name, and each of its
/// labels, is a string literal in one Swift file under Sources/ (outside this generator), so renaming
/// one in code without updating `SelfMetricSpec` fails here.
struct SelfMetricsTests {
    static func sourceFiles() throws -> [(path: String, text: String)] {
        let sources = Fixture.root.appendingPathComponent("Sources")
        guard let walker = FileManager.default.enumerator(atPath: sources.path) else { return [] }
        var files: [(String, String)] = []
        while let relative = walker.nextObject() as? String {
            guard relative.hasSuffix(".swift"), !relative.hasPrefix("Dashboards/") else { continue }
            files.append((relative, try String(contentsOf: sources.appendingPathComponent(relative), encoding: .utf8)))
        }
        return files.sorted { $0.0 < $1.0 }
    }

    @Test func everySelfMetricIsRegisteredInSourcesWithItsLabels() throws {
        let files = try Self.sourceFiles()
        #expect(files.count > 100)
        for metric in SelfMetricSpec.service {
            let defining = files.filter { $0.text.contains("\"\(metric.name)\"") }
            guard !defining.isEmpty else {
                Issue.record("\(metric.name) is registered nowhere under Sources/ (renamed? update Sources/Dashboards/SelfMetrics.swift)")
                continue
            }
            for label in metric.labels {
                #expect(
                    defining.contains { $0.text.contains("\"\(label)\"") },
                    "\(metric.name): label \(label) appears in none of \(defining.map(\.path))"
                )
            }
        }
    }

    @Test func selfMetricNamesAreUniqueAndNotInTheCatalog() {
        let names = SelfMetricSpec.all.map(\.name)
        #expect(Set(names).count == names.count)
        for name in names {
            #expect(!name.hasPrefix("chat_") && !name.hasPrefix("dispute_") && !name.hasPrefix("notification_"), "\(name)")
        }
    }
}
