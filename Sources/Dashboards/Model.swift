/// A Grafana data source as the provisioning in `grafana/provisioning/datasources/` names it.
public enum DataSource: Sendable, Equatable {
    case prometheus
    case postgres

    public static let prometheusUID = "prometheus"
    public static let postgresUID = "commswatch-postgres"

    public var uid: String {
        switch self {
        case .prometheus: Self.prometheusUID
        case .postgres: Self.postgresUID
        }
    }

    var json: JSON {
        switch self {
        case .prometheus: ["type": "prometheus", "uid": .string(uid)]
        case .postgres: ["type": "grafana-postgresql-datasource", "uid": .string(uid)]
        }
    }
}

/// One query of a panel: PromQL for Prometheus, raw SQL for PostgreSQL.
public struct Query: Sendable, Equatable {
    public enum Format: String, Sendable {
        case timeSeries = "time_series", table, heatmap
    }

    public enum Text: Sendable, Equatable {
        case promQL(String)
        case sql(String)
    }

    public var text: Text
    public var legend: String?
    public var format: Format
    /// One value per series at the end of the range (tables, pies, stats) instead of a range.
    public var instant: Bool

    public static func prom(_ expr: String, legend: String? = nil, format: Format = .timeSeries, instant: Bool = false) -> Query {
        Query(text: .promQL(expr), legend: legend, format: format, instant: instant)
    }

    public static func sql(_ rawSQL: String, format: Format = .timeSeries) -> Query {
        Query(text: .sql(rawSQL), legend: nil, format: format, instant: false)
    }

    func json(refID: String, datasource: DataSource) -> JSON {
        switch text {
        case .promQL(let expr):
            var members: [String: JSON] = [
                "datasource": datasource.json, "editorMode": "code", "expr": .string(expr), "format": .string(format.rawValue),
                "instant": .bool(instant), "range": .bool(!instant), "refId": .string(refID),
            ]
            members["legendFormat"] = .string(legend ?? "__auto")
            return .object(members)
        case .sql(let rawSQL):
            return [
                "datasource": datasource.json, "editorMode": "code", "format": .string(format.rawValue), "rawQuery": true,
                "rawSql": .string(rawSQL), "refId": .string(refID),
            ]
        }
    }
}

/// Threshold steps: a base colour, then a colour from each value up. Each step says where its number
/// comes from (an alert in `prometheus/alerts.yml`, or a target of the seeds), for the panel's description.
public struct Thresholds: Sendable, Equatable {
    public struct Step: Sendable, Equatable {
        public var value: Double
        public var color: String
        /// `alert NAME` or a short note on the target's origin.
        public var source: String
        /// Whether `value` was read out of the rule file.
        public var fromAlert: Bool
    }

    public var base: String
    public var steps: [Step]

    public init(base: String, steps: [Step]) {
        self.base = base
        self.steps = steps.sorted { $0.value < $1.value }
    }

    /// Lines where alerts fire, and optional targets of the seeds, all "higher is worse":
    /// green below the lowest, then orange for all but the highest, red from the highest up.
    public static func above(_ alerts: [AlertThreshold], targets: [Target] = []) -> Thresholds {
        precondition(alerts.allSatisfy { $0.direction == .above } && targets.allSatisfy { !$0.atLeast }, "mixed threshold directions")
        var steps = alerts.map { Step(value: $0.value, color: "orange", source: "alert \($0.alert)", fromAlert: true) }
            + targets.map { Step(value: $0.value, color: "orange", source: $0.source, fromAlert: false) }
        steps.sort { $0.value < $1.value }
        if !steps.isEmpty { steps[steps.count - 1].color = "red" }
        return Thresholds(base: "green", steps: steps)
    }

    /// "Lower is worse": red below the value, green from it up.
    public static func below(_ alert: AlertThreshold) -> Thresholds {
        precondition(alert.direction == .below, "\(alert.alert) fires above its threshold")
        return Thresholds(base: "red", steps: [Step(value: alert.value, color: "green", source: "alert \(alert.alert)", fromAlert: true)])
    }

    /// A target no alert checks: red below it when it is a minimum, red above it when a maximum.
    public static func target(_ target: Target) -> Thresholds {
        Thresholds(
            base: target.atLeast ? "red" : "green",
            steps: [Step(value: target.value, color: target.atLeast ? "green" : "red", source: target.source, fromAlert: false)]
        )
    }

    var json: JSON {
        [
            "mode": "absolute",
            "steps": .array(
                [["color": .string(base), "value": nil]] + steps.map { ["color": .string($0.color), "value": .number($0.value)] }
            ),
        ]
    }

    /// "Thresholds: 1000 (alert ChatWsLatencyHigh), …" for the description.
    static func note(_ steps: [Step]) -> String {
        "Thresholds: " + steps.sorted { $0.value < $1.value }.map { "\(JSON.format($0.value)) (\($0.source))" }.joined(separator: ", ") + "."
    }

    static let none = Thresholds(base: "green", steps: [])
}

/// Field overrides for the series of one query (`byFrameRefID`).
public struct Override: Sendable, Equatable {
    public var refID: String
    public var properties: [(id: String, value: JSON)]
    /// Thresholds of these series alone, when set (also named in the panel's description).
    public var thresholds: Thresholds?

    public init(refID: String, properties: [(id: String, value: JSON)], thresholds: Thresholds? = nil) {
        self.refID = refID
        self.properties = properties
        self.thresholds = thresholds
    }

    public static func == (a: Override, b: Override) -> Bool {
        a.refID == b.refID && a.properties.map(\.id) == b.properties.map(\.id) && a.properties.map(\.value) == b.properties.map(\.value)
            && a.thresholds == b.thresholds
    }

    /// The query's series on a right-hand axis with their own unit (a dual-axis panel). Without
    /// `lines` they draw no threshold lines: the panel's thresholds belong to the left axis.
    public static func rightAxis(_ refID: String, unit: String, lines: Bool = false) -> Override {
        var properties: [(id: String, value: JSON)] = [("custom.axisPlacement", "right"), ("unit", .string(unit))]
        if !lines { properties += thresholdProperties(nil) }
        return Override(refID: refID, properties: properties)
    }

    /// The query's series with thresholds of their own (none: no lines for them).
    public static func thresholds(_ refID: String, _ thresholds: Thresholds?) -> Override {
        Override(refID: refID, properties: thresholdProperties(thresholds), thresholds: thresholds)
    }

    private static func thresholdProperties(_ thresholds: Thresholds?) -> [(id: String, value: JSON)] {
        guard let thresholds else { return [("custom.thresholdsStyle", ["mode": "off"])] }
        return [("thresholds", thresholds.json), ("custom.thresholdsStyle", ["mode": "line"])]
    }

    var json: JSON {
        [
            "matcher": ["id": "byFrameRefID", "options": .string(refID)],
            "properties": .array(properties.map { ["id": .string($0.id), "value": $0.value] }),
        ]
    }
}

/// A dashboard panel. Every panel has a title, a unit and a description; thresholds, when given,
/// are drawn as lines on time series.
public struct Panel: Sendable, Equatable {
    public enum Kind: String, Sendable {
        case timeSeries = "timeseries", stat, heatmap, pieChart = "piechart", table
    }

    public var kind: Kind
    public var title: String
    public var description: String
    public var unit: String
    public var datasource: DataSource
    public var queries: [Query]
    public var thresholds: Thresholds?
    public var overrides: [Override] = []
    public var width = 12
    public var height = 8
    public var min: Double?
    public var max: Double?
    /// Time series: stack the series (normal stacking).
    public var stacked = false
    /// Time series: bars instead of lines.
    public var bars = false
    public var fillOpacity = 10

    public init(
        _ kind: Kind, _ title: String, unit: String, datasource: DataSource = .prometheus, description: String,
        queries: [Query], thresholds: Thresholds? = nil
    ) {
        self.kind = kind
        self.title = title
        self.unit = unit
        self.datasource = datasource
        self.description = description
        self.queries = queries
        self.thresholds = thresholds
    }

    /// Builder-style copies, so panel lists read as data.
    public func size(_ width: Int, _ height: Int) -> Panel { with { $0.width = width; $0.height = height } }
    public func range(min: Double? = nil, max: Double? = nil) -> Panel { with { $0.min = min; $0.max = max } }
    public func stacking(fill: Int = 60) -> Panel { with { $0.stacked = true; $0.fillOpacity = fill } }
    public func asBars() -> Panel { with { $0.bars = true; $0.fillOpacity = 80 } }
    public func fill(_ opacity: Int) -> Panel { with { $0.fillOpacity = opacity } }
    public func overriding(_ overrides: Override...) -> Panel { with { $0.overrides += overrides } }

    private func with(_ change: (inout Panel) -> Void) -> Panel {
        var copy = self
        change(&copy)
        return copy
    }

    static func refID(_ index: Int) -> String { String(UnicodeScalar(UInt8(ascii: "A") + UInt8(index))) }

    func json(id: Int, x: Int, y: Int) -> JSON {
        var text = description
        let steps = ([thresholds] + overrides.map(\.thresholds)).compactMap { $0?.steps }.flatMap { $0 }
        if !steps.isEmpty { text += " " + Thresholds.note(steps) }
        var members: [String: JSON] = [
            "datasource": datasource.json,
            "description": .string(text),
            "gridPos": ["h": .number(Double(height)), "w": .number(Double(width)), "x": .number(Double(x)), "y": .number(Double(y))],
            "id": .number(Double(id)),
            "targets": .array(queries.enumerated().map { $1.json(refID: Self.refID($0), datasource: datasource) }),
            "title": .string(title),
            "type": .string(kind.rawValue),
        ]
        var defaults: [String: JSON] = ["unit": .string(unit), "mappings": []]
        if let min { defaults["min"] = .number(min) }
        if let max { defaults["max"] = .number(max) }
        let thresholds = self.thresholds ?? .none
        let hideFrom: JSON = ["legend": false, "tooltip": false, "viz": false]
        switch kind {
        case .timeSeries:
            defaults["color"] = ["mode": "palette-classic"]
            defaults["thresholds"] = thresholds.json
            defaults["custom"] = [
                "axisBorderShow": false, "axisCenteredZero": false, "axisColorMode": "text", "axisLabel": "",
                "axisPlacement": "auto", "barAlignment": 0, "drawStyle": bars ? "bars" : "line",
                "fillOpacity": .number(Double(fillOpacity)), "gradientMode": "none", "hideFrom": hideFrom, "insertNulls": false,
                "lineInterpolation": "linear", "lineWidth": 1, "pointSize": 4, "scaleDistribution": ["type": "linear"],
                "showPoints": "never", "spanNulls": false, "stacking": ["group": "A", "mode": stacked ? "normal" : "none"],
                "thresholdsStyle": ["mode": thresholds.steps.isEmpty ? "off" : "line"],
            ]
            members["options"] = [
                "legend": ["calcs": ["mean", "max", "lastNotNull"], "displayMode": "table", "placement": "bottom", "showLegend": true],
                "tooltip": ["mode": "multi", "sort": "desc"],
            ]
        case .stat:
            defaults["color"] = ["mode": "thresholds"]
            defaults["thresholds"] = thresholds.json
            members["options"] = [
                "colorMode": "value", "graphMode": "area", "justifyMode": "auto", "orientation": "auto",
                "reduceOptions": ["calcs": ["lastNotNull"], "fields": "", "values": false], "showPercentChange": false,
                "textMode": "auto", "wideLayout": true,
            ]
        case .heatmap:
            defaults["custom"] = ["hideFrom": hideFrom, "scaleDistribution": ["type": "linear"]]
            members["options"] = [
                "calculate": false, "cellGap": 1,
                "color": [
                    "exponent": 0.5, "fill": "dark-orange", "mode": "scheme", "reverse": false, "scale": "exponential",
                    "scheme": "Oranges", "steps": 64,
                ],
                "exemplars": ["color": "rgba(255,0,255,0.7)"], "filterValues": ["le": 1e-9], "legend": ["show": true],
                "rowsFrame": ["layout": "auto"],
                "tooltip": ["mode": "single", "showColorScale": false, "yHistogram": true],
                "yAxis": ["axisPlacement": "left", "reverse": false, "unit": .string(unit)],
            ]
        case .pieChart:
            defaults["color"] = ["mode": "palette-classic"]
            defaults["custom"] = ["hideFrom": hideFrom]
            members["options"] = [
                "displayLabels": ["percent"],
                "legend": ["displayMode": "table", "placement": "right", "showLegend": true, "values": ["value", "percent"]],
                "pieType": "pie", "reduceOptions": ["calcs": ["lastNotNull"], "fields": "", "values": false],
                "tooltip": ["mode": "single", "sort": "none"],
            ]
        case .table:
            defaults["color"] = ["mode": "thresholds"]
            defaults["thresholds"] = thresholds.json
            defaults["custom"] = ["align": "auto", "cellOptions": ["type": "auto"], "inspect": false]
            members["options"] = [
                "cellHeight": "sm", "footer": ["countRows": false, "fields": "", "reducer": ["sum"], "show": false],
                "showHeader": true, "sortBy": [["desc": true, "displayName": "Value"]],
            ]
            members["transformations"] = [["id": "organize", "options": ["excludeByName": ["Time": true]]]]
        }
        members["fieldConfig"] = ["defaults": .object(defaults), "overrides": .array(overrides.map(\.json))]
        return .object(members)
    }
}

/// A whole dashboard, laid out left to right in Grafana's 24-column grid.
public struct Dashboard: Sendable, Equatable {
    public var fileName: String
    public var uid: String
    public var title: String
    public var description: String
    public var tags: [String]
    public var timeFrom = "now-6h"
    public var refresh = "30s"
    public var timezone = "browser"
    public var panels: [Panel]

    public init(fileName: String, uid: String, title: String, description: String, tags: [String], panels: [Panel]) {
        self.fileName = fileName
        self.uid = uid
        self.title = title
        self.description = description
        self.tags = tags
        self.panels = panels
    }

    public static let schemaVersion = 39

    public var json: JSON {
        var placed: [JSON] = []
        var x = 0, y = 0, rowHeight = 0
        for (index, panel) in panels.enumerated() {
            if x + panel.width > 24 {
                x = 0
                y += rowHeight
                rowHeight = 0
            }
            placed.append(panel.json(id: index + 1, x: x, y: y))
            x += panel.width
            rowHeight = Swift.max(rowHeight, panel.height)
        }
        return [
            "annotations": ["list": []],
            "description": .string(description),
            "editable": true,
            "fiscalYearStartMonth": 0,
            "graphTooltip": 1,
            "id": nil,
            "links": [
                [
                    "asDropdown": true, "icon": "external link", "includeVars": false, "keepTime": true, "tags": ["commswatch"],
                    "targetBlank": false, "title": "commswatch dashboards", "tooltip": "", "type": "dashboards", "url": "",
                ]
            ],
            "panels": .array(placed),
            "refresh": .string(refresh),
            "schemaVersion": .number(Double(Self.schemaVersion)),
            "tags": .array(tags.map { .string($0) }),
            "templating": ["list": []],
            "time": ["from": .string(timeFrom), "to": "now"],
            "timepicker": [:],
            "timezone": .string(timezone),
            "title": .string(title),
            "uid": .string(uid),
            "version": 1,
            "weekStart": "",
        ]
    }
}
