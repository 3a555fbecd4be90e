import Dashboards
import Foundation
import Ingest
import PromQL
import Rules
import Testing

/// Threshold lines are read out of prometheus/alerts.yml when the dashboards are generated (no
/// alert number is written in the generator). These tests check that every alert's numbers are drawn
/// where its metrics are shown, and that a changed alert changes the dashboards.
struct ThresholdTests {
    /// Base names of the series a query or comparison reads.
    static func metricSet(_ names: [String]) -> Set<String> { Set(names.map(Fixture.baseName)) }

    /// Threshold values and style in effect for one query's series: its override's, else the defaults.
    static func effectiveThresholds(of refID: String, in panel: JSON) -> (values: [Double], style: String?) {
        let defaults = panel["fieldConfig"]["defaults"]
        var steps = defaults["thresholds"]["steps"]
        var style = defaults["custom"]["thresholdsStyle"]["mode"].string
        for override in panel["fieldConfig"]["overrides"].array where override["matcher"]["options"].string == refID {
            for property in override["properties"].array {
                if property["id"] == "thresholds" { steps = property["value"]["steps"] }
                if property["id"] == "custom.thresholdsStyle" { style = property["value"]["mode"].string }
            }
        }
        return (steps.array.compactMap { $0["value"].number }, style)
    }

    /// Every `metric > N` of every alert (except `ALERTS`, the hysteresis of ChatGatewayWsErrors) is a
    /// threshold line on each time series panel with a query over exactly that metric set (on one of
    /// those queries at least: a p50 beside the alert's p95 may carry a target of its own), and that
    /// on at least one panel.
    @Test func everyAlertThresholdIsDrawnWhereItsMetricsAreShown() throws {
        let alerts = AlertRules(try Fixture.rules())
        let panels = try Fixture.panels().filter { $0.panel["type"] == "timeseries" }
        var checked = 0
        for rule in alerts.rules {
            for comparison in AlertRules.comparisons(in: rule.expression.expr) where !comparison.metrics.contains("ALERTS") {
                checked += 1
                let metrics = Self.metricSet(comparison.metrics)
                var panelsShowing = 0
                for (file, panel) in panels {
                    let showing = panel["targets"].array.filter { target in
                        guard let expr = target["expr"].string, let parsed = try? Parser.parse(Fixture.substitutingBuiltIns(expr)) else {
                            return false
                        }
                        return Self.metricSet(PromQLWalk.selectorNames(in: parsed)) == metrics
                    }
                    guard !showing.isEmpty else { continue }
                    panelsShowing += 1
                    let drawn = showing.contains { target in
                        let effective = Self.effectiveThresholds(of: target["refId"].string ?? "", in: panel)
                        return effective.values.contains(comparison.value) && effective.style == "line"
                    }
                    #expect(drawn, "\(file): \(panel["title"].string ?? "") shows \(metrics.sorted()) without \(rule.name)'s line at \(comparison.value)")
                }
                #expect(panelsShowing > 0, "\(rule.name)'s threshold \(comparison.value) over \(metrics.sorted()) is on no time series panel")
            }
        }
        #expect(checked >= 17)
    }

    /// The reverse: each threshold step a dashboard attributes to an alert is a number in that alert.
    @Test func everyAlertStepIsANumberOfThatAlert() throws {
        let alerts = AlertRules(try Fixture.rules())
        var steps = 0
        for dashboard in try Fixture.dashboards() {
            for panel in dashboard.panels {
                let all = ([panel.thresholds] + panel.overrides.map(\.thresholds)).compactMap { $0?.steps }.flatMap { $0 }
                for step in all where step.fromAlert {
                    steps += 1
                    let name = String(step.source.dropFirst("alert ".count))
                    guard let rule = alerts.rules.first(where: { $0.name == name }) else {
                        Issue.record("\(dashboard.fileName): \(panel.title) names unknown alert \(name)")
                        continue
                    }
                    let values = AlertRules.comparisons(in: rule.expression.expr).map(\.value)
                    #expect(values.contains(step.value), "\(dashboard.fileName): \(panel.title): \(step.value) is not in \(name)")
                }
                for step in all where !step.fromAlert {
                    #expect(Target.all.contains { $0.value == step.value && $0.source == step.source } || step.source.contains("below"))
                }
            }
        }
        #expect(steps > 20)
    }

    @Test func comparisonsAreFoundInEveryShape() throws {
        func comparisons(_ query: String) throws -> [AlertComparison] { AlertRules.comparisons(in: try Parser.parse(query)) }
        #expect(try comparisons("notification_queue_depth > 5000") == [AlertComparison(value: 5000, direction: .above, metrics: ["notification_queue_depth"])])
        #expect(try comparisons("0.99 > a / b") == [AlertComparison(value: 0.99, direction: .below, metrics: ["a", "b"])])
        #expect(try comparisons("sum(a) > 0.1 * sum(b)") == [AlertComparison(value: 0.1, direction: .above, metrics: ["a", "b"])])
        #expect(try comparisons("a > bool 3").isEmpty)
        #expect(try comparisons("a * 60 > 10 or (a * 60 > 2 and on () count(ALERTS) > 0)").map(\.value) == [10, 2, 0])
    }

    @Test func aChangedAlertThresholdChangesTheDashboards() throws {
        let path = Fixture.root.appendingPathComponent("prometheus/alerts.yml").path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.contains("notification_queue_depth > 5000"))
        let edited = try RuleFile.parse(text.replacingOccurrences(of: "notification_queue_depth > 5000", with: "notification_queue_depth > 7500"), file: "edited.yml")
        let before = try DashboardSet.generate(rules: Fixture.rules()).first { $0.fileName == "notifications.json" }!
        let after = try DashboardSet.generate(rules: edited).first { $0.fileName == "notifications.json" }!
        let queue = { (dashboard: Dashboard) in dashboard.panels.first { $0.title == "Queue depth" && $0.kind == .timeSeries }!.thresholds!.steps.map(\.value) }
        #expect(queue(before) == [500, 5000])
        #expect(queue(after) == [500, 7500])
    }

    @Test func aMissingAlertStopsGeneration() throws {
        let text = try String(contentsOfFile: Fixture.root.appendingPathComponent("prometheus/alerts.yml").path, encoding: .utf8)
        let renamed = try RuleFile.parse(text.replacingOccurrences(of: "alert: DisputeOverdueBreach", with: "alert: DisputesLate"), file: "edited.yml")
        #expect(throws: DashboardError.unknownAlert("DisputeOverdueBreach")) { try DashboardSet.generate(rules: renamed) }
        let noNumber = try RuleFile.parse(
            text.replacingOccurrences(of: "expr: sum(dispute_cases_overdue) > 5", with: "expr: sum(dispute_cases_overdue) > sum(dispute_open_cases)"),
            file: "edited.yml"
        )
        #expect(throws: DashboardError.noThreshold(alert: "DisputeOverdueBreach", metric: "dispute_cases_overdue", occurrence: 0)) {
            try DashboardSet.generate(rules: noNumber)
        }
    }
}
