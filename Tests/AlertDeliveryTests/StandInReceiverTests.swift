import Foundation
import TestSupport
import Testing

/// The stand-in receiver, checked with curl as an independent client before delivery tests rely on it.
struct StandInReceiverTests {
    /// POSTs `body` with curl; the result's stdout ends with the status code on its own line.
    private func post(_ url: URL, _ body: String) throws -> ExternalTool.Result {
        let curl = try #require(ExternalTool.find("curl"), "curl is not installed; run .ci/install-deps")
        return try ExternalTool.run(curl, [
            "--silent", "--show-error", "--max-time", "5", "--header", "Content-Type: application/json",
            "--data-binary", body, "--write-out", "\n%{http_code}", url.absoluteString,
        ])
    }

    @Test(.timeLimit(.minutes(5)))
    func recordsAnswersFailsAndRestarts() throws {
        let receiver = try StandInReceiver(paths: ["/hook"])
        let ok = try post(receiver.url("/hook"), #"{"text":"hello"}"#)
        #expect(ok.status == 0)
        #expect(ok.stdout == "{\"status\":\"ok\"}\n200")
        let first = try #require(receiver.waitForAccepted(count: 1, timeout: .seconds(5)).first)
        #expect(first.method == "POST")
        #expect(first.path == "/hook")
        #expect(first.headers["content-type"] == "application/json")
        #expect(first.text == #"{"text":"hello"}"#)
        #expect((try first.json() as? [String: String]) == ["text": "hello"])

        receiver.answer(with: 500)
        let failed = try post(receiver.url("/hook"), "{}")
        #expect(failed.stdout == "{\"error\":\"stand-in failure\"}\n500")
        #expect(receiver.received.map(\.status) == [200, 500])
        #expect(receiver.accepted.count == 1)

        _ = try post(receiver.url("/elsewhere"), "{}")
        #expect(receiver.strayCount == 1)

        let port = receiver.port
        receiver.stop()
        let refused = try post(receiver.url("/hook"), "{}")
        #expect(refused.status == 7, "curl should fail to connect: \(refused.stderr)")

        let again = try StandInReceiver(port: port, paths: ["/hook"])
        #expect(again.port == port)
        #expect(try post(again.url("/hook"), "{}").stdout == "{\"status\":\"ok\"}\n200")
        #expect(again.waitForAccepted(count: 1, timeout: .seconds(5)).count == 1)
    }
}
