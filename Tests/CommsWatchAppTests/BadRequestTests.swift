import Foundation
import TestSupport
import Testing

/// What curl sees when it sends the service something it must refuse.
struct BadRequestTests {
    @Test func threeMegabyteBodyToAnyPathIs413() throws {
        let running = try RunningService()
        let body = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-3mb-\(UUID())")
        try Data(repeating: UInt8(ascii: "x"), count: 3_000_000).write(to: body)
        defer { try? FileManager.default.removeItem(at: body) }
        for path in ["/api/metrics/prometheus", "/no/such/path"] {
            let result = try running.curl([
                "--write-out", "\n%{http_code}", "--data-binary", "@\(body.path)", "\(running.baseURL)\(path)",
            ])
            #expect(result.stdout.hasSuffix("\n413"), "\(path): \(result.stdout) \(result.stderr)")
            #expect(result.stdout.contains("\"code\":\"content_too_large\""))
        }
    }

    @Test func seventyKilobyteHeaderIs431() throws {
        let running = try RunningService()
        let result = try running.curl([
            "--write-out", "%{http_code}", "--output", "/dev/null",
            "-H", "X-Padding: \(String(repeating: "p", count: 70_000))", "\(running.baseURL)/healthz",
        ])
        #expect(result.stdout == "431", "\(result.stdout) \(result.stderr)")
    }

    @Test func malformedRequestIs400AndUnknownPathIs404() throws {
        let running = try RunningService()
        let client = try LoopbackConnection(port: running.port)
        try client.send("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
        let smuggling = try #require(try client.readResponse())
        #expect(smuggling.status == 400)
        #expect(smuggling.bodyText.contains("\"code\":\"duplicate_content_length\""))
        let missing = try running.curl(["--write-out", "%{http_code}", "--output", "/dev/null", "\(running.baseURL)/nope"])
        #expect(missing.stdout == "404")
    }
}
