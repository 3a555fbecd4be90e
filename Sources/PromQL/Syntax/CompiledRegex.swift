import Foundation

/// A label-matcher regex compiled once and matched against whole values. It uses
/// `NSRegularExpression` (ICU), which is Sendable and matches code points as RE2 does; Swift's
/// `Regex` is not Sendable in this toolchain.
struct CompiledRegex: Sendable {
    let regex: NSRegularExpression

    init(_ pattern: String) throws(RegexError) {
        if let unsupported = CompiledRegex.nonRE2Construct(in: pattern) {
            throw RegexError(message: "invalid or unsupported Perl syntax: `\(unsupported)`")
        }
        do {
            regex = try NSRegularExpression(pattern: "\\A(?s:" + pattern + ")\\z")
        } catch {
            throw RegexError(message: "invalid regular expression: `\(pattern)`")
        }
    }

    /// True when the whole of `value` matches (the implicit `^…$` anchoring, written `\A…\z`
    /// because ICU's `$` also matches before a final newline).
    func matchesWhole(_ value: String) -> Bool {
        regex.firstMatch(in: value, range: NSRange(value.startIndex..., in: value)) != nil
    }

    /// The first lookaround, atomic group or backreference, which Swift accepts and RE2 rejects.
    static func nonRE2Construct(in pattern: String) -> String? {
        let scalars = Array(pattern.unicodeScalars)
        var index = 0
        var inClass = false
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\" {
                if index + 1 < scalars.count, ("1"..."9").contains(scalars[index + 1]), !inClass {
                    return "\\" + String(scalars[index + 1])
                }
                index += 2
                continue
            }
            if scalar == "[" { inClass = true }
            if scalar == "]" { inClass = false }
            if !inClass, scalar == "(", index + 2 < scalars.count, scalars[index + 1] == "?" {
                let rest = String(String.UnicodeScalarView(scalars[(index + 2)...].prefix(2)))
                for construct in ["=", "!", "<=", "<!", ">"] where rest.hasPrefix(construct) {
                    return "(?" + construct
                }
            }
            index += 1
        }
        return nil
    }
}
