import Dashboards
import Foundation
import Ingest
import PromQL
import Testing

/// What every generated dashboard must hold, read from the JSON as Grafana would read it.
struct DashboardContentTests {
    /// File name → uid: the uids are part of the dashboards' URLs, so they never change.
    static let stableUIDs = [
        "chat-health.json": "commswatch-chat-health",
        "disputes-sla.json": "commswatch-disputes-sla",
        "notifications.json": "commswatch-notifications",
        "notification-pipeline.json": "commswatch-notification-pipeline",
        "product-analytics.json": "commswatch-product-analytics",
        "commswatch.json": "commswatch-self",
    ]

    @Test func dashboardsHaveStableUniqueUIDsAndSchemaVersion39() throws {
        let dashboards = try Fixture.parsedDashboards()
        #expect(Dictionary(uniqueKeysWithValues: dashboards.map { ($0.name, $0.json["uid"].string ?? "") }) == Self.stableUIDs)
        #expect(Set(dashboards.map { $0.json["uid"].string }).count == dashboards.count)
        for (name, json) in dashboards {
            #expect(json["schemaVersion"] == .number(39), "\(name)")
            #expect(json["id"].isNull, "\(name): provisioned dashboards carry no database id")
            #expect(!(json["title"].string ?? "").isEmpty, "\(name)")
            #expect(json["tags"].array.contains(.string(DashboardSet.tag)), "\(name)")
            #expect((json["uid"].string ?? "").count <= 40, "\(name): Grafana limits uids to 40 characters")
        }
    }

    @Test func noTemplateVariables() throws {
        for (name, json) in try Fixture.parsedDashboards() {
            #expect(json["templating"]["list"].array.isEmpty, "\(name)")
        }
    }

    @Test func everyPanelHasATitleAUnitADescriptionAndItsOwnPlace() throws {
        for (name, json) in try Fixture.parsedDashboards() {
            let panels = json["panels"].array
            #expect(!panels.isEmpty, "\(name)")
            #expect(Set(panels.map { $0["id"].number }).count == panels.count, "\(name): panel ids repeat")
            var cells: Set<[Int]> = []
            for panel in panels {
                let title = panel["title"].string ?? ""
                #expect(!title.isEmpty, "\(name): a panel has no title")
                #expect(!(panel["description"].string ?? "").isEmpty, "\(name): \(title) has no description")
                #expect(!(panel["fieldConfig"]["defaults"]["unit"].string ?? "").isEmpty, "\(name): \(title) has no unit")
                #expect(!panel["targets"].array.isEmpty, "\(name): \(title) has no query")
                let grid = panel["gridPos"]
                let x = Int(grid["x"].number ?? -1), y = Int(grid["y"].number ?? -1)
                let w = Int(grid["w"].number ?? 0), h = Int(grid["h"].number ?? 0)
                #expect(x >= 0 && y >= 0 && w > 0 && h > 0 && x + w <= 24, "\(name): \(title) is off the grid")
                for column in x..<max(x, x + w) {
                    for row in y..<max(y, y + h) {
                        #expect(cells.insert([column, row]).inserted, "\(name): \(title) overlaps another panel")
                    }
                }
                let refIDs = panel["targets"].array.map { $0["refId"].string ?? "" }
                #expect(Set(refIDs).count == refIDs.count && !refIDs.contains(""), "\(name): \(title) repeats a refId")
            }
        }
    }

    @Test func everyDatasourceIsTheProvisionedPrometheusOrPostgreSQL() throws {
        let allowed: Set<String> = ["prometheus", "commswatch-postgres"]
        for (file, panel) in try Fixture.panels() {
            let title = panel["title"].string ?? ""
            let uid = panel["datasource"]["uid"].string ?? ""
            #expect(allowed.contains(uid), "\(file): \(title) uses data source \(uid)")
            for target in panel["targets"].array {
                #expect(target["datasource"]["uid"].string == uid, "\(file): \(title) mixes data sources")
                if uid == "prometheus" {
                    #expect(target["expr"].string != nil && target["rawSql"].isNull, "\(file): \(title)")
                } else {
                    #expect(target["rawSql"].string != nil && target["expr"].isNull, "\(file): \(title)")
                }
            }
        }
    }

    /// Every Prometheus query, with the dashboard and panel it is in.
    static func prometheusQueries() throws -> [(where: String, expr: String)] {
        try Fixture.panels().flatMap { file, panel in
            panel["targets"].array.compactMap { target in
                target["expr"].string.map { ("\(file): \(panel["title"].string ?? "") \(target["refId"].string ?? "")", $0) }
            }
        }
    }

    @Test func everyPrometheusQueryParsesWithOnlyGrafanasBuiltInVariables() throws {
        let queries = try Self.prometheusQueries()
        #expect(queries.count > 50)
        for (place, expr) in queries {
            let substituted = Fixture.substitutingBuiltIns(expr)
            #expect(!substituted.contains("$"), "\(place): a template variable other than the built-ins in `\(expr)`")
            do {
                let parsed = try Parser.parse(substituted)
                #expect(parsed.type == .vector || parsed.type == .scalar, "\(place): `\(expr)` is a \(parsed.type.documentedName)")
            } catch {
                Issue.record("\(place): `\(expr)` does not parse: \(error)")
            }
        }
    }

    /// A filtering comparison (`x > 0`) or an offset can leave a panel legitimately empty while every
    /// metric has samples, which the stack test cannot tell from a broken query.
    @Test func noQueryFiltersByValueOrLooksIntoThePast() throws {
        for (place, expr) in try Self.prometheusQueries() {
            guard let parsed = try? Parser.parse(Fixture.substitutingBuiltIns(expr)) else { continue }
            PromQLWalk.visit(parsed) { node in
                switch node {
                case .binary(let binary) where binary.op.isComparison && !binary.returnBool:
                    Issue.record("\(place): `\(expr)` filters with \(binary.op.rawValue)")
                case .vectorSelector(let selector) where selector.offset != 0 || selector.at != nil:
                    Issue.record("\(place): `\(expr)` uses offset or @")
                case .subquery:
                    Issue.record("\(place): `\(expr)` uses a subquery")
                default: break
                }
            }
        }
    }

    @Test func everyMetricAndLabelAQueryNamesExists() throws {
        for (place, expr) in try Self.prometheusQueries() {
            guard let parsed = try? Parser.parse(Fixture.substitutingBuiltIns(expr)) else { continue }
            for selector in PromQLWalk.selectors(in: parsed) {
                guard let name = selector.name else {
                    Issue.record("\(place): a selector without a metric name in `\(expr)`")
                    continue
                }
                #expect(Fixture.isKnown(name), "\(place): \(name) is neither in the catalog nor a self-metric")
                guard let labels = Fixture.knownLabels(of: name) else { continue }
                for matcher in selector.matchers where matcher.name != "__name__" {
                    #expect(labels.contains(matcher.name), "\(place): \(name) has no label \(matcher.name)")
                }
            }
            PromQLWalk.visit(parsed) { node in
                guard case .aggregate(let aggregate) = node, !aggregate.without else { return }
                let names = PromQLWalk.selectorNames(in: aggregate.expr)
                let labelSets = names.map(Fixture.knownLabels(of:))
                if labelSets.contains(where: { $0 == nil }) { return }
                let available = labelSets.compactMap { $0 }.reduce(into: Set<String>()) { $0.formUnion($1) }
                for label in aggregate.grouping {
                    #expect(available.contains(label), "\(place): grouping by \(label), which none of \(names) has")
                }
            }
        }
    }

    @Test func everyCatalogMetricIsOnSomeDashboard() throws {
        let used = Set(
            try Self.prometheusQueries().flatMap { _, expr in
                (try? Parser.parse(Fixture.substitutingBuiltIns(expr))).map { PromQLWalk.selectorNames(in: $0).map(Fixture.baseName) } ?? []
            }
        )
        let missing = Catalog.standard.metrics.map(\.name).filter { !used.contains($0) }
        let unused = ["chat_threads_created_total", "chat_threads_archived_total", "contracts_started_total", "contracts_closed_total"]
        // Thread and contract counters feed the product analytics, which read them from PostgreSQL.
        #expect(Set(missing) == Set(unused), "catalog metrics on no dashboard: \(missing)")
    }

    @Test func everyPostgreSQLQueryReadsOnlyDailyStatsColumns() throws {
        let columns = try Fixture.dailyStatsColumns()
        #expect(columns.contains("contract_chat_share") && columns.contains("nps_responses") && columns.count == 18)
        let keywords: Set<String> = ["SELECT", "AS", "FROM", "WHERE", "ORDER", "BY", "AND", "SUM", "NULLIF"]
        var queries = 0
        for (file, panel) in try Fixture.panels() {
            for target in panel["targets"].array {
                guard let sql = target["rawSql"].string else { continue }
                queries += 1
                let place = "\(file): \(panel["title"].string ?? "")"
                #expect(sql.contains("FROM daily_stats WHERE $__timeFilter(day)"), "\(place): `\(sql)`")
                let format = target["format"].string
                #expect(format == "time_series" || format == "table", "\(place)")
                if format == "time_series" { #expect(sql.hasPrefix("SELECT day AS time, "), "\(place): `\(sql)`") }
                let words = sql.replacingOccurrences(of: "$__timeFilter", with: " ").split { !($0.isLetter || $0.isNumber || $0 == "_") }
                var afterAs = false
                for word in words.map(String.init) {
                    defer { afterAs = word.uppercased() == "AS" }
                    if afterAs || keywords.contains(word.uppercased()) || word == "daily_stats" || word.first!.isNumber { continue }
                    #expect(columns.contains(word), "\(place): daily_stats has no column \(word)")
                }
            }
        }
        #expect(queries > 10)
    }

    @Test func theMetricPrefixGoesOnCatalogMetricsOnly() throws {
        let dashboards = try DashboardSet.generate(rules: Fixture.rules(), metricPrefix: "plannivo_")
        let exprs = dashboards.flatMap(\.panels).flatMap(\.queries).compactMap { query -> String? in
            if case .promQL(let expr) = query.text { expr } else { nil }
        }
        var catalogSeen = 0
        for expr in exprs {
            let parsed = try Parser.parse(Fixture.substitutingBuiltIns(expr))
            for name in PromQLWalk.selectorNames(in: parsed) {
                if name.hasPrefix("plannivo_") {
                    catalogSeen += 1
                    #expect(Catalog.standard.metric(named: Fixture.baseName(String(name.dropFirst("plannivo_".count)))) != nil, "\(name)")
                } else {
                    #expect(SelfMetricSpec.all.contains { $0.name == Fixture.baseName(name) }, "\(name) is not prefixed")
                }
            }
        }
        #expect(catalogSeen > 40)
        #expect(throws: DashboardError.invalidPrefix("9x")) { try DashboardSet.generate(rules: Fixture.rules(), metricPrefix: "9x") }
    }

    @Test func aMetricMissingFromTheCatalogStopsGeneration() throws {
        var catalog = Catalog.standard
        catalog.metrics.removeAll { $0.name == "notification_queue_depth" }
        #expect(throws: DashboardError.unknownMetric("notification_queue_depth")) {
            try DashboardSet.generate(catalog: catalog, rules: Fixture.rules())
        }
        var relabelled = Catalog.standard
        let index = relabelled.metrics.firstIndex { $0.name == "chat_ws_delivery_latency_ms" }!
        relabelled.metrics[index].labels = ["zone", "channel"]
        #expect(throws: DashboardError.unknownLabel(metric: "chat_ws_delivery_latency_ms", label: "region")) {
            try DashboardSet.generate(catalog: relabelled, rules: Fixture.rules())
        }
    }
}
