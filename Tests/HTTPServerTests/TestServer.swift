import HTTPCore
import HTTPServer
import TestSupport

/// A live server on a free loopback port with a few routes that expose what they received.
final class TestServer: Sendable {
    let server: HTTPServer
    var port: Int { server.port }

    init(configure: (inout ServerConfiguration) -> Void = { _ in }) throws {
        var configuration = ServerConfiguration(host: "127.0.0.1", port: 0, threads: 2)
        configure(&configuration)
        var router = Router()
        router.add("GET", "/hello") { _ in HTTPResponse(status: .ok, contentType: "text/plain", body: "hello") }
        router.add("GET", "/echo-target") { request in
            HTTPResponse(status: .ok, contentType: "text/plain", body: request.target)
        }
        router.add("POST", "/echo") { request in
            HTTPResponse(status: .ok, headers: HTTPHeaders([("Content-Type", "application/octet-stream")]), body: request.body)
        }
        server = try HTTPServer(configuration: configuration, router: router)
    }

    func connect() throws -> LoopbackConnection {
        try LoopbackConnection(port: port)
    }

    deinit {
        server.shutdown()
        server.wait()
    }
}
