import Foundation

/// The queries of the committed Grafana dashboards, with Grafana's built-in variables given the
/// values the stack test queries with.
struct Dashboards {
    struct PrometheusQuery {
        var `where`: String
        var expr: String
    }

    struct SQLQuery {
        var `where`: String
        var rawSQL: String

        /// The query with `$__timeFilter(column)` expanded to the range; any other macro is an error.
        func sql(from: String, to: String) throws -> String {
            let expanded = rawSQL.replacing(/\$__timeFilter\((\w+)\)/) { match in "\(match.1) BETWEEN \(from) AND \(to)" }
            guard !expanded.contains("$") else { throw DashboardError(description: "\(self.where) uses a macro the test does not know: \(rawSQL)") }
            return expanded
        }
    }

    var file: String
    var prometheusQueries: [PrometheusQuery] = []
    var sqlQueries: [SQLQuery] = []

    static let builtIns = ["$__rate_interval": "1m", "$__interval": "15s", "$__range": "1h"]

    static func load(from directory: URL) throws -> [Dashboards] {
        try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".json") }.sorted().map { file in
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: directory.appendingPathComponent(file)))
            var dashboard = Dashboards(file: file)
            for panel in Self.panels(in: (json as? [String: Any])?["panels"] as? [[String: Any]] ?? []) {
                let title = "\(file) «\(panel["title"] as? String ?? "?")»"
                for target in panel["targets"] as? [[String: Any]] ?? [] {
                    let uid = (target["datasource"] as? [String: Any])?["uid"] as? String
                        ?? (panel["datasource"] as? [String: Any])?["uid"] as? String
                    if uid == "prometheus", var expr = target["expr"] as? String {
                        for (name, value) in builtIns { expr = expr.replacingOccurrences(of: name, with: value) }
                        dashboard.prometheusQueries.append(PrometheusQuery(where: title, expr: expr))
                    } else if let sql = target["rawSql"] as? String {
                        dashboard.sqlQueries.append(SQLQuery(where: title, rawSQL: sql))
                    }
                }
            }
            return dashboard
        }
    }

    /// Panels, with those nested in rows.
    private static func panels(in list: [[String: Any]]) -> [[String: Any]] {
        list.flatMap { [$0] + panels(in: $0["panels"] as? [[String: Any]] ?? []) }
    }
}

struct DashboardError: Error, CustomStringConvertible {
    var description: String
}
