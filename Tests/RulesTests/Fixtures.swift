import Foundation
import Rules

/// The rule files in `Fixtures/`, read in place so promtool can check the very same files.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func path(_ name: String) -> String {
        directory.appendingPathComponent(name).path
    }

    static var all: [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".yaml") }.sorted()
    }

    /// The errors `RuleFile.parse` reports for `text`, or an empty list when it is valid.
    static func errors(in text: String) -> [RuleFileError] {
        do {
            _ = try RuleFile.parse(text, file: "test.yaml")
            return []
        } catch {
            return error.errors
        }
    }

    /// The errors for the fixture file `name`.
    static func errors(of name: String) -> [RuleFileError] {
        do {
            _ = try RuleFile.load(path: path(name))
            return []
        } catch {
            return error.errors
        }
    }
}
