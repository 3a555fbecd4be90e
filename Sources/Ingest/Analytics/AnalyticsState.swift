/// What one analytics event changes, read from its properties (see `ProductAnalytics.Reader`).
enum AnalyticsChange {
    case threadCreated(thread: String, contract: String?, withProposal: Bool)
    case messageSent(thread: String, firstReplyLatency: Double?)
    case contractStarted(contract: String, thread: String?, fromChat: Bool)
    case contractClosed(contract: String, hadDispute: Bool)
    case disputeOpened(contract: String)
    case disputeResolved(resolution: Int)
    case npsSubmitted(score: Int)
}

/// The state behind `ProductAnalytics`, without locking: per-day totals for the window's days, and
/// the contracts and threads the contract figures are computed from. Days are UTC day numbers
/// since 1970-01-01.
///
/// Per contract only the earliest day of each kind of event is kept (and "any" for its flags), so
/// the figures do not depend on the order events arrive in. What can no longer change a figure of
/// the window is dropped when the window moves (`advance(to:)`); docs/ANALYTICS.md states the bound.
struct AnalyticsState {
    static let windowDays: Int32 = 7
    /// Days after its last event that a thread not tied to a kept contract, or a contract neither
    /// started nor closed, is remembered past the window's start, waiting for the event that ties it.
    static let pendingDays: Int32 = 30

    struct Contract {
        var started: Int32?
        var fromChat = false
        var closed: Int32?
        var disputed = false
        /// The earliest message in any of its threads.
        var firstMessage: Int32?
        var lastSeen: Int32
    }

    struct Thread {
        var firstMessage: Int32?
        var contracts: [String] = []
        var lastSeen: Int32

        /// Notes a message sent on `day`; returns the contracts whose first message it may be.
        mutating func noteMessage(on day: Int32) -> [String] {
            lastSeen.raise(to: day)
            guard firstMessage.map({ day < $0 }) ?? true else { return [] }
            firstMessage = day
            return contracts
        }
    }

    /// What the figures need of a contract, with days before the window folded into the day before
    /// it and `Int32.max` for "never": contracts with the same cohort count alike on every window
    /// day, so a scrape reads a few hundred cohorts rather than every contract.
    struct Cohort: Hashable {
        var started: Int32
        var closed: Int32
        var firstMessage: Int32
        var fromChat: Bool
        var disputed: Bool
    }

    private(set) var windowStart: Int32
    private(set) var days: [Int32: DayTotals] = [:]
    private(set) var contracts: [String: Contract] = [:]
    private(set) var threads: [String: Thread] = [:]
    private var cohorts: [Cohort: Int] = [:]

    init(today: Int32) {
        windowStart = today - (Self.windowDays - 1)
    }

    /// The state a snapshot saved; the cohorts, which only summarise the contracts, are refolded.
    init(windowStart: Int32, days: [Int32: DayTotals], contracts: [String: Contract], threads: [String: Thread]) {
        self.windowStart = windowStart
        self.days = days
        self.contracts = contracts
        self.threads = threads
        for contract in contracts.values { count(contract, by: 1) }
    }

    mutating func apply(_ change: AnalyticsChange, on day: Int32, today: Int32) {
        advance(to: today)
        // Days past tomorrow cannot come from the decoder (it refuses timestamps 5 minutes ahead).
        if day >= windowStart && day <= today + 1 { days[day, default: DayTotals()].add(change) }
        switch change {
        case .threadCreated(let thread, let contract?, _):
            tie(thread, to: contract, on: day)
        case .threadCreated(let thread, nil, _):
            threads[thread, default: Thread(lastSeen: day)].lastSeen.raise(to: day)
        case .messageSent(let thread, _):
            let tied = threads[thread, default: Thread(lastSeen: day)].noteMessage(on: day)
            for contract in tied where contracts[contract] != nil {
                update(contract, on: day) { $0.firstMessage.lower(to: day) }
            }
        case .contractStarted(let contract, let thread, let fromChat):
            update(contract, on: day) {
                $0.started.lower(to: day)
                $0.fromChat = $0.fromChat || fromChat
            }
            if let thread { tie(thread, to: contract, on: day) }
        case .contractClosed(let contract, let hadDispute):
            update(contract, on: day) {
                $0.closed.lower(to: day)
                $0.disputed = $0.disputed || hadDispute
            }
        case .disputeOpened(let contract):
            update(contract, on: day) { $0.disputed = true }
        case .disputeResolved, .npsSubmitted:
            break
        }
    }

    /// Moves the window to end `today`: drops the days before it, contracts closed before it, and
    /// pending threads and contracts not heard of for `pendingDays`; refolds the cohorts.
    mutating func advance(to today: Int32) {
        let start = today - (Self.windowDays - 1)
        guard start > windowStart else { return }
        windowStart = start
        let forgetBefore = start - Self.pendingDays
        days = days.filter { $0.key >= start }
        contracts = contracts.filter { _, contract in
            if let closed = contract.closed { return max(closed, contract.started ?? closed) >= start }
            return contract.started != nil || contract.lastSeen >= forgetBefore
        }
        threads = threads.compactMapValues { thread in
            var thread = thread
            thread.contracts.removeAll { contracts[$0] == nil }
            return thread.contracts.isEmpty && thread.lastSeen < forgetBefore ? nil : thread
        }
        cohorts = [:]
        for contract in contracts.values { count(contract, by: 1) }
    }

    /// The figures of the window's days up to `today`; first-reply latencies are left unsorted. None
    /// when the clock went back before the window's start.
    func figures(through today: Int32) -> [DailyFigures] {
        let first = max(windowStart, today - (Self.windowDays - 1))
        guard first <= today else { return [] }
        var figures = (first...today).map { DailyFigures(day: $0, totals: days[$0]) }
        for (cohort, count) in cohorts {
            for index in figures.indices {
                let day = figures[index].day
                if cohort.started <= day && day <= cohort.closed {
                    figures[index].activeContracts += count
                    if cohort.firstMessage <= day { figures[index].contractsWithMessages += count }
                }
                if cohort.started == day && cohort.fromChat { figures[index].contractsFromChat += count }
                if cohort.closed == day {
                    figures[index].closedContracts += count
                    if cohort.disputed { figures[index].closedWithDispute += count }
                }
            }
        }
        return figures
    }

    // MARK: - Contracts and threads

    private mutating func update(_ id: String, on day: Int32, _ change: (inout Contract) -> Void) {
        var contract = contracts[id] ?? Contract(lastSeen: day)
        count(contract, by: -1)
        change(&contract)
        contract.lastSeen.raise(to: day)
        count(contract, by: 1)
        contracts[id] = contract
    }

    /// Records that `threadID` belongs to `contractID`: the thread's messages count for the contract.
    private mutating func tie(_ threadID: String, to contractID: String, on day: Int32) {
        var thread = threads[threadID] ?? Thread(lastSeen: day)
        thread.lastSeen.raise(to: day)
        if !thread.contracts.contains(contractID) { thread.contracts.append(contractID) }
        threads[threadID] = thread
        let firstMessage = thread.firstMessage
        update(contractID, on: day) { $0.firstMessage.lower(to: firstMessage) }
    }

    private mutating func count(_ contract: Contract, by delta: Int) {
        // A contract neither started nor closed counts nowhere.
        guard contract.started != nil || contract.closed != nil else { return }
        func fold(_ day: Int32?) -> Int32 { day.map { max($0, windowStart - 1) } ?? .max }
        let cohort = Cohort(
            started: fold(contract.started), closed: fold(contract.closed), firstMessage: fold(contract.firstMessage),
            fromChat: contract.fromChat, disputed: contract.disputed
        )
        let total = cohorts[cohort, default: 0] + delta
        cohorts[cohort] = total == 0 ? nil : total
    }
}

extension Int32 {
    fileprivate mutating func raise(to day: Int32) { self = Swift.max(self, day) }
}

extension Int32? {
    /// Keeps the earlier day; nil is "never".
    fileprivate mutating func lower(to day: Int32?) {
        guard let day else { return }
        self = map { Swift.min($0, day) } ?? day
    }
}
