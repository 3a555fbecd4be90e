/// Alertmanager's label-set fingerprint (`model.LabelSet.Fingerprint`): FNV-1a 64 over the labels in
/// name order, each name and value followed by the byte 0xff. Using the same function means the
/// fingerprints in our webhook payloads match those Alertmanager would send for the same alert.
public enum Fingerprint {
    public static func of(_ labels: [String: String]) -> UInt64 {
        var hash: UInt64 = 14_695_981_039_346_656_037
        func add(_ byte: UInt8) {
            hash ^= UInt64(byte)
            hash &*= 1_099_511_628_211
        }
        for name in labels.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            for byte in name.utf8 { add(byte) }
            add(0xff)
            for byte in labels[name]!.utf8 { add(byte) }
            add(0xff)
        }
        return hash
    }

    public static func hex(of labels: [String: String]) -> String {
        let digits = String(of(labels), radix: 16)
        return String(repeating: "0", count: 16 - digits.count) + digits
    }
}
