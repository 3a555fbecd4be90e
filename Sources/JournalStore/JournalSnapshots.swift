import EventJournal
import Foundation
import Ingest
import Synchronization

/// Keeps the journal's replay short: snapshots the processor's state every `interval`, or sooner
/// once `bytesBetween` bytes were journaled, then deletes the segments the snapshot made
/// unnecessary. The snapshot carries the idempotency window too, so old segments are not needed
/// for deduplication either. A snapshot pauses ingest only while the state is copied.
final class JournalSnapshots: Sendable {
    private let journal: Journal
    private let files: SnapshotFile
    private let processor: EventProcessor
    private let gate: IngestGate
    private let interval: Duration
    private let bytesBetween: Int
    private let log: StoreLog
    private let state = Mutex(State())
    private let wake = NSCondition()
    /// Held while a snapshot is taken, so the schedule's and `finish`'s never write the same file at once.
    private let taking = Mutex(())

    private struct State {
        var last: JournalPosition?
        var appendedAtLast = 0
        var lastTime = ContinuousClock.now
        var started = false
        var stopped = false
    }

    init(journal: Journal, processor: EventProcessor, gate: IngestGate, interval: Duration, bytesBetween: Int, log: @escaping StoreLog) {
        self.journal = journal
        files = SnapshotFile(directory: journal.directory)
        self.processor = processor
        self.gate = gate
        self.interval = interval
        self.bytesBetween = bytesBetween
        self.log = log
    }

    /// Checks once a second whether a snapshot is due, on a thread of its own; `restoredAt` is
    /// where the snapshot the start restored ends.
    func start(restoredAt: JournalPosition?) {
        state.withLock {
            $0.last = restoredAt
            $0.started = true
        }
        let thread = Thread { [self] in
            while true {
                wake.lock()
                _ = wake.wait(until: Date().addingTimeInterval(1))
                wake.unlock()
                guard !state.withLock({ $0.stopped }) else { return }
                let due = state.withLock { state in
                    ContinuousClock.now - state.lastTime >= interval || journal.statistics.appendedBytes - state.appendedAtLast >= bytesBetween
                }
                if due { takeLogged() }
            }
        }
        thread.name = "journal-snapshots"
        thread.start()
    }

    /// Stops the schedule and takes a last snapshot, so the next start replays almost nothing
    /// (none when the journal never was replayed: its state would be empty).
    func finish() {
        guard state.withLock({ state in
            defer { state.stopped = true }
            return state.started && !state.stopped
        }) else { return }
        wake.lock()
        wake.broadcast()
        wake.unlock()
        takeLogged()
    }

    /// Takes a snapshot unless nothing was journaled since the last one.
    private func take() throws {
        try taking.withLock { _ in try takeAlone() }
    }

    private func takeAlone() throws {
        let appended = journal.statistics.appendedBytes
        let (position, payload) = gate.pause { () -> (JournalPosition, [UInt8]?) in
            let position = journal.endPosition
            guard position != state.withLock({ $0.last }) else { return (position, nil) }
            return (position, processor.snapshotState())
        }
        state.withLock {
            $0.lastTime = .now
            $0.appendedAtLast = appended
        }
        guard let payload else { return }
        try files.write(payload, at: position)
        state.withLock { $0.last = position }
        let removed = try journal.removeSegments(before: position.segment)
        log(.info, "snapshot taken", ["position": "\(position)", "bytes": String(payload.count), "segments_removed": String(removed)])
    }

    private func takeLogged() {
        do {
            try take()
        } catch {
            log(.error, "snapshot failed; the journal keeps every segment until one succeeds", ["error": "\(error)"])
        }
    }
}
