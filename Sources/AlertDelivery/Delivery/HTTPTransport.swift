import Foundation
import PrometheusModel
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// What came of one attempt to send a request.
public enum SendOutcome: Sendable, Equatable {
    /// The receiver answered with this status code.
    case answered(Int)
    /// No answer: connection refused, timeout, DNS, TLS…
    case failed(String)
}

/// Sends rendered requests. URLSession (FoundationNetworking, libcurl underneath) gives HTTPS and
/// proxies on Linux without another dependency; each request carries its own timeout.
public struct HTTPTransport: Sendable {
    private let session: URLSession
    public let timeout: Duration

    public init(timeout: Duration = .seconds(10)) {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.timeoutIntervalForRequest = timeout.inSeconds
        configuration.timeoutIntervalForResource = timeout.inSeconds
        configuration.httpAdditionalHeaders = ["User-Agent": "commswatch"]
        session = URLSession(configuration: configuration)
        self.timeout = timeout
    }

    /// Sends `request` and calls `completion` once, on a URLSession thread.
    public func send(_ request: OutgoingRequest, completion: @escaping @Sendable (SendOutcome) -> Void) {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        urlRequest.httpBody = request.body
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        urlRequest.timeoutInterval = timeout.inSeconds
        session.dataTask(with: urlRequest) { _, response, error in
            if let response = response as? HTTPURLResponse {
                completion(.answered(response.statusCode))
            } else {
                completion(.failed(error.map { ($0 as NSError).localizedDescription } ?? "no response"))
            }
        }.resume()
    }
}
