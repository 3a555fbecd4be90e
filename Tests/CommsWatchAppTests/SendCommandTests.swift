import CommsWatchApp
import Foundation
import TestSupport
import Testing

/// `commswatch send` as an operator runs it, against a service in this process: what it prints, its
/// exit status, and that the scrape counts exactly the events it says it sent.
struct SendCommandTests {
    func send(_ arguments: [String]) throws -> ExternalTool.Result {
        try ExternalTool.run(ExecutableTests.binary.path, ["send"] + arguments)
    }

    /// The sum over events of `commswatch_events_accepted_total`, and how many events have a series.
    func accepted(_ samples: ExpositionSamples) -> (total: Double, events: Int) {
        let series = samples.series(of: "commswatch_events_accepted_total")
        return (series.values.reduce(0, +), series.count)
    }

    @Test(.timeLimit(.minutes(5)))
    func sampleSendsEveryEventOnceAndPrintsTheReport() throws {
        let running = try RunningService()
        let first = try send(["--url", running.baseURL, "--sample", "--seed", "1"])
        #expect(first.status == 0, "stderr: \(first.stderr)")
        let lines = first.stdout.split(separator: "\n").map(String.init)
        try #require(lines.count == 2, "status line and report: \(first.stdout)")
        #expect(lines[0] == "HTTP 202")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        let count = try #require(report["accepted"] as? Int)
        #expect(report["duplicates"] as? Int == 0)
        #expect((report["rejected"] as? [Any])?.isEmpty == true)
        let scraped = accepted(try running.samples())
        #expect(scraped.total == Double(count))
        #expect(scraped.events == count, "one event of each kind")
        #expect(count >= 19)

        let again = try send(["--url", running.baseURL, "--sample", "--seed", "1"])
        #expect(again.status == 0, "duplicates are not refusals")
        #expect(again.stdout.contains("{\"accepted\":0,\"duplicates\":\(count),\"rejected\":[]}"))
    }

    @Test(.timeLimit(.minutes(5)))
    func syntheticLoadIsCountedExactly() throws {
        let running = try RunningService()
        let result = try send(["--url", running.baseURL, "--synthetic", "5000", "--batch", "500", "--seed", "7"])
        #expect(result.status == 0, "stderr: \(result.stderr)")
        let summary = #/^sent (\d+) events: (\d+) accepted, (\d+) duplicates, (\d+) rejected in ([0-9.]+) s \((\d+) events/s\)$/#
        let match = try #require(try summary.wholeMatch(in: result.stdout.trimmingCharacters(in: .newlines)), "\(result.stdout)")
        #expect(match.1 == "5000" && match.2 == "5000" && match.3 == "0" && match.4 == "0")
        #expect(Double(match.5).map { $0 > 0 } == true)
        #expect(accepted(try running.samples()).total == 5000)
        #expect(result.stderr.contains("seed 7"))
    }

    @Test(.timeLimit(.minutes(5)))
    func tokenAndGzipAreSentAndATokenlessSendIsRefused() throws {
        let running = try RunningService { $0.ingestTokens = ["s3cret"] }
        let refused = try send(["--url", running.baseURL, "--synthetic", "10"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("answered HTTP 401: unauthorized"), "\(refused.stderr)")

        let sent = try send(["--url", running.baseURL, "--synthetic", "1200", "--batch", "250", "--connections", "3", "--token", "s3cret", "--gzip"])
        #expect(sent.status == 0, "stderr: \(sent.stderr)")
        #expect(sent.stdout.hasPrefix("sent 1200 events: 1200 accepted, 0 duplicates, 0 rejected in "))
        #expect(accepted(try running.samples()).total == 1200)
    }

    @Test func aClosedPortIsOneReadableLineAndExitCodeOne() throws {
        let port = try FreePort.find()
        let result = try send(["--url", "http://127.0.0.1:\(port)", "--sample"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Error: cannot post to http://127.0.0.1:\(port)/api/events: connection refused\n"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    @Test func badArgumentsAreUsageErrors() throws {
        let neither = try send([])
        #expect(neither.status != 0)
        #expect(neither.stderr.contains("give either --sample or --synthetic"))
        let badURL = try send(["--url", "ftp://example", "--sample"])
        #expect(badURL.status != 0)
        #expect(badURL.stderr.contains("--url must be an http:// or https:// URL"))
    }
}
