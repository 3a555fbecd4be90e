import JSONReader
import Foundation
import HTTPCore
import PromQL
import PrometheusModel
import Rules

/// `GET /api/v1/query`: a PromQL instant query over the history the rules see, answered in
/// Prometheus's response shape, so an operator can check what a rule's expression returns here.
struct QueryHandler: Sendable {
    let scheduler: RuleScheduler
    private let engine = Engine()

    init(scheduler: RuleScheduler) {
        self.scheduler = scheduler
    }

    func query(_ request: HTTPRequest) -> HTTPResponse {
        let parameters = QueryParameters(request)
        guard let text = parameters["query"], !text.isEmpty else {
            return RulesHandlers.badData("invalid parameter \"query\": query must not be empty")
        }
        let time: Int64
        if let given = parameters["time"] {
            guard let parsed = Self.parseTime(given) else {
                return RulesHandlers.badData("invalid parameter \"time\": cannot parse \"\(given)\" to a valid timestamp")
            }
            time = parsed
        } else {
            time = Int64((Date().timeIntervalSince1970 * 1000).rounded(.down))
        }
        let expr: Expr
        do throws(ParseErrors) {
            expr = try Parser.parse(text)
        } catch {
            return RulesHandlers.badData("invalid parameter \"query\": \(error.description)")
        }
        guard let store = scheduler.store else {
            return RulesHandlers.error(.serviceUnavailable, type: "unavailable", "rule evaluation has not started")
        }
        do throws(EvaluationError) {
            let value = try engine.instantQuery(expr, at: time, on: store)
            let body = "{\"status\":\"success\",\"data\":\(Self.json(value, at: time))}\n"
            return HTTPResponse(status: .ok, contentType: "application/json", body: body)
        } catch {
            return RulesHandlers.error(.unprocessableContent, type: "execution", error.description)
        }
    }

    /// Unix seconds with an optional fraction, or RFC 3339, as Prometheus's `parseTime` accepts.
    static func parseTime(_ text: String) -> Int64? {
        if let seconds = Double(text), seconds.isFinite {
            return Int64((seconds * 1000).rounded())
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let date = formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
        return date.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) }
    }

    private static func json(_ value: QueryValue, at time: Int64) -> String {
        switch value {
        case .scalar(let scalar):
            return "{\"resultType\":\"scalar\",\"result\":\(point(time, APIValueFormat.sampleValue(scalar)))}"
        case .string(let string):
            return "{\"resultType\":\"string\",\"result\":\(point(time, string))}"
        case .vector(let samples):
            let result = samples.map { "{\"metric\":\(labels($0.labels)),\"value\":\(point(time, APIValueFormat.sampleValue($0.value)))}" }
            return "{\"resultType\":\"vector\",\"result\":[\(result.joined(separator: ","))]}"
        case .matrix(let series):
            let result = series.map { series in
                let values = series.samples.map { point($0.timestamp, APIValueFormat.sampleValue($0.value)) }
                return "{\"metric\":\(labels(series.labels)),\"values\":[\(values.joined(separator: ","))]}"
            }
            return "{\"resultType\":\"matrix\",\"result\":[\(result.joined(separator: ","))]}"
        }
    }

    /// `[<unix seconds>,"<value>"]`, the seconds written exactly (Prometheus prints milliseconds as a decimal).
    private static func point(_ milliseconds: Int64, _ value: String) -> String {
        let sign = milliseconds < 0 ? "-" : ""
        let magnitude = milliseconds.magnitude
        var seconds = "\(sign)\(magnitude / 1000)"
        if magnitude % 1000 != 0 {
            var fraction = String(String(magnitude % 1000 + 1000).dropFirst())
            while fraction.hasSuffix("0") { fraction.removeLast() }
            seconds += "." + fraction
        }
        return "[\(seconds),\"\(jsonEscaped(value))\"]"
    }

    private static func labels(_ labels: Labels) -> String {
        "{" + labels.map { "\"\(jsonEscaped($0.name))\":\"\(jsonEscaped($0.value))\"" }.joined(separator: ",") + "}"
    }
}
