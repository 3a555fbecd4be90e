import EventJournal
import Foundation
import HTTPCore

/// `/healthz` answers whenever the process can serve; `/readyz` also checks that the data directory
/// takes writes, since an event acknowledged without a writable journal would be lost, and that the
/// alert rules are loaded and evaluating, since a service that cannot alert is not ready either.
struct HealthHandlers: Sendable {
    let dataDirectory: String
    let rulesRunning: @Sendable () -> Bool
    /// The event journal; nil when it is off.
    let journal: Journal?

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
        if let journal, !journal.isReplayed {
            return .error(.serviceUnavailable, code: "replaying", message: "the event journal is being replayed")
        }
        if let failure = journal?.failureReason {
            return .error(.serviceUnavailable, code: "journal_failed", message: "the event journal stopped taking writes: \(failure)")
        }
        guard rulesRunning() else {
            return .error(.serviceUnavailable, code: "rules_not_loaded", message: "alert rules are not loaded yet")
        }
        return HTTPResponse(status: .ok, contentType: "application/json", body: "{\"status\":\"ready\"}\n")
    }
}
