import Foundation
import HTTPCore
import HTTPServer

/// Everything `commswatch serve` can be told, with the defaults it runs on when told nothing.
public struct AppConfiguration: Sendable {
    public var host: String = "127.0.0.1"
    public var port: Int = 9470
    public var dataDirectory: String = "./data"
    /// Largest request body accepted, also applied to the decompressed size of gzip bodies.
    public var maxBodyBytes: Int = 1 << 20
    /// Series one metric family may hold before new label sets fold into its overflow series.
    public var seriesLimit: Int = 10_000
    public var maxConnections: Int = 4096
    public var threads: Int = max(1, ProcessInfo.processInfo.activeProcessorCount)
    public var requestReadTimeout: Duration = .seconds(15)
    public var idleTimeout: Duration = .seconds(60)
    public var shutdownGracePeriod: Duration = .seconds(5)

    public init() {}

    /// Parses `HOST:PORT`, `:PORT` or `[IPv6]:PORT`.
    public mutating func setListen(_ address: String) throws(ConfigurationError) {
        guard let colon = address.lastIndex(of: ":"), let port = Int(address[address.index(after: colon)...]),
            (0...65535).contains(port)
        else {
            throw ConfigurationError(setting: "listen", message: "expected HOST:PORT (e.g. 0.0.0.0:9470), got \"\(address)\"")
        }
        var host = String(address[..<colon])
        if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        self.host = host.isEmpty ? "0.0.0.0" : host
        self.port = port
    }

    var serverConfiguration: ServerConfiguration {
        var server = ServerConfiguration(
            host: host, port: port, threads: threads, maxConnections: maxConnections,
            requestReadTimeout: requestReadTimeout, idleTimeout: idleTimeout, shutdownGracePeriod: shutdownGracePeriod
        )
        server.parserLimits.maxBodyBytes = maxBodyBytes
        return server
    }
}

/// A setting that cannot be used, named so the operator knows which flag or variable to fix.
public struct ConfigurationError: Error, CustomStringConvertible, Sendable {
    public var setting: String
    public var message: String

    public var description: String { "invalid \(setting): \(message)" }
}
