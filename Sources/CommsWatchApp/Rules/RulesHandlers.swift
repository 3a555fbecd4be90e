import JSONReader
import HTTPCore
import Rules

/// `/api/v1/rules`, `/api/v1/alerts` and `/-/reload`, answering as Prometheus's HTTP API does so
/// Grafana, amtool-style scripts and the oracle tests can point at this service instead.
struct RulesHandlers: Sendable {
    let scheduler: RuleScheduler

    func rules(_ request: HTTPRequest) -> HTTPResponse {
        let kind = QueryParameters(request)["type"]?.lowercased() ?? ""
        guard ["", "alert", "record"].contains(kind) else {
            return Self.badData("invalid type value: not supported value \"\(kind)\"")
        }
        let groups = scheduler.groups.compactMap { group -> [String: Any]? in
            let rules = group.rules.filter { rule in
                switch rule.kind {
                case .alerting: kind != "record"
                case .recording: kind != "alert"
                }
            }
            return kind.isEmpty || !rules.isEmpty ? RulesAPIJSON.group(group, rules: rules) : nil
        }
        return Self.json(.ok, RulesAPIJSON.success(["groups": groups]))
    }

    func alerts(_ request: HTTPRequest) -> HTTPResponse {
        let alerts = scheduler.groups.flatMap(\.rules).flatMap { rule -> [Alert] in
            guard case .alerting(_, _, let alerts) = rule.kind else { return [] }
            return alerts.filter { $0.state != .inactive }
        }
        return Self.json(.ok, RulesAPIJSON.success(["alerts": alerts.map(RulesAPIJSON.alert)]))
    }

    /// Prometheus answers a failed reload with 500 and the error as plain text.
    func reload(_ request: HTTPRequest) -> HTTPResponse {
        do {
            try scheduler.reload()
            return HTTPResponse(status: .ok, contentType: "text/plain; charset=utf-8", body: "")
        } catch {
            return HTTPResponse(
                status: .internalServerError, contentType: "text/plain; charset=utf-8",
                body: "failed to reload config: \(error.description)\n"
            )
        }
    }

    static func badData(_ message: String) -> HTTPResponse {
        error(.badRequest, type: "bad_data", message)
    }

    /// Prometheus's error envelope, `{"status":"error","errorType":…,"error":…}`.
    static func error(_ status: HTTPStatus, type: String, _ message: String) -> HTTPResponse {
        HTTPResponse(
            status: status, contentType: "application/json",
            body: "{\"status\":\"error\",\"errorType\":\"\(type)\",\"error\":\"\(jsonEscaped(message))\"}\n"
        )
    }

    static func json(_ status: HTTPStatus, _ body: [UInt8]) -> HTTPResponse {
        HTTPResponse(status: status, headers: HTTPHeaders([("Content-Type", "application/json")]), body: body)
    }
}
