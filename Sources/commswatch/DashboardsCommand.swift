import ArgumentParser
import Dashboards
import Foundation
import Ingest
import Rules

/// `commswatch dashboards`: writes the Grafana dashboards (grafana/dashboards/*.json) from the metric
/// catalog and the alert rules, or with `--check` reports which committed files are out of date.
struct DashboardsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboards",
        abstract: "Generate the Grafana dashboards from the metric catalog and the alert rules.",
        discussion: """
            Writes chat-health.json, disputes-sla.json, notifications.json, notification-pipeline.json, \
            product-analytics.json and commswatch.json (classic dashboard model, schemaVersion 39). \
            Metric names come from the catalog the service registers; threshold lines are read out of \
            the alert rules' expressions. Fails, writing nothing, when a dashboard names a metric, label \
            or alert that no longer exists. See docs/DASHBOARDS.md.
            """
    )

    @Option(help: "Directory to write the dashboards into (created if missing).")
    var out: String = "grafana/dashboards"

    @Option(help: "Prefix in front of every catalog metric name, as `serve --metric-prefix` exposes them (default: none).")
    var metricPrefix: String = ""

    @Option(help: "The alert rule file whose thresholds the dashboards draw.")
    var rules: String = "prometheus/alerts.yml"

    @Flag(help: "Write nothing; exit 1 when a file in --out differs from what would be written.")
    var check = false

    func run() throws {
        let ruleFile: RuleFile
        do {
            ruleFile = try RuleFile.load(path: rules)
        } catch {
            throw ValidationError("cannot read the alert rules: \(error)")
        }
        let files: [(name: String, contents: String)]
        do {
            files = try DashboardSet.files(catalog: .standard, rules: ruleFile, metricPrefix: metricPrefix)
        } catch {
            throw ValidationError("cannot generate the dashboards: \(error)")
        }
        let directory = URL(fileURLWithPath: out, isDirectory: true)
        if check {
            var stale: [String] = []
            for file in files {
                let existing = try? String(contentsOf: directory.appendingPathComponent(file.name), encoding: .utf8)
                if existing != file.contents { stale.append(file.name) }
            }
            guard stale.isEmpty else {
                FileHandle.standardError.write(
                    Data("out of date in \(out): \(stale.joined(separator: ", ")); run `commswatch dashboards --out \(out)`\n".utf8)
                )
                throw ExitCode.failure
            }
            print("\(files.count) dashboards in \(out) are up to date")
            return
        }
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        for file in files {
            try Data(file.contents.utf8).write(to: directory.appendingPathComponent(file.name), options: .atomic)
        }
        print("wrote \(files.count) dashboards to \(out): \(files.map(\.name).joined(separator: ", "))")
    }
}
