import Foundation
import Synchronization

/// Notifications waiting for their receivers, kept durably (in the data directory, or in PostgreSQL)
/// so that neither a receiver being down nor commswatch being killed loses one. A notice leaves the outbox only when its receiver
/// answered 2xx (delivered) or rejected it for good (dead-lettered to `dead-letters.jsonl`). It also
/// remembers the last notice queued for each alert and receiver, which is how a restart knows what
/// on-call has already been told.
public final class Outbox: Sendable {
    /// A queued notice.
    public struct Entry: Sendable, Equatable {
        public var seq: UInt64
        public var receiver: String
        public var notice: AlertNotice
        /// When it was queued, ms since the epoch.
        public var queuedAt: Int64
    }

    /// What a receiver was last told about one alert.
    public struct Told: Sendable {
        public var last: Entry
        /// The latest firing notice, which the cooldown is measured from.
        public var lastFiring: Entry?
    }

    private struct State {
        var journal: any OutboxLog
        var deadLetters: any OutboxLog
        var nextSeq: UInt64 = 1
        var pending: [String: [Entry]] = [:]
        var told: [String: [String: Told]] = [:]
        var appendedSinceCompaction = 0
    }

    /// Forgotten at compaction: alerts resolved longer ago than this.
    private static let toldRetention: Int64 = 24 * 3_600_000

    private let state: Mutex<State>

    /// Opens (creating when needed) the outbox files in `directory` and replays them.
    public convenience init(directory: String, now: Int64) throws(OutboxError) {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw OutboxError("cannot create \(directory): \(error.localizedDescription)")
        }
        try self.init(
            log: AppendOnlyFile(path: directory + "/outbox.jsonl"), deadLetters: AppendOnlyFile(path: directory + "/dead-letters.jsonl"),
            now: now)
    }

    /// Replays the outbox kept in `log`; notices rejected for good go to `deadLetters`.
    public init(log: sending any OutboxLog, deadLetters: sending any OutboxLog, now: Int64) throws(OutboxError) {
        var state = State(journal: log, deadLetters: deadLetters)
        let decoder = JSONDecoder()
        for line in try log.records() {
            guard let record = try? decoder.decode(OutboxRecord.self, from: Data(line.utf8)) else {
                throw OutboxError("\(log.location) has a record that is not an outbox record: \(line.prefix(120))")
            }
            Self.apply(record, to: &state)
        }
        // Rewriting at once also drops a line torn by a crash, so later appends start on a fresh line.
        try Self.compact(&state, now: now)
        self.state = Mutex(state)
    }

    /// Queues `notice` for each of `receivers` with one write to disk. For receivers in `replacing`,
    /// pending notices of the same alert are dropped: Alertmanager only needs an alert's latest state.
    @discardableResult
    public func add(_ notice: AlertNotice, for receivers: [String], replacing: Set<String> = [], at now: Int64) throws(OutboxError) -> [Entry] {
        guard !receivers.isEmpty else { return [] }
        let fingerprint = notice.fingerprint
        return try state.withLock { state throws(OutboxError) in
            var records: [OutboxRecord] = []
            var entries: [Entry] = []
            for receiver in receivers {
                if replacing.contains(receiver) {
                    for old in state.pending[receiver, default: []] where old.notice.fingerprint == fingerprint {
                        records.append(.removed(old.seq, reason: "superseded"))
                    }
                }
                let entry = Entry(seq: state.nextSeq, receiver: receiver, notice: notice, queuedAt: now)
                state.nextSeq += 1
                records.append(.add(entry.seq, receiver: receiver, notice: notice, at: now))
                entries.append(entry)
            }
            try Self.write(records, to: &state, now: now)
            return entries
        }
    }

    /// The notices waiting for `receiver`, oldest first.
    public func pending(for receiver: String) -> [Entry] {
        state.withLock { $0.pending[receiver] ?? [] }
    }

    /// What `receiver` was last told about the alert with `fingerprint`.
    public func told(_ receiver: String, fingerprint: String) -> Told? {
        state.withLock { $0.told[receiver]?[fingerprint] }
    }

    /// Every alert some receiver was last told is firing, for the sweep that resolves expired ones.
    public func firingTold() -> [Told] {
        state.withLock { state in state.told.values.flatMap { $0.values.filter { $0.last.notice.status == .firing } } }
    }

    /// The receiver confirmed these: they are never sent again.
    public func markDelivered(_ entries: [Entry], at now: Int64) throws(OutboxError) {
        try state.withLock { state throws(OutboxError) in try Self.write(entries.map { .delivered($0.seq) }, to: &state, now: now) }
    }

    /// The receiver will never accept these: they move to the dead-letter file.
    public func deadLetter(_ entries: [Entry], reason: String, at now: Int64) throws(OutboxError) {
        let encoder = Self.encoder
        try state.withLock { state throws(OutboxError) in
            let letters = entries.map { entry in
                var record = OutboxRecord.add(entry.seq, receiver: entry.receiver, notice: entry.notice, at: now)
                record.reason = reason
                return String(decoding: (try? encoder.encode(record)) ?? Data(), as: UTF8.self)
            }
            try state.deadLetters.append(letters)
            try Self.write(entries.map { .removed($0.seq, reason: reason) }, to: &state, now: now)
        }
    }

    /// Each receiver's number of pending notices and when the oldest was queued.
    public func depths() -> [(receiver: String, count: Int, oldestQueuedAt: Int64?)] {
        state.withLock { state in state.pending.map { ($0.key, $0.value.count, $0.value.first?.queuedAt) } }
    }

    private static var encoder: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    private static func write(_ records: [OutboxRecord], to state: inout State, now: Int64) throws(OutboxError) {
        let encoder = Self.encoder
        var lines: [String] = []
        for record in records {
            guard let data = try? encoder.encode(record) else { throw OutboxError("cannot encode an outbox record") }
            lines.append(String(decoding: data, as: UTF8.self))
        }
        try state.journal.append(lines)
        for record in records { apply(record, to: &state) }
        state.appendedSinceCompaction += records.count
        let live = state.pending.values.reduce(0) { $0 + $1.count } + state.told.values.reduce(0) { $0 + 2 * $1.count }
        if state.appendedSinceCompaction > 4 * live + 1000 { try compact(&state, now: now) }
    }

    private static func apply(_ record: OutboxRecord, to state: inout State) {
        state.nextSeq = max(state.nextSeq, record.seq + 1)
        switch record.op {
        case .add:
            guard let receiver = record.receiver, let notice = record.notice else { return }
            let entry = Entry(seq: record.seq, receiver: receiver, notice: notice, queuedAt: record.at ?? 0)
            state.pending[receiver, default: []].append(entry)
            let previous = state.told[receiver]?[notice.fingerprint]
            state.told[receiver, default: [:]][notice.fingerprint] = Told(
                last: entry, lastFiring: notice.status == .firing ? entry : previous?.lastFiring
            )
        case .delivered, .removed:
            for receiver in state.pending.keys {
                state.pending[receiver]?.removeAll { $0.seq == record.seq }
                if state.pending[receiver]?.isEmpty == true { state.pending[receiver] = nil }
            }
        }
    }

    /// Rewrites the journal as the adds still needed: pending notices, and each alert's last and last
    /// firing notice (marked delivered unless pending), so replay rebuilds the same state.
    private static func compact(_ state: inout State, now: Int64) throws(OutboxError) {
        let pendingSeqs = Set(state.pending.values.joined().map(\.seq))
        var keep: [UInt64: Entry] = [:]
        for entry in state.pending.values.joined() { keep[entry.seq] = entry }
        for (receiver, alerts) in state.told {
            for (fingerprint, told) in alerts {
                if told.last.notice.status == .resolved, now - told.last.queuedAt > toldRetention, !pendingSeqs.contains(told.last.seq) {
                    state.told[receiver]?[fingerprint] = nil
                    continue
                }
                keep[told.last.seq] = told.last
                if let firing = told.lastFiring { keep[firing.seq] = firing }
            }
        }
        var records: [OutboxRecord] = []
        for entry in keep.values.sorted(by: { $0.seq < $1.seq }) {
            records.append(.add(entry.seq, receiver: entry.receiver, notice: entry.notice, at: entry.queuedAt))
            if !pendingSeqs.contains(entry.seq) { records.append(.delivered(entry.seq)) }
        }
        let encoder = Self.encoder
        let lines = records.compactMap { (try? encoder.encode($0)).map { String(decoding: $0, as: UTF8.self) } }
        try state.journal.replace(with: lines)
        state.appendedSinceCompaction = 0
    }
}
