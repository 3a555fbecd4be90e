import Foundation
import HTTPCore
import Ingest

/// `/healthz` answers whenever the process can serve; `/readyz` also checks that the data directory
/// takes writes and the event store takes events (replayed, journal writable, database reachable),
/// since an event acknowledged without a durable store would be lost, and that the
/// alert rules are loaded and evaluating, since a service that cannot alert is not ready either.
struct HealthHandlers: Sendable {
    let dataDirectory: String
    let rulesRunning: @Sendable () -> Bool
    /// Why the event store cannot take events now; nil when it can (or there is none).
    let storeUnavailability: @Sendable () -> EventStoreUnavailable?

    func live(_ request: HTTPRequest) -> HTTPResponse {
        HTTPResponse(status: .ok, contentType: "application/json", body: "{\"status\":\"ok\"}\n")
    }

    func ready(_ request: HTTPRequest) -> HTTPResponse {
        let probe = URL(fileURLWithPath: dataDirectory).appendingPathComponent(".readyz-probe")
        do {
            try Data("ok".utf8).write(to: probe)
            try FileManager.default.removeItem(at: probe)
        } catch {
            return .error(
                .serviceUnavailable, code: "data_dir_not_writable",
                message: "data directory \(dataDirectory) is not writable: \(error.localizedDescription)"
            )
        }
        if let unavailable = storeUnavailability() {
            return .error(.serviceUnavailable, code: unavailable.code, message: unavailable.message)
        }
        guard rulesRunning() else {
            return .error(.serviceUnavailable, code: "rules_not_loaded", message: "alert rules are not loaded yet")
        }
        return HTTPResponse(status: .ok, contentType: "application/json", body: "{\"status\":\"ready\"}\n")
    }
}
