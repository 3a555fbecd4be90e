import ArgumentParser
import Foundation
import PromQLConformance
import PromQLTestScript
import Rules

/// `commswatch test …`: runs test files the way Prometheus's own tools do.
struct TestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Run PromQL test scripts and rule unit tests against commswatch's engine.",
        subcommands: [TestPromQL.self, TestRules.self]
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

    @Flag(help: "Print the skipped evals as a tab-separated list (file, line, reason), the form of docs/promql-skips.tsv; the summary goes to stderr.")
    var skipList = false

    func run() throws {
        var passed = 0, failed = 0, skipped = 0
        let runner = ScriptRunner()
        if skipList { print("file\tline\treason") }
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
                    if skipList { print("\(name)\t\(report.eval.line)\t\(reason)") }
                    if verbose { print("skip \(name):\(report.eval.line) \(report.eval.query): \(reason)") }
                }
            }
        }
        let summary = "\(passed) passed, \(failed) failed, \(skipped) skipped"
        if skipList {
            FileHandle.standardError.write(Data((summary + "\n").utf8))
        } else {
            print(summary)
        }
        if failed > 0 { throw ExitCode.failure }
    }
}

struct TestRules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Run promtool rule unit-test files (promtool test rules) against the in-process rule evaluator.",
        discussion: """
            Each file is run as promtool runs it: input series loaded at `interval` steps, every group \
            evaluated at each `evaluation_interval` from 0 to the last eval time, firing alerts and \
            promql_expr_test results compared with what is expected. Prints `Unit Testing:  FILE` then \
            `  SUCCESS` or `  FAILED:` with each difference; the exit code is 1 when anything failed. \
            Range selectors use Prometheus 3.x left-open windows (a sample exactly at the window's start is \
            left out), while promtool 2.x includes it, so tests whose samples fall on window edges can \
            differ from promtool 2.x. `fuzzy_compare`, `start_timestamp` and the `query` template function \
            are not supported.
            """
    )

    @Argument(help: "Unit-test files (*.yml).")
    var files: [String]

    func run() throws {
        var failed = false
        for path in files {
            print("Unit Testing:  \(path)")
            let failures: [UnitTestFailure]
            do {
                failures = UnitTestRunner.run(try UnitTestFile.load(path: path))
            } catch {
                failures = [.error("\(error)")]
            }
            if failures.isEmpty {
                print("  SUCCESS\n")
            } else {
                failed = true
                print("  FAILED:")
                for failure in failures { print("    \(failure)") }
                print()
            }
        }
        if failed { throw ExitCode.failure }
    }
}
