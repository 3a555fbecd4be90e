/// The media ranges of an HTTP `Accept` header, with their `q` weights (RFC 9110 §12.5.1).
struct AcceptHeader {
    struct MediaRange: Equatable {
        /// Lowercased, `*` for a wildcard.
        var type: String
        var subtype: String
        /// Parameters other than `q`, names lowercased, values unquoted.
        var parameters: [String: String]
        var quality: Double
    }

    var ranges: [MediaRange]

    init(_ header: String) {
        ranges = header.split(separator: ",").compactMap(Self.parseRange)
    }

    /// The weight this header gives to `type/subtype` when its `version` parameter satisfies
    /// `acceptsVersion`, taken from the most specific matching range (`type/subtype` over `type/*`
    /// over `*/*`; the highest `q` among equally specific ones); nil when nothing matches.
    func quality(type: String, subtype: String, acceptsVersion: (String?) -> Bool) -> Double? {
        var best: (specificity: Int, quality: Double)?
        for range in ranges {
            let specificity: Int
            if range.type == type && range.subtype == subtype {
                guard acceptsVersion(range.parameters["version"]) else { continue }
                specificity = 2
            } else if range.type == type && range.subtype == "*" {
                specificity = 1
            } else if range.type == "*" && range.subtype == "*" {
                specificity = 0
            } else {
                continue
            }
            if let current = best,
                current.specificity > specificity
                    || (current.specificity == specificity && current.quality >= range.quality)
            {
                continue
            }
            best = (specificity, range.quality)
        }
        return best?.quality
    }

    private static func parseRange(_ text: Substring) -> MediaRange? {
        var pieces = text.split(separator: ";").makeIterator()
        guard let mediaType = pieces.next() else { return nil }
        let parts = mediaType.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2 else { return nil }
        let type = trimmed(parts[0]).lowercased()
        let subtype = trimmed(parts[1]).lowercased()
        guard !type.isEmpty, !subtype.isEmpty else { return nil }
        var parameters: [String: String] = [:]
        var quality = 1.0
        while let parameter = pieces.next() {
            guard let equals = parameter.firstIndex(of: "=") else { continue }
            let name = trimmed(parameter[..<equals]).lowercased()
            var value = trimmed(parameter[parameter.index(after: equals)...])
            if value.count >= 2 && value.hasPrefix("\"") && value.hasSuffix("\"") {
                value = value.dropFirst().dropLast()
            }
            if name == "q" {
                guard let parsed = Double(value), parsed >= 0, parsed <= 1 else { return nil }
                quality = parsed
            } else {
                parameters[name] = String(value)
            }
        }
        return MediaRange(type: type, subtype: subtype, parameters: parameters, quality: quality)
    }

    private static func trimmed(_ text: Substring) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let start = text.firstIndex(where: { !isSpace($0) }), let end = text.lastIndex(where: { !isSpace($0) })
        else {
            return ""
        }
        return text[start...end]
    }
}
