import ArgumentParser
import Foundation
import Rules

/// `commswatch check …`: offline checks of the files the service loads, like `promtool check`, so CI can
/// reject a broken file before a deploy (room for `check config` next to `check rules`).
struct Check: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Check files the service loads, without starting it.",
        subcommands: [CheckRules.self]
    )
}

struct CheckRules: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check Prometheus rule files, like `promtool check rules`.",
        discussion: """
            Prints `Checking FILE`, then `  SUCCESS: N rules found` or `  FAILED:` and every error as \
            FILE:LINE:COLUMN: MESSAGE (on standard error). Exits 1 when any file fails.
            """
    )

    @Argument(help: "Rule files to check.")
    var files: [String]

    func run() throws {
        var failed = false
        for file in files {
            write("Checking \(file)\n", to: .standardOutput)
            do {
                let rules = try RuleFile.load(path: file)
                write("  SUCCESS: \(rules.ruleCount) rules found\n\n", to: .standardOutput)
            } catch {
                failed = true
                write("  FAILED:\n\(error)\n", to: .standardError)
                write("\n", to: .standardOutput)
            }
        }
        if failed { throw ExitCode.failure }
    }

    /// Unbuffered writes, so the report keeps its order when stdout and stderr share a terminal.
    private func write(_ text: String, to handle: FileHandle) {
        handle.write(Data(text.utf8))
    }
}
