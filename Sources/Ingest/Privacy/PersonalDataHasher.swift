import Crypto
import Foundation

/// Replaces personal data with a keyed hash (HMAC-SHA256, hex) before an event is stored, logged or
/// forwarded. The same input and key always give the same pseudonym, so ids still join across events
/// (and across restarts, when the key is configured) without the raw value ever being kept.
public struct PersonalDataHasher: Sendable {
    /// Raw key bytes: Crypto's `SymmetricKey` is not `Sendable`, so one is made per use.
    private let key: [UInt8]

    public init(key: [UInt8]) {
        self.key = key
    }

    /// A hasher with a random key: pseudonyms then change with every restart.
    public static func withRandomKey() -> PersonalDataHasher {
        PersonalDataHasher(key: (0..<32).map { _ in UInt8.random(in: 0...255) })
    }

    public func pseudonym(_ value: String) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: Data(value.utf8), using: SymmetricKey(data: key))
        var hex: [UInt8] = []
        hex.reserveCapacity(64)
        Hex.append(mac, to: &hex)
        return String(decoding: hex, as: UTF8.self)
    }
}
