import Foundation
import PromQLTestScript
import PrometheusModel
import TestSupport
import Testing

/// Every shipped script must read cleanly and agree eval-for-eval with MANIFEST.tsv, which is
/// what lets a runner use the manifest as its skip list.
struct ConformanceFilesTests {
    static let folder = "conformance/promql"

    static var scriptNames: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: SharedData.url(folder).path)) ?? []
        return names.filter { $0.hasSuffix(".test") }.sorted()
    }

    static func manifest() throws -> [ManifestEntry] {
        try ManifestEntry.parseManifest(SharedData.text("\(folder)/MANIFEST.tsv"))
    }

    static func isEmpty(_ expected: ExpectedResult) -> Bool {
        switch expected {
        case .vector(let samples): samples.isEmpty
        case .matrix(let series): series.isEmpty
        case .scalar, .string: false
        }
    }

    @Test func theSharedFolderHoldsTheScripts() {
        #expect(Self.scriptNames.count == 10)
    }

    @Test(arguments: scriptNames)
    func scriptParsesAndMatchesManifest(name: String) throws {
        let manifest = try Self.manifest()
        let script = try TestScript.parse(SharedData.text("\(Self.folder)/\(name)"), file: name, manifest: manifest)
        let rows = manifest.filter { $0.file == name }
        let evals = script.evals
        #expect(evals.count == rows.count)
        for (eval, row) in zip(evals, rows) {
            #expect(eval.line == row.line)
            #expect(eval.query == row.expr, "line \(eval.line)")
            #expect(eval.manifest == row)
            let mode: ManifestEntry.Mode = if case .instant = eval.mode { .instant } else { .range }
            #expect(mode == row.mode, "line \(eval.line)")
            if row.notes.contains("expects-error") { #expect(eval.expectations.failure != nil, "line \(eval.line)") }
            if row.notes.contains("ordered") { #expect(eval.expectations.ordered, "line \(eval.line)") }
            if row.notes.contains("expects-empty-result") { #expect(Self.isEmpty(eval.expected), "line \(eval.line)") }
        }
    }

    @Test func manifestCountsMatchTheIssue() throws {
        let manifest = try Self.manifest()
        #expect(manifest.count == 977)
        #expect(manifest.filter { $0.status == .core }.count == 388)
        #expect(Set(manifest.map(\.file)) == Set(Self.scriptNames))
    }

    @Test func nativeHistogramSeriesAreMarked() throws {
        let script = try TestScript.parse(SharedData.text("\(Self.folder)/functions.test"), file: "functions.test")
        guard case .load(let load) = script.commands.first else {
            Issue.record("functions.test should start with a load")
            return
        }
        let foo = try #require(load.series.first { $0.labels["path"] == "/foo" && $0.labels.metricName == "http_requests_histogram" })
        #expect(foo.hasNativeHistograms)
        #expect(foo.samples.count == 10)
        #expect(load.series.contains { !$0.hasNativeHistograms })
    }

    @Test func aggregatorsKeepsTheLaterDefinitionOfARepeatedSeries() throws {
        let script = try TestScript.parse(SharedData.text("\(Self.folder)/aggregators.test"), file: "aggregators.test")
        let definitions = script.commands.compactMap { command -> LoadedSeries? in
            guard case .load(let load) = command else { return nil }
            return load.series.first { $0.labels["test"] == "inf3" && $0.labels["point"] == "d" }
        }
        let series = try #require(definitions.first)
        #expect(series.samples == [.float(-.infinity)])
    }
}
