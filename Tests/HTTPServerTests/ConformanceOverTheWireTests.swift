import Foundation
import TestSupport
import Testing

/// The llhttp request cases sent to a live server over TCP: what a strict server must refuse is answered
/// with an error status and a closed connection, and what is valid is served.
struct ConformanceOverTheWireTests {
    static let server = Result { try TestServer() }

    @Test(arguments: try LLHTTPCorpus.load().filter { ["reject", "accept", "accept-nonhttp"].contains($0.verdict) })
    func answersLikeAStrictServer(_ testCase: LLHTTPCase) throws {
        let server = try Self.server.get()
        let client = try server.connect()
        try client.send(testCase.input)
        switch testCase.verdict {
        case "reject", "accept-nonhttp":
            let response = try #require(try client.readResponse(), "the server closed without answering")
            #expect([400, 501, 505].contains(response.status), "got \(response.status) \(response.bodyText)")
            #expect(response.header("Connection") == "close")
            #expect(client.closedByPeer(within: 3))
        default:
            // Valid requests reach the router: the test routes answer llhttp's paths and methods with 404
            // or 405, never with a parse error (501 is for a transfer coding other than chunked).
            let messages = testCase.messages
            for message in messages where message.complete {
                let response = try #require(try client.readResponse(bodyExpected: message.methodText != "HEAD"))
                #expect([404, 405, 501].contains(response.status), "got \(response.status) \(response.bodyText)")
            }
            if messages.contains(where: { !$0.complete }) {
                // The case ends inside a message: the server must wait for the rest, not refuse it.
                #expect(throws: LoopbackConnection.Failure.self) { try client.readResponse(timeout: 0.3) }
            }
        }
    }
}
