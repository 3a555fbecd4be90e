import ArgumentParser
import Foundation
import PrometheusModel
import Ingest

/// `commswatch send`: posts events generated from the catalog to a running commswatch, to try it out
/// (`--sample`) or to load it (`--synthetic N`).
struct Send: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Post sample or synthetic events to a running commswatch.",
        discussion: """
            --sample posts one valid event of every catalog event as one JSON array and prints the HTTP \
            status and the server's report. --synthetic N posts N valid events, at random across the \
            catalog, as NDJSON batches over concurrent keep-alive connections, prints progress every \
            second on standard error and a summary line on standard output.

            Events come from the catalog, with unique event ids; the same --seed sends the same events \
            (so a repeated run is all duplicates). Exits 1 when the server is unreachable, answers with \
            an error, or rejects any event.
            """
    )

    @Option(help: "Base URL of the running commswatch; events go to <url>/api/events.")
    var url = "http://127.0.0.1:9470"

    @Flag(help: "Post one sample of every catalog event and print the server's answer.")
    var sample = false

    @Option(help: ArgumentHelp("Post this many synthetic events as NDJSON batches.", valueName: "count"))
    var synthetic: Int?

    @Option(help: "Events per NDJSON batch, with --synthetic.")
    var batch = 1000

    @Option(help: "Concurrent keep-alive connections, with --synthetic.")
    var connections = 2

    @Option(help: "Seed for the generated events. (default: random, printed on standard error)")
    var seed: UInt64?

    @Option(help: "Ingest token, sent as Authorization: Bearer <token>. [env: COMMSWATCH_INGEST_TOKEN]")
    var token: String?

    @Flag(help: "Compress request bodies with gzip.")
    var gzip = false

    func validate() throws {
        guard sample != (synthetic != nil) else { throw ValidationError("give either --sample or --synthetic <count>") }
        if let synthetic, synthetic <= 0 { throw ValidationError("--synthetic must be a positive number of events, got \(synthetic)") }
        guard batch > 0 else { throw ValidationError("--batch must be positive, got \(batch)") }
        guard connections > 0 else { throw ValidationError("--connections must be positive, got \(connections)") }
        _ = try endpoint()
    }

    func run() async throws {
        let token = token ?? ProcessInfo.processInfo.environment["COMMSWATCH_INGEST_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        let sender = EventSender(endpoint: try endpoint(), token: token, gzip: gzip, connections: connections)
        // A random seed of at most 10 digits: short enough to type back in to repeat the run.
        let seed = seed ?? UInt64.random(in: 0...UInt64(UInt32.max))
        FileHandle.standardError.write(Data("commswatch send: seed \(seed) (--seed \(seed) sends the same events)\n".utf8))
        if let synthetic {
            try await sendSynthetic(synthetic, sender: sender, seed: seed)
        } else {
            try await sendSample(sender: sender, seed: seed)
        }
    }

    private func sendSample(sender: EventSender, seed: UInt64) async throws {
        let catalog = Catalog.standard
        let events = catalog.sampleOfEachEvent(seed: seed)
        let answer = try await sender.post(Array(("[\n" + events.joined(separator: ",\n") + "\n]\n").utf8), as: .json)
        print("HTTP \(answer.status)")
        print(answer.body, terminator: answer.body.hasSuffix("\n") ? "" : "\n")
        for item in answer.report?.rejected ?? [] where catalog.events.indices.contains(item.index) {
            FileHandle.standardError.write(Data("rejected \(catalog.events[item.index].name): \(item.code): \(item.message)\n".utf8))
        }
        guard answer.isSuccess, let report = answer.report, report.rejected.isEmpty else { throw ExitCode.failure }
    }

    private func sendSynthetic(_ count: Int, sender: EventSender, seed: UInt64) async throws {
        let load = SyntheticLoad(sender: sender, total: count, batchSize: batch, connections: connections, seed: seed)
        let (totals, elapsed) = try await load.run()
        let seconds = elapsed.inSeconds
        print("\(totals.line()) in \(String(format: "%.2f", seconds)) s (\(Int(Double(totals.sent) / seconds)) events/s)")
        if let rejection = totals.firstRejection {
            FileHandle.standardError.write(Data("first rejected \(rejection)\n".utf8))
            throw ExitCode.failure
        }
    }

    /// `<url>/api/events`, for an http or https URL with a host.
    private func endpoint() throws -> URL {
        guard let base = URL(string: url), let scheme = base.scheme?.lowercased(), scheme == "http" || scheme == "https",
            base.host?.isEmpty == false
        else { throw ValidationError("--url must be an http:// or https:// URL with a host, got \"\(url)\"") }
        let trimmed = url.hasSuffix("/") ? String(url.dropLast()) : url
        guard let endpoint = URL(string: trimmed + "/api/events") else { throw ValidationError("--url \"\(url)\" cannot take a path") }
        return endpoint
    }
}
