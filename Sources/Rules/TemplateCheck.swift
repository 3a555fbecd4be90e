/// A first check of the Go templates in alert labels and annotations: every `{{` action is closed and
/// its quoted strings end, the errors Go's template lexer reports as "unclosed action" and "unterminated
/// quoted string". Functions and pipelines are checked once the template engine exists.
enum TemplateCheck {
    /// The problem as Go words it (`template: NAME:LINE: unclosed action`), or nil when the text passes.
    static func problem(in text: String, name: String) -> String? {
        let bytes = Array(text.utf8)
        var index = 0
        var line = 1
        while index < bytes.count {
            if bytes[index] == UInt8(ascii: "\n") { line += 1 }
            guard bytes[index] == UInt8(ascii: "{"), index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: "{") else {
                index += 1
                continue
            }
            let start = line
            switch scanAction(bytes, from: index + 2, line: &line) {
            case .closed(let end): index = end
            case .unclosed: return "template: \(name):\(start): unclosed action"
            case .unterminatedQuote: return "template: \(name):\(start): unterminated quoted string"
            }
        }
        return nil
    }

    private enum ActionEnd {
        case closed(Int)
        case unclosed
        case unterminatedQuote
    }

    /// Scans an action's body from after `{{` to just past its `}}`, skipping quoted strings and comments.
    private static func scanAction(_ bytes: [UInt8], from start: Int, line: inout Int) -> ActionEnd {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "}") where index + 1 < bytes.count && bytes[index + 1] == UInt8(ascii: "}"):
                return .closed(index + 2)
            case UInt8(ascii: "\""), UInt8(ascii: "'"):
                guard let end = quoteEnd(bytes, from: index + 1, quote: byte, escapes: true) else { return .unterminatedQuote }
                index = end
            case UInt8(ascii: "`"):
                guard let end = quoteEnd(bytes, from: index + 1, quote: byte, escapes: false) else { return .unterminatedQuote }
                index = end
            case UInt8(ascii: "\n"):
                line += 1
                index += 1
            default:
                index += 1
            }
        }
        return .unclosed
    }

    /// The index just past the closing quote; Go's interpreted strings end at a newline, raw ones do not.
    private static func quoteEnd(_ bytes: [UInt8], from start: Int, quote: UInt8, escapes: Bool) -> Int? {
        var index = start
        while index < bytes.count {
            let byte = bytes[index]
            if byte == quote { return index + 1 }
            if escapes && byte == UInt8(ascii: "\n") { return nil }
            index += escapes && byte == UInt8(ascii: "\\") ? 2 : 1
        }
        return nil
    }
}
