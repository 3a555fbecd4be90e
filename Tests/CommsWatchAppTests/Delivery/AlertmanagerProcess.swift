import Foundation
import TestSupport

/// A real Alertmanager (Debian's 0.25) running the repository's `alertmanager/config.yml`, adapted only
/// so every receiver posts to a loopback stand-in and, unless `keepTimings`, groups flush within a second.
final class AlertmanagerProcess {
    static let binary = "/usr/bin/prometheus-alertmanager"
    /// Where the adapted configuration makes Alertmanager post on the stand-in.
    static let slackPath = "/slack"
    static let pagerDutyPath = "/pagerduty"
    /// Telegram's client posts to `<telegram_api_url>/bot<token>/sendMessage`; the repo's token is a placeholder.
    static let telegramPath = "/botTELEGRAM_BOT_TOKEN/sendMessage"
    static let standInPaths = [slackPath, pagerDutyPath, telegramPath]
    /// Telegram's client retries unless the answer says `"ok":true` and carries the sent message.
    static let telegramReply = #"{"ok":true,"result":{"message_id":1,"date":0,"chat":{"id":-1000000000000,"type":"supergroup"}}}"#

    let process = Process()
    let port: Int
    let directory: URL
    var baseURL: URL { URL(string: "http://127.0.0.1:\(port)")! }
    var log: String { (try? String(contentsOf: directory.appendingPathComponent("alertmanager.log"), encoding: .utf8)) ?? "" }

    /// Writes the adapted configuration and secrets to a temporary directory, starts Alertmanager on a
    /// free port and waits until `/-/ready` answers 200. Sets the stand-in's Telegram reply.
    init(receiver: StandInReceiver, keepTimings: Bool = false) throws {
        receiver.reply(on: Self.telegramPath, with: Self.telegramReply)
        guard FileManager.default.isExecutableFile(atPath: Self.binary) else {
            throw MissingTool(name: "\(Self.binary) (Debian package prometheus-alertmanager)")
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-alertmanager-\(UUID())")
        let secrets = directory.appendingPathComponent("secrets")
        try FileManager.default.createDirectory(at: secrets, withIntermediateDirectories: true)
        for (name, value) in [
            "slack_webhook_url": receiver.url(Self.slackPath).absoluteString, "pagerduty_routing_key": "test-routing-key",
            "smtp_password": "test-smtp-password",
        ] {
            try value.write(to: secrets.appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        let original = try String(
            contentsOf: SharedData.repositoryRoot.appendingPathComponent("alertmanager/config.yml"), encoding: .utf8
        )
        let configFile = directory.appendingPathComponent("config.yml")
        try Self.adapt(original, secrets: secrets.path + "/", standIn: "http://127.0.0.1:\(receiver.port)", keepTimings: keepTimings)
            .write(to: configFile, atomically: true, encoding: .utf8)

        port = try FreePort.find()
        process.executableURL = URL(fileURLWithPath: Self.binary)
        process.arguments = [
            "--config.file=\(configFile.path)", "--storage.path=\(directory.appendingPathComponent("data").path)",
            "--web.listen-address=127.0.0.1:\(port)", "--cluster.listen-address=", "--log.level=debug",
        ]
        let logFile = directory.appendingPathComponent("alertmanager.log")
        _ = FileManager.default.createFile(atPath: logFile.path, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: logFile)
        try process.run()
        do { try waitUntilReady(timeout: 30) } catch {
            stop()
            throw error
        }
    }

    deinit { stop() }

    /// The repository's configuration with secrets read from `secrets`, PagerDuty and Telegram sent to
    /// `standIn`, and (unless `keepTimings`) short group timers; throws when a setting it rewrites is
    /// no longer there.
    static func adapt(_ config: String, secrets: String, standIn: String, keepTimings: Bool = false) throws -> String {
        var text = config
        var rewrites: [(Regex<Substring>, String)] = [
            (/\/etc\/alertmanager\/secrets\//, secrets),
            (/(?m)^global:\n/, "global:\n  pagerduty_url: \(standIn)\(pagerDutyPath)\n  telegram_api_url: \(standIn)\n"),
        ]
        if !keepTimings {
            rewrites += [
                (/group_wait: \S+/, "group_wait: 1s"), (/group_interval: \S+/, "group_interval: 1s"),
                (/repeat_interval: \S+/, "repeat_interval: 1h"),
            ]
        }
        for (pattern, replacement) in rewrites {
            guard text.contains(pattern) else { throw AlertmanagerError(description: "alertmanager/config.yml has no \(pattern)") }
            text = text.replacing(pattern, with: replacement)
        }
        return text
    }

    private func waitUntilReady(timeout: Double) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            guard process.isRunning else { throw AlertmanagerError(description: "Alertmanager exited: \(log)") }
            if (try? curl(["--output", "/dev/null", "--write-out", "%{http_code}", "\(baseURL)/-/ready"]))?.stdout == "200" {
                return
            }
            Thread.sleep(forTimeInterval: 0.2)
        }
        throw AlertmanagerError(description: "Alertmanager was not ready within \(timeout)s: \(log)")
    }

    /// The alerts Alertmanager holds (`GET /api/v2/alerts`).
    func alerts() throws -> [[String: Any]] {
        let result = try curl(["\(baseURL)/api/v2/alerts"])
        return (try? JSONSerialization.jsonObject(with: Data(result.stdout.utf8))) as? [[String: Any]] ?? []
    }

    /// Posts alerts straight to `/api/v2/alerts`, as Prometheus would; returns the HTTP status.
    func post(alerts json: String) throws -> String {
        try curl([
            "--header", "Content-Type: application/json", "--data-binary", json, "--output", "/dev/null",
            "--write-out", "%{http_code}", "\(baseURL)/api/v2/alerts",
        ]).stdout
    }

    func curl(_ arguments: [String]) throws -> ExternalTool.Result {
        guard let curl = ExternalTool.find("curl") else { throw MissingTool(name: "curl") }
        return try ExternalTool.run(curl, ["--silent", "--max-time", "5"] + arguments)
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(at: directory)
    }
}

struct AlertmanagerError: Error, CustomStringConvertible {
    var description: String
}
