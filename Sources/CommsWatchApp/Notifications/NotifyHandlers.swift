import JSONReader
import AlertDelivery
import HTTPCore

/// `POST /api/v1/alerts/test`: queues a test alert, firing then resolved, for every configured
/// receiver, so an operator can see each one arrive (seed 003's checklist).
struct NotifyHandlers: Sendable {
    let notifier: AlertNotifier?
    let authenticator: TokenAuthenticator

    func test(_ request: HTTPRequest) -> HTTPResponse {
        guard authenticator.allows(authorization: request.headers["authorization"]) else {
            return TokenAuthenticator.challenge("a valid ingest token is required to send a test alert")
        }
        guard let notifier, !notifier.configuration.isEmpty else {
            return RulesHandlers.error(
                .serviceUnavailable, type: "unavailable",
                "no receivers are configured: set ALERTMANAGER_URL, a receivers file, SLACK_ALERT_WEBHOOK_URL or COMMSWATCH_WEBHOOK_URL")
        }
        let receivers = notifier.sendTest()
        let list = receivers.map { "\"\(jsonEscaped($0))\"" }.joined(separator: ",")
        return HTTPResponse(
            status: .accepted, headers: HTTPHeaders([("Content-Type", "application/json")]),
            body: Array("{\"status\":\"success\",\"data\":{\"receivers\":[\(list)]}}\n".utf8))
    }
}
