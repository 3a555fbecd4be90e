import Foundation
import PromQLConformance
import PromQLTestScript
import TestSupport
import Testing

/// Runs every shipped PromQL test script through the engine; each eval is one named test case.
/// Every eval the runner runs must pass; skipped ones are outside the engine's scope per
/// MANIFEST.tsv (the reason is printed) or listed in `KnownFailure.all`.
struct ConformanceTests {
    static let folder = "conformance/promql"

    static let scriptNames: [String] = {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: SharedData.url(folder).path)) ?? []
        return names.filter { $0.hasSuffix(".test") }.sorted()
    }()

    /// Every script replayed once, by file name.
    static let reports: [String: [ScriptRunner.EvalReport]] = {
        guard let manifestText = try? SharedData.text("\(folder)/MANIFEST.tsv"),
            let manifest = try? ManifestEntry.parseManifest(manifestText)
        else { return [:] }
        var reports: [String: [ScriptRunner.EvalReport]] = [:]
        for name in scriptNames {
            guard let text = try? SharedData.text("\(folder)/\(name)"),
                let script = try? TestScript.parse(text, file: name, manifest: manifest)
            else { continue }
            reports[name] = ScriptRunner().run(script)
        }
        return reports
    }()

    /// `file:line` of every eval, the arguments of the per-eval test.
    static let evalIDs: [String] = scriptNames.flatMap { name in (reports[name] ?? []).map { "\(name):\($0.eval.line)" } }

    @Test func allScriptsAreReadAndReplayed() {
        #expect(Self.scriptNames.count == 10)
        #expect(Self.reports.count == 10)
        #expect(Self.evalIDs.count == 977)
    }

    @Test(arguments: evalIDs)
    func eval(_ id: String) throws {
        let parts = id.split(separator: ":")
        let report = try #require(Self.reports[String(parts[0])]?.first { $0.eval.line == Int(parts[1]) })
        if case .failed(let difference) = report.outcome {
            Issue.record("\(id) \(report.eval.query)\n\(difference)")
        }
    }

    @Test(arguments: scriptNames)
    func summary(name: String) throws {
        let reports = try #require(Self.reports[name])
        var (passed, failed, skipped) = (0, 0, 0)
        var skipReasons: [String: Int] = [:]
        for report in reports {
            switch report.outcome {
            case .passed: passed += 1
            case .failed: failed += 1
            case .skipped(let reason):
                skipped += 1
                skipReasons[reason.hasPrefix("function not implemented") ? "function not implemented" : reason, default: 0] += 1
            }
        }
        let reasons = skipReasons.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)" }.joined(separator: "; ")
        print("\(name): \(passed) passed, \(failed) failed, \(skipped) skipped (\(reasons))")
        #expect(failed == 0)
    }

    @Test func everyCoreEvalRunsUnlessListedAsKnownFailure() throws {
        for (name, reports) in Self.reports {
            for report in reports where report.eval.status == .core {
                if case .skipped(let reason) = report.outcome {
                    #expect(reason.hasPrefix("known failure"), "\(name):\(report.eval.line) skipped: \(reason)")
                }
            }
        }
    }

    @Test func knownFailuresNameExistingEvals() {
        for known in KnownFailure.all {
            #expect(Self.evalIDs.contains("\(known.file):\(known.line)"), "\(known.file):\(known.line)")
        }
    }

    /// docs/promql-skips.tsv lists every eval not run and why; regenerate it with
    /// `swift run commswatch test promql --skip-list ../shared/conformance/promql/*.test > docs/promql-skips.tsv`.
    @Test func skipListInTheRepositoryIsExactlyWhatTheRunnerSkips() throws {
        let file = SharedData.repositoryRoot.appendingPathComponent("docs/promql-skips.tsv")
        let listed = try String(contentsOf: file, encoding: .utf8).split(separator: "\n").dropFirst().map(String.init)
        var skipped: [String] = []
        for name in Self.scriptNames {
            for report in Self.reports[name] ?? [] {
                if case .skipped(let reason) = report.outcome { skipped.append("\(name)\t\(report.eval.line)\t\(reason)") }
            }
        }
        #expect(skipped.count == 324)
        #expect(listed == skipped)
    }
}
