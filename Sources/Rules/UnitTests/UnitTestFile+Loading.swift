internal import Foundation
internal import PromQLTestScript
import PrometheusModel
internal import Yams

extension UnitTestFile {
    /// Reads the unit-test file at `path`; rule files are resolved against its folder.
    public static func load(path: String) throws(UnitTestError) -> UnitTestFile {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw UnitTestError(file: path, line: 0, message: "cannot read file: \(error.localizedDescription)")
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        return try parse(text, file: path) { folder.appendingPathComponent($0).standardizedFileURL.path }
    }

    /// Reads unit-test YAML; `resolve` turns each `rule_files` entry into a path.
    public static func parse(_ text: String, file: String, resolve: (String) -> String) throws(UnitTestError) -> UnitTestFile {
        let reader = UnitTestReader(file: file)
        let root: Node
        do {
            guard let node = try Yams.compose(yaml: text) else { throw reader.error("empty unit-test file", at: nil) }
            root = node
        } catch let error as UnitTestError {
            throw error
        } catch {
            throw UnitTestError(file: file, line: 0, message: "yaml: \(error)")
        }
        do {
            return try reader.file(root, resolve: resolve)
        } catch let error as UnitTestError {
            throw error
        } catch {
            throw UnitTestError(file: file, line: 0, message: "\(error)")
        }
    }
}

/// Turns the YAML tree into values, naming the line of anything it cannot read.
private struct UnitTestReader {
    let file: String

    func error(_ message: String, at node: Node?) -> UnitTestError {
        UnitTestError(file: file, line: node?.mark?.line ?? 0, message: message)
    }

    func file(_ root: Node, resolve: (String) -> String) throws -> UnitTestFile {
        let interval = try duration(root["evaluation_interval"]) ?? 60_000
        let ruleFiles = try strings(root["rule_files"]).map(resolve)
        let order = try strings(root["group_eval_order"])
        let tests = try (root["tests"]?.sequence.map(Array.init) ?? []).map { try group($0, defaultInterval: interval) }
        return UnitTestFile(ruleFiles: ruleFiles, evaluationInterval: interval, groupEvalOrder: order, tests: tests)
    }

    private func group(_ node: Node, defaultInterval: Int64) throws -> UnitTestGroup {
        let interval = try duration(node["interval"]) ?? defaultInterval
        let series = try items(node["input_series"]).map(inputSeries)
        let alerts = try items(node["alert_rule_test"]).map(alertTest)
        let exprs = try items(node["promql_expr_test"]).map(exprTest)
        return UnitTestGroup(
            name: node["name"]?.string ?? "", interval: interval, inputSeries: series, alertTests: alerts, exprTests: exprs,
            externalLabels: try labelMap(node["external_labels"]), externalURL: node["external_url"]?.string ?? "")
    }

    private func inputSeries(_ node: Node) throws -> InputSeries {
        let labels = try seriesLabels(node["series"], field: "series")
        let valuesNode = node["values"]
        do {
            let values = try ExpandingNotation.expand(valuesNode?.string ?? "").map { slot -> Double? in
                switch slot {
                case nil: return nil
                case .float(let value): return value
                case .stale: return SampleValue.staleNaN
                case .nativeHistogram: throw NotationError("native histograms are not supported")
                }
            }
            return InputSeries(labels: labels, values: values)
        } catch {
            throw self.error("bad values \"\(valuesNode?.string ?? "")\": \(error)", at: valuesNode ?? node)
        }
    }

    private func alertTest(_ node: Node) throws -> AlertTestCase {
        guard let name = node["alertname"]?.string, !name.isEmpty else { throw error("alert_rule_test needs an alertname", at: node) }
        let expected = try items(node["exp_alerts"]).map { item in
            UnitTestAlert(
                labels: try labelMap(item["exp_labels"]).setting("alertname", to: name),
                annotations: try labelMap(item["exp_annotations"]))
        }
        return AlertTestCase(evalTime: try duration(node["eval_time"]) ?? 0, alertname: name, expected: expected)
    }

    private func exprTest(_ node: Node) throws -> ExprTestCase {
        let samples = try items(node["exp_samples"]).map { item in
            let valueNode = item["value"]
            guard let text = valueNode?.string, let value = Double(text) else {
                throw error("exp_samples value is not a number", at: valueNode ?? item)
            }
            return UnitTestSample(labels: try seriesLabels(item["labels"], field: "labels"), value: value)
        }
        return ExprTestCase(expr: node["expr"]?.string ?? "", evalTime: try duration(node["eval_time"]) ?? 0, expected: samples)
    }

    /// A series in PromQL notation, `name{label="value"}` or `{__name__="name"}`.
    private func seriesLabels(_ node: Node?, field: String) throws -> Labels {
        let text = node?.string ?? ""
        do {
            let (labels, rest) = try SeriesNotation.parse(text)
            guard rest.allSatisfy(\.isWhitespace) else { throw NotationError("unexpected \"\(rest)\" after the series") }
            return labels
        } catch {
            throw self.error("bad \(field) \"\(text)\": \(error)", at: node)
        }
    }

    private func items(_ node: Node?) throws -> [Node] {
        guard let node, !isNull(node) else { return [] }
        guard let sequence = node.sequence else { throw error("expected a list", at: node) }
        return Array(sequence)
    }

    private func strings(_ node: Node?) throws -> [String] {
        try items(node).map { item in
            guard let text = item.string else { throw error("expected a string", at: item) }
            return text
        }
    }

    private func labelMap(_ node: Node?) throws -> Labels {
        guard let node, !isNull(node) else { return Labels() }
        guard let mapping = node.mapping else { throw error("expected a mapping of label names to values", at: node) }
        return Labels(mapping.map { ($0.key.string ?? "", $0.value.string ?? "") })
    }

    private func isNull(_ node: Node) -> Bool {
        guard case .scalar = node else { return false }
        return node.tag.rawValue == Tag.Name.null.rawValue
    }

    private func duration(_ node: Node?) throws -> Int64? {
        guard let node else { return nil }
        guard let text = node.string, let milliseconds = PrometheusDuration.milliseconds(text) else {
            throw error("not a valid duration string: \"\(node.string ?? "")\"", at: node)
        }
        return milliseconds
    }
}
