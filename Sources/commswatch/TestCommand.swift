import ArgumentParser
import Foundation
import PromQLConformance
import PromQLTestScript

/// `commswatch test …`: runs test files the way Prometheus's own tools do.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run PromQL test scripts against commswatch's engine.",
        subcommands: [TestPromQL.self]
    )
}

struct TestPromQL: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "promql",
        abstract: "Run Prometheus PromQL test scripts (load / eval / clear) against the in-process engine.",
        discussion: """
            Each eval is run and compared as Prometheus's promqltest does. A MANIFEST.tsv next to the \
            scripts (as in Prometheus's conformance folder) tells which evals need features the engine \
            does not have; those are skipped and counted. Failures print their difference. The last \
            line is `N passed, M failed, K skipped`; the exit code is 1 when anything failed.
            """
    )

    @Argument(help: "Test scripts (*.test).")
    var files: [String]

    @Flag(help: "Also list every skipped eval with its reason.")
    var verbose = false

    func run() throws {
        var passed = 0, failed = 0, skipped = 0
        let runner = ScriptRunner()
        for path in files {
            let url = URL(fileURLWithPath: path)
            let name = url.lastPathComponent
            let text: String
            do {
                text = try String(contentsOf: url, encoding: .utf8)
            } catch {
                throw ValidationError("cannot read \(path): \(error.localizedDescription)")
            }
            let manifestURL = url.deletingLastPathComponent().appendingPathComponent("MANIFEST.tsv")
            let manifest = (try? String(contentsOf: manifestURL, encoding: .utf8)).flatMap { try? ManifestEntry.parseManifest($0) } ?? []
            let script: TestScript
            do {
                script = try TestScript.parse(text, file: name, manifest: manifest)
            } catch {
                print("\(path): \(error)")
                failed += 1
                continue
            }
            for report in runner.run(script) {
                switch report.outcome {
                case .passed:
                    passed += 1
                case .failed(let difference):
                    failed += 1
                    print("FAIL \(name):\(report.eval.line) \(report.eval.query)\n\(difference)\n")
                case .skipped(let reason):
                    skipped += 1
                    if verbose { print("skip \(name):\(report.eval.line) \(report.eval.query): \(reason)") }
                }
            }
        }
        print("\(passed) passed, \(failed) failed, \(skipped) skipped")
        if failed > 0 { throw ExitCode.failure }
    }
}
