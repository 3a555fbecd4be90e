import HTTPCore

/// Checks bearer tokens and PostHog `api_key`s against the configured tokens. Every comparison takes
/// the same time whatever the input, so response timing does not reveal how much of a token matched.
struct TokenAuthenticator: Sendable {
    private let tokens: [[UInt8]]

    /// No tokens means no authentication is required.
    init(tokens: [String]) {
        self.tokens = tokens.filter { !$0.isEmpty }.map { Array($0.utf8) }
    }

    var isEnabled: Bool { !tokens.isEmpty }

    /// Whether `authorization` is `Bearer <token>` for a configured token (always true when disabled).
    func allows(authorization: String?) -> Bool {
        guard isEnabled else { return true }
        guard let authorization else { return false }
        let parts = authorization.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return false }
        return matches(String(parts[1].trimmingASCIISpaces()))
    }

    /// Whether `token` is one of the configured tokens (always true when disabled).
    func allows(token: String?) -> Bool {
        guard isEnabled else { return true }
        return token.map(matches) ?? false
    }

    private func matches(_ candidate: String) -> Bool {
        let bytes = Array(candidate.utf8)
        var found = false
        for token in tokens {
            found = Self.constantTimeEquals(token, bytes) || found
        }
        return found
    }

    /// The 401 answer, with the `WWW-Authenticate` challenge clients expect; `message` says what to send.
    static func challenge(_ message: String) -> HTTPResponse {
        var response = HTTPResponse.error(.unauthorized, code: "unauthorized", message: message)
        response.headers.add(name: "WWW-Authenticate", value: "Bearer")
        return response
    }

    /// Compares every byte of the longer input: time depends on lengths only, never on content.
    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt8(truncatingIfNeeded: a.count ^ b.count) | (a.count == b.count ? 0 : 1)
        for i in 0..<max(a.count, b.count) {
            difference |= (i < a.count ? a[i] : 0) ^ (i < b.count ? b[i] : 0)
        }
        return difference == 0
    }
}
