import Dispatch
import PrometheusModel
import Synchronization

/// Decides who is told what, and hands it to the receivers' workers through the outbox.
///
/// Alertmanager gets every notice the rules produce (it deduplicates and groups itself). People's
/// tools get one message per state change: a firing alert once, its resolution once. A firing alert
/// is not announced again within `cooldown` of its last announcement (seed 003's
/// `NOTIFICATION_ALERT_COOLDOWN_MS`): a flap inside the cooldown is held back and announced at its
/// end only if still firing. Resolutions are never held back. An alert whose last notice expired
/// without a refresh (its rule was removed, or commswatch was down) is resolved as Alertmanager would.
public final class AlertNotifier: Sendable {
    public struct Options: Sendable {
        /// Minimum time between two firing announcements of one alert to one direct receiver, ms.
        public var cooldown: Int64
        public var retry: RetryPolicy
        /// How often held-back and expired alerts are looked at.
        public var sweepInterval: Duration

        public init(cooldown: Int64 = 300_000, retry: RetryPolicy = RetryPolicy(), sweepInterval: Duration = .seconds(1)) {
            self.cooldown = cooldown
            self.retry = retry
            self.sweepInterval = sweepInterval
        }
    }

    private struct State {
        /// Firing notices held back by the cooldown, by receiver and fingerprint.
        var heldBack: [Key: AlertNotice] = [:]
        /// The latest `endsAt` of alerts already announced as firing, refreshed by every resend.
        var validUntil: [Key: Int64] = [:]
        var timer: (any DispatchSourceTimer)?
    }

    private struct Key: Hashable {
        var receiver: String
        var fingerprint: String
    }

    public let configuration: DeliveryConfiguration
    private let outbox: Outbox
    private let options: Options
    private let observer: DeliveryObserver
    private let now: @Sendable () -> Int64
    private let workers: [String: ReceiverWorker]
    /// Alerts announced before a restart are not expired until the rules have had time to resend them.
    private let expiryNotBefore: Int64
    private let queue = DispatchQueue(label: "commswatch.notify")
    private let state = Mutex(State())

    public init(
        configuration: DeliveryConfiguration, outbox: Outbox, transport: HTTPTransport,
        options: Options = Options(), observer: DeliveryObserver = DeliveryObserver(), now: @escaping @Sendable () -> Int64
    ) {
        self.configuration = configuration
        self.outbox = outbox
        self.options = options
        self.observer = observer
        self.now = now
        expiryNotBefore = now() + 5 * 60_000
        workers = Dictionary(
            uniqueKeysWithValues: configuration.receivers.map { receiver in
                (receiver.name, ReceiverWorker(
                    receiver: receiver, outbox: outbox, transport: transport, retry: options.retry,
                    observer: observer, now: now))
            })
    }

    /// Sends what a previous run left pending and starts the sweep; `context` is for the payloads.
    public func start(context: RenderContext) {
        workers.values.forEach { $0.start(context: context) }
        let interval = options.sweepInterval.inMilliseconds
        state.withLock { state in
            let timer = DispatchSource.makeTimerSource(queue: queue)
            timer.schedule(deadline: .now(), repeating: .milliseconds(Int(max(interval, 1))))
            timer.setEventHandler { [weak self] in self?.sweep() }
            timer.resume()
            state.timer = timer
        }
    }

    /// Stops sending; pending notices stay in the outbox for the next start.
    public func stop() {
        state.withLock { state in
            state.timer?.cancel()
            state.timer = nil
        }
        queue.sync {}
        workers.values.forEach { $0.stop() }
    }

    /// Takes the alerts the rules want sent; returns at once, delivery happens on the workers.
    public func submit(_ notices: [AlertNotice]) {
        queue.async { notices.forEach(self.route) }
    }

    /// Queues a test alert, firing then resolved, for every receiver; returns their names.
    @discardableResult
    public func sendTest() -> [String] {
        let names = configuration.receivers.map(\.name)
        let notices = TestAlert.notices(at: now())
        queue.async {
            for notice in notices { self.enqueue(notice, for: names) }
        }
        return names
    }

    /// Waits until every notice submitted so far is in the outbox (for tests and shutdown).
    public func flush() {
        queue.sync {}
    }

    private func route(_ notice: AlertNotice) {
        let time = now()
        var direct: [String] = []
        var everyResend: [String] = []
        for name in configuration.routes.receivers(for: notice.labels) {
            guard let worker = workers[name] else { continue }
            if worker.receiver.kind.wantsEveryResend {
                everyResend.append(name)
            } else if shouldAnnounce(notice, to: name, at: time) {
                direct.append(name)
            }
        }
        enqueue(notice, for: everyResend + direct, replacing: Set(everyResend))
    }

    /// Whether a direct receiver hears of `notice` now; records held-back and refreshed alerts.
    private func shouldAnnounce(_ notice: AlertNotice, to receiver: String, at time: Int64) -> Bool {
        let key = Key(receiver: receiver, fingerprint: notice.fingerprint)
        let told = outbox.told(receiver, fingerprint: key.fingerprint)
        let toldFiring = told?.last.notice.status == .firing
        return state.withLock { state in
            switch notice.status {
            case .firing where toldFiring:
                if let endsAt = notice.endsAt { state.validUntil[key] = endsAt }
                return false
            case .firing:
                if let lastFiring = told?.lastFiring, time - lastFiring.queuedAt < options.cooldown {
                    state.heldBack[key] = notice
                    return false
                }
                state.validUntil[key] = notice.endsAt
                return true
            case .resolved:
                state.heldBack[key] = nil
                state.validUntil[key] = nil
                return toldFiring
            }
        }
    }

    private func enqueue(_ notice: AlertNotice, for receivers: [String], replacing: Set<String> = []) {
        guard !receivers.isEmpty else { return }
        do {
            try outbox.add(notice, for: receivers, replacing: replacing, at: now())
        } catch {
            observer.outboxFailed(error)
            return
        }
        receivers.forEach { workers[$0]?.kick() }
    }

    /// Announces held-back alerts whose cooldown is over and resolves announced alerts that expired.
    private func sweep() {
        let time = now()
        let due = state.withLock { state in
            let due = state.heldBack.filter { key, notice in
                let lastFiring = outbox.told(key.receiver, fingerprint: key.fingerprint)?.lastFiring?.queuedAt ?? .min
                return time - lastFiring >= options.cooldown || (notice.endsAt ?? .max) < time
            }
            for key in due.keys { state.heldBack[key] = nil }
            return due
        }
        for (key, notice) in due where (notice.endsAt ?? .max) >= time {
            state.withLock { $0.validUntil[key] = notice.endsAt }
            enqueue(notice, for: [key.receiver])
        }
        guard time >= expiryNotBefore else { return }
        for told in outbox.firingTold() where workers[told.last.receiver]?.receiver.kind.wantsEveryResend == false {
            let key = Key(receiver: told.last.receiver, fingerprint: told.last.notice.fingerprint)
            guard let endsAt = state.withLock({ $0.validUntil[key] }) ?? told.last.notice.endsAt, endsAt < time else { continue }
            var resolved = told.last.notice
            resolved.status = .resolved
            resolved.endsAt = endsAt
            state.withLock { $0.validUntil[key] = nil }
            enqueue(resolved, for: [key.receiver])
        }
    }
}
