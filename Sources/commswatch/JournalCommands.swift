import ArgumentParser
import CommsWatchApp
import EventJournal
import JournalStore
import Exposition
import Foundation
import Ingest
import MetricRegistry

/// `commswatch journal verify`: checks every snapshot and every record a start would replay,
/// without changing anything.
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
            the next start) and a damaged snapshot (an older one is used) are reported but are not errors. \
            Exits 1 for damage that would stop the service.
            """
    )

    @Option(help: "The service's data directory. [env: COMMSWATCH_DATA_DIR] (default: ./data)")
    var dataDir: String?

    func run() throws {
        var configuration = AppConfiguration()
        if let dataDir = dataDir ?? ProcessInfo.processInfo.environment["COMMSWATCH_DATA_DIR"] { configuration.dataDirectory = dataDir }
        let report: ReplayReport
        let snapshots = SnapshotFile(directory: configuration.journalDirectory)
        var snapshotProblems: [String] = []
        var start: JournalPosition?
        do {
            for position in try snapshots.positions() {
                switch snapshots.read(position) {
                case .success: start = start ?? position
                case .failure(let problem): snapshotProblems.append(problem.description)
                }
            }
            report = try Journal(directory: configuration.journalDirectory).verify(from: start)
        } catch {
            FileHandle.standardError.write(Data("FAILED: \(error)\n".utf8))
            throw ExitCode.failure
        }
        let from = start.map { "snapshot at \($0), then " } ?? ""
        print("\(configuration.journalDirectory): \(from)\(report.records) records in \(report.segments) segments, \(report.bytes) bytes: OK")
        for problem in snapshotProblems { print("snapshot damaged (an older one, or the whole journal, is used instead): \(problem)") }
        if let truncation = report.truncation {
            print("the last \(report.truncatedBytes) bytes are a torn record (\(truncation)); the next start cuts them off")
        }
    }
}

/// `commswatch replay`: rebuilds the metrics from the journal, offline, and prints them.
struct Replay: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Rebuild the metrics from the newest snapshot and the event journal after it, and print them in the text exposition format.",
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
        let (snapshot, outcome) = try JournalReplay.rebuild(try Journal(directory: configuration.journalDirectory), into: processor) { problem in
            FileHandle.standardError.write(Data("snapshot skipped: \(problem)\n".utf8))
        }
        var text: [UInt8] = []
        TextFormat.render(registry.snapshot(), into: &text)
        FileHandle.standardOutput.write(Data(text))
        let from = snapshot.map { "the snapshot at \($0), then " } ?? ""
        FileHandle.standardError.write(Data("restored \(from)replayed \(outcome.events) events (\(outcome.report.bytes) bytes) in \(outcome.duration)\n".utf8))
    }
}
