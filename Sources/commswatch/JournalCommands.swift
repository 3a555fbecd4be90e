import ArgumentParser
import CommsWatchApp
import EventJournal
import Exposition
import Foundation
import Ingest
import MetricRegistry

/// `commswatch journal verify`: checks every record's checksum without changing anything.
struct JournalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "journal", abstract: "Inspect the event journal.", subcommands: [JournalVerify.self])
}

struct JournalVerify: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check the length and checksum of every journal record, changing nothing.",
        discussion: """
            Exits 0 when the journal replays completely; a torn last record (a crash mid-write, cut off at \
            the next start) is reported but is not an error. Exits 1 for damage that would stop the service.
            """
    )

    @Option(help: "The service's data directory. [env: COMMSWATCH_DATA_DIR] (default: ./data)")
    var dataDir: String?

    func run() throws {
        var configuration = AppConfiguration()
        if let dataDir = dataDir ?? ProcessInfo.processInfo.environment["COMMSWATCH_DATA_DIR"] { configuration.dataDirectory = dataDir }
        let report: ReplayReport
        do {
            report = try Journal(directory: configuration.journalDirectory).verify()
        } catch {
            FileHandle.standardError.write(Data("FAILED: \(error)\n".utf8))
            throw ExitCode.failure
        }
        print("\(configuration.journalDirectory): \(report.records) records in \(report.segments) segments, \(report.bytes) bytes: OK")
        if let truncation = report.truncation {
            print("the last \(report.truncatedBytes) bytes are a torn record (\(truncation)); the next start cuts them off")
        }
    }
}

/// `commswatch replay`: rebuilds the metrics from the journal, offline, and prints them.
struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rebuild the metrics from the event journal and print them in the text exposition format.",
        discussion: "What the service would serve right after starting on this data directory; a summary goes to standard error."
    )

    @Option(help: "The service's data directory. [env: COMMSWATCH_DATA_DIR] (default: ./data)")
    var dataDir: String?

    @Option(help: "Prefix for every catalog metric name, as `serve --metric-prefix`. [env: COMMSWATCH_METRIC_PREFIX]")
    var metricPrefix: String?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        var configuration = AppConfiguration()
        if let dataDir = dataDir ?? environment["COMMSWATCH_DATA_DIR"] { configuration.dataDirectory = dataDir }
        if let prefix = metricPrefix ?? environment["COMMSWATCH_METRIC_PREFIX"] { try configuration.setMetricPrefix(prefix) }
        guard FileManager.default.fileExists(atPath: configuration.journalDirectory) else {
            throw ValidationError("no journal at \(configuration.journalDirectory)")
        }
        let registry = MetricRegistry(seriesLimit: configuration.seriesLimit)
        let processor = EventProcessor(
            registry: registry, prefix: configuration.metricPrefix,
            window: IdempotencyWindow(capacity: configuration.dedupCapacity, maxAge: configuration.dedupMaxAge), now: configuration.now)
        let outcome = try JournalReplay.replay(try Journal(directory: configuration.journalDirectory), into: processor)
        var text: [UInt8] = []
        TextFormat.render(registry.snapshot(), into: &text)
        FileHandle.standardOutput.write(Data(text))
        FileHandle.standardError.write(Data("replayed \(outcome.events) events (\(outcome.report.bytes) bytes) in \(outcome.duration)\n".utf8))
    }
}
