import Ingest
import MetricRegistry
import TestSupport
import Testing

/// A processor restored from a snapshot behaves as the one it was taken from: the same series, the
/// same duplicates, and the same reactions to later events that depend on state from before it.
struct ProcessorSnapshotTests {
    typealias Instance = SnapshotInstance

    /// A client that connects and a dispute that opens before the snapshot, among a random mix.
    static let before =
        [
            Instance.event(
                "ws_connection_opened", id: "open-1", secondsAgo: 600, #""client_id":"snap-client","connection_region":"eu-west-1""#),
            Instance.event(
                "dispute_opened", id: "dispute-1", secondsAgo: 500,
                #""dispute_id":"snap-dispute","contract_id":"c-1","initiator_role":"client","reason_category":"quality","#
                    + #""owner":"team-trust","sla_remaining_sec":86400"#
            ),
        ] + Catalog.standard.sampleEvents(count: 2_000, seed: 1)

    static let close = Instance.event(
        "ws_connection_closed", id: "close-1", secondsAgo: 100, #""client_id":"snap-client","close_code":1000,"uptime_sec":500"#)
    static let resolve = Instance.event(
        "dispute_resolved", id: "resolved-1", secondsAgo: 50, #""dispute_id":"snap-dispute","resolution":"split""#)

    @Test func theRestoredProcessorHasTheSameSeriesAndAnswersTheSame() throws {
        let clock = ManualClock(Instance.start)
        let original = Instance(clock: clock)
        try original.ingest(Self.before)
        let snapshot = original.processor.snapshotState()
        let copy = Instance(clock: clock)
        try copy.processor.restoreState(from: snapshot)

        let same = Instance.differences(original.derivedSeries, copy.derivedSeries)
        #expect(same.isEmpty, "\(same.prefix(5))")
        let savesAlike = copy.processor.snapshotState() == snapshot
        #expect(savesAlike, "the restored state saves to the same bytes")
        #expect(copy.window.count == original.window.count)

        let repeated = try copy.ingest(Self.before)
        #expect(repeated.accepted == 0 && repeated.duplicates == Self.before.count, "keys taken before the snapshot are still taken")

        // The close ends a connection counted before the snapshot.
        let gauge = #"chat_ws_active_connections{region="eu-west-1"}"#
        guard case .scalar(let open)? = copy.derivedSeries[gauge] else { Issue.record("no \(gauge)"); return }
        try original.ingest([Self.close])
        try copy.ingest([Self.close])
        #expect(copy.derivedSeries[gauge] == .scalar(open - 1))

        // The resolution closes a dispute opened before the snapshot and times it from its opening.
        let disputes = copy.processor.disputes.openCount
        try original.ingest([Self.resolve])
        try copy.ingest([Self.resolve])
        #expect(copy.processor.disputes.openCount == disputes - 1)
        let resolution = copy.derivedSeries[#"dispute_resolution_time_seconds{resolution="split"}"#]
        #expect(resolution == original.derivedSeries[#"dispute_resolution_time_seconds{resolution="split"}"#])
        if case .histogram(let histogram)? = resolution { #expect(histogram.count >= 1) } else { Issue.record("no resolution time") }

        // Later events change both alike, including duplicates of the earlier ones.
        let later = Catalog.standard.sampleEvents(count: 2_000, seed: 2) + Self.before.suffix(100)
        #expect(try original.ingest(later) == copy.ingest(later))
        let after = Instance.differences(original.derivedSeries, copy.derivedSeries, sumTolerance: 1e-12)
        #expect(after.isEmpty, "\(after.prefix(5))")
    }

    @Test func overflowSeriesAndTheirFoldCountsSurvive() throws {
        let clock = ManualClock(Instance.start)
        let original = Instance(clock: clock, seriesLimit: 2)
        try original.ingest(Catalog.standard.sampleEvents(count: 1_000, seed: 3))
        let series = original.derivedSeries
        #expect(series.keys.contains { $0.contains("__overflow__") }, "the limit folded some series")
        #expect(
            series.contains { key, value in key.hasPrefix(MetricRegistry.overflowMetricName) && value != .scalar(0) },
            "and counted the folds")

        let copy = try original.restored(clock: clock, seriesLimit: 2)
        let same = Instance.differences(series, copy.derivedSeries)
        #expect(same.isEmpty, "\(same.prefix(5))")

        let later = Catalog.standard.sampleEvents(count: 500, seed: 4)
        #expect(try original.ingest(later) == copy.ingest(later))
        let after = Instance.differences(original.derivedSeries, copy.derivedSeries, sumTolerance: 1e-12)
        #expect(after.isEmpty, "\(after.prefix(5))")
    }

    @Test func damagedBytesThrowAndChangeNothing() throws {
        let clock = ManualClock(Instance.start)
        let original = Instance(clock: clock)
        try original.ingest(Self.before)
        let snapshot = original.processor.snapshotState()
        let target = Instance(clock: clock)
        let untouched = target.derivedSeries

        /// Expects `bytes` refused, for a problem in `section` when one is given.
        func expectRefused(_ bytes: [UInt8], section: String?, _ comment: Comment) {
            let error = #expect(throws: SnapshotError.self, comment) { try target.processor.restoreState(from: bytes) }
            if let section { #expect(error?.section == section, "\(comment): \(error.map { "\($0)" } ?? "")") }
        }
        // The header is 12 bytes, the first section's name ends at 23 and its length at 31.
        for cut in [0, 3, 7, 8, 11, 12, 20, 30] { expectRefused(Array(snapshot.prefix(cut)), section: "framing", "cut at \(cut)") }
        expectRefused(Array(snapshot.prefix(40)), section: "metrics", "cut at 40")
        for cut in [snapshot.count / 3, snapshot.count / 2] { expectRefused(Array(snapshot.prefix(cut)), section: nil, "cut at \(cut)") }
        expectRefused(Array(snapshot.prefix(snapshot.count - 1)), section: "window", "cut at the end")
        var wrongVersion = snapshot
        wrongVersion[4] = 2
        expectRefused(wrongVersion, section: "framing", "version 2")
        var notASnapshot = snapshot
        notASnapshot[0] = UInt8(ascii: "X")
        expectRefused(notASnapshot, section: "framing", "no magic")
        // The metrics section's family count (after the header and its name and length) says far more
        // families than its bytes can hold.
        var hugeCount = snapshot
        hugeCount.replaceSubrange(31..<35, with: [0xFF, 0xFF, 0xFF, 0xFF])
        expectRefused(hugeCount, section: "metrics", "a count past the end")

        #expect(Instance.differences(untouched, target.derivedSeries).isEmpty)
        #expect(target.window.count == 0 && target.processor.disputes.openCount == 0 && target.processor.connections.openCount == 0)
        #expect(target.processor.analytics.footprint.days == 0)

        try target.processor.restoreState(from: snapshot)
        #expect(Instance.differences(original.derivedSeries, target.derivedSeries).isEmpty, "the intact bytes still restore")
    }

    @Test func sectionsThisVersionDoesNotKnowAreSkipped() throws {
        let clock = ManualClock(Instance.start)
        let original = Instance(clock: clock)
        try original.ingest(Self.before)
        var bytes = original.processor.snapshotState()
        bytes[8] += 1  // the section count
        let name = Array("from-the-future".utf8)
        bytes += withUnsafeBytes(of: UInt32(name.count).littleEndian, Array.init) + name
        bytes += withUnsafeBytes(of: UInt64(3).littleEndian, Array.init) + [1, 2, 3]
        let copy = Instance(clock: clock)
        try copy.processor.restoreState(from: bytes)
        #expect(Instance.differences(original.derivedSeries, copy.derivedSeries).isEmpty)
    }

    @Test func aWindowOfAnotherCapacityKeepsTheKeys() throws {
        let clock = ManualClock(Instance.start)
        let original = Instance(clock: clock, capacity: 100_000)
        try original.ingest(Self.before)
        for capacity in [5_000, 1_000_000] {
            let copy = try original.restored(clock: clock, capacity: capacity)
            #expect(copy.window.count == original.window.count, "capacity \(capacity)")
            let repeated = try copy.ingest(Self.before)
            #expect(repeated.duplicates == Self.before.count, "capacity \(capacity)")
        }
    }
}
