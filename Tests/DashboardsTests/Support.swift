import Dashboards
import Foundation
import Ingest
import PromQL
import Rules
import TestSupport

/// Shared inputs of the dashboard tests: the repository's rule file, the generated dashboards, and
/// readers over their JSON.
enum Fixture {
    static let root = SharedData.repositoryRoot
    static let dashboardsDirectory = root.appendingPathComponent("grafana/dashboards")
    static let regenerate = "swift run commswatch dashboards --out grafana/dashboards"

    static func rules() throws -> RuleFile {
        try RuleFile.load(path: root.appendingPathComponent("prometheus/alerts.yml").path)
    }

    static func dashboards() throws -> [Dashboard] {
        try DashboardSet.generate(rules: rules())
    }

    /// The generated dashboards as a JSON reader would see them: rendered, then parsed back.
    static func parsedDashboards() throws -> [(name: String, json: JSON)] {
        try DashboardSet.files(rules: rules()).map { file in
            (file.name, try JSONDecoder().decode(Parsed.self, from: Data(file.contents.utf8)).value)
        }
    }

    /// Every panel with its dashboard's file name.
    static func panels() throws -> [(file: String, panel: JSON)] {
        try parsedDashboards().flatMap { dashboard in dashboard.json["panels"].array.map { (dashboard.name, $0) } }
    }

    /// The labels a series may be selected or grouped by: its metric's (from the catalog or
    /// `SelfMetricSpec.all`), `le` on a histogram's buckets, and the target labels Prometheus adds.
    /// Nil when any label may occur (`ALERTS`).
    static func knownLabels(of series: String) -> Set<String>? {
        let base = baseName(series)
        let extra = ["job", "instance"] + (series != base && series.hasSuffix("_bucket") ? ["le"] : [])
        if let metric = Catalog.standard.metric(named: base) { return Set(metric.labels + extra) }
        if let metric = SelfMetricSpec.all.first(where: { $0.name == base }) {
            return metric.anyLabels ? nil : Set(metric.labels + extra)
        }
        return Set(extra)
    }

    static func isKnown(_ series: String) -> Bool {
        let base = baseName(series)
        return Catalog.standard.metric(named: base) != nil || SelfMetricSpec.all.contains { $0.name == base }
    }

    /// A histogram's series name without `_bucket`, `_sum` or `_count`; other names as they are.
    static func baseName(_ series: String) -> String {
        for suffix in ["_bucket", "_sum", "_count"] where series.hasSuffix(suffix) {
            let base = String(series.dropLast(suffix.count))
            if case .histogram = Catalog.standard.metric(named: base)?.kind { return base }
            if SelfMetricSpec.all.first(where: { $0.name == base })?.kind == .histogram { return base }
        }
        return series
    }

    /// Grafana's built-in interval variables, as the stack test substitutes them.
    static func substitutingBuiltIns(_ expr: String) -> String {
        expr.replacingOccurrences(of: "$__rate_interval", with: "1m").replacingOccurrences(of: "$__interval", with: "15s")
            .replacingOccurrences(of: "$__range", with: "1h")
    }

    /// Columns of the `daily_stats` view: the names of its final select list.
    static func dailyStatsColumns() throws -> Set<String> {
        let sql = try String(
            contentsOf: root.appendingPathComponent("Sources/PostgresStore/Migrations/0002_daily_stats.sql"), encoding: .utf8
        )
        guard let select = sql.range(of: "\nSELECT ", options: .backwards),
            let from = sql.range(of: "\nFROM counts", options: .backwards)
        else { return [] }
        let items = sql[select.upperBound..<from.lowerBound].components(separatedBy: ",\n")
        return Set(
            items.map { item in
                let trimmed = item.trimmingCharacters(in: .whitespacesAndNewlines)
                return trimmed.components(separatedBy: " AS ").last!.trimmingCharacters(in: .whitespaces)
            }
        )
    }
}

/// Decodes any JSON document into `JSON`, keeping booleans and numbers apart.
struct Parsed: Decodable {
    let value: JSON

    init(from decoder: any Decoder) throws {
        if var array = try? decoder.unkeyedContainer() {
            var items: [JSON] = []
            while !array.isAtEnd { items.append(try array.decode(Parsed.self).value) }
            value = .array(items)
            return
        }
        if let object = try? decoder.container(keyedBy: Key.self) {
            var members: [String: JSON] = [:]
            for key in object.allKeys { members[key.stringValue] = try object.decode(Parsed.self, forKey: key).value }
            value = .object(members)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() {
            value = .null
        } else if let bool = try? single.decode(Bool.self) {
            value = .bool(bool)
        } else if let number = try? single.decode(Double.self) {
            value = .number(number)
        } else {
            value = .string(try single.decode(String.self))
        }
    }

    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }
}

extension JSON {
    subscript(key: String) -> JSON {
        if case .object(let members) = self { return members[key] ?? .null }
        return .null
    }

    var array: [JSON] {
        if case .array(let items) = self { return items }
        return []
    }

    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    var number: Double? {
        if case .number(let value) = self { return value }
        return nil
    }

    var isNull: Bool { self == .null }
}
