import Synchronization

/// The `analytics` section: the state behind the product gauges (`AnalyticsState`): the window's
/// first day, each day's totals, and the contracts and threads the contract figures come from. The
/// cohorts are not saved: they only summarise the contracts and are refolded on restore. Days are
/// Int32 UTC day numbers.
///
/// Body: the window's first day; a day count and per day, in order: the day, chats with a proposal
/// (UInt64), first-reply latencies in arrival order (a count and Float64s), resolutions (a count and
/// per resolution its name and UInt64 count; names this build does not know are skipped), NPS
/// promoters, detractors and responses (UInt64 each). Then a contract count and per contract, sorted
/// by id: the id, a flags byte (bits 0–2: started, closed and first-message days follow; bit 3: from
/// a chat; bit 4: disputed), those days, and the last day it was heard of. Then a thread count and
/// per thread, sorted by id: the id, a flags byte (bit 0: a first-message day follows), that day, its
/// contracts in order (a count and ids), and the last day it was heard of.
extension ProductAnalytics: SnapshotSection {
    static let sectionName = "analytics"

    func save(into out: inout [UInt8]) {
        state.withLock { state in
            out.appendDay(state.windowStart)
            out.appendUInt32(UInt32(state.days.count))
            for (day, totals) in state.days.sorted(by: { $0.key < $1.key }) {
                out.appendDay(day)
                out.appendUInt64(UInt64(totals.chatsWithProposal))
                out.appendUInt32(UInt32(totals.firstReplyLatencies.count))
                for latency in totals.firstReplyLatencies { out.appendDouble(latency) }
                out.appendUInt32(UInt32(totals.resolutions.count))
                for (name, count) in zip(Catalog.resolutions, totals.resolutions) {
                    out.appendField(name.utf8)
                    out.appendUInt64(UInt64(count))
                }
                for count in [totals.npsPromoters, totals.npsDetractors, totals.npsResponses] { out.appendUInt64(UInt64(count)) }
            }
            out.appendUInt32(UInt32(state.contracts.count))
            for (id, contract) in state.contracts.sorted(by: { $0.key < $1.key }) {
                out.appendField(id.utf8)
                let days = [contract.started, contract.closed, contract.firstMessage]
                var flags: UInt8 = (contract.fromChat ? 8 : 0) | (contract.disputed ? 16 : 0)
                for (bit, day) in days.enumerated() where day != nil { flags |= 1 << bit }
                out.append(flags)
                for case let day? in days { out.appendDay(day) }
                out.appendDay(contract.lastSeen)
            }
            out.appendUInt32(UInt32(state.threads.count))
            for (id, thread) in state.threads.sorted(by: { $0.key < $1.key }) {
                out.appendField(id.utf8)
                out.append(thread.firstMessage != nil ? 1 : 0)
                if let day = thread.firstMessage { out.appendDay(day) }
                out.appendStrings(thread.contracts)
                out.appendDay(thread.lastSeen)
            }
        }
    }

    static func read(_ reader: inout SectionReader) throws(SnapshotError) -> AnalyticsState {
        let windowStart = try reader.day()
        var days: [Int32: DayTotals] = [:]
        for _ in 0..<(try reader.count(ofItemsAtLeast: 4 + 8 + 4 + 4 + 24)) {
            let day = try reader.day()
            var totals = DayTotals()
            totals.chatsWithProposal = try reader.int()
            totals.firstReplyLatencies = try reader.doubles()
            for _ in 0..<(try reader.count(ofItemsAtLeast: 4 + 8)) {
                let name = try reader.string()
                let count = try reader.int()
                if let index = Catalog.resolutions.firstIndex(of: name) { totals.resolutions[index] = count }
            }
            totals.npsPromoters = try reader.int()
            totals.npsDetractors = try reader.int()
            totals.npsResponses = try reader.int()
            days[day] = totals
        }
        var contracts: [String: AnalyticsState.Contract] = [:]
        for _ in 0..<(try reader.count(ofItemsAtLeast: 4 + 1 + 4)) {
            let id = try reader.string()
            let flags = try reader.byte()
            guard flags < 32 else { throw damaged("contract \(id) has the flags \(flags)") }
            let started = try reader.day(if: flags & 1 != 0)
            let closed = try reader.day(if: flags & 2 != 0)
            let firstMessage = try reader.day(if: flags & 4 != 0)
            contracts[id] = AnalyticsState.Contract(
                started: started, fromChat: flags & 8 != 0, closed: closed, disputed: flags & 16 != 0,
                firstMessage: firstMessage, lastSeen: try reader.day()
            )
        }
        var threads: [String: AnalyticsState.Thread] = [:]
        for _ in 0..<(try reader.count(ofItemsAtLeast: 4 + 1 + 4 + 4)) {
            let id = try reader.string()
            let flags = try reader.byte()
            guard flags < 2 else { throw damaged("thread \(id) has the flags \(flags)") }
            let firstMessage = try reader.day(if: flags == 1)
            let contracts = try reader.strings()
            threads[id] = AnalyticsState.Thread(firstMessage: firstMessage, contracts: contracts, lastSeen: try reader.day())
        }
        return AnalyticsState(windowStart: windowStart, days: days, contracts: contracts, threads: threads)
    }

    func restore(_ saved: AnalyticsState) {
        state.withLock { $0 = saved }
    }
}

extension [UInt8] {
    fileprivate mutating func appendDay(_ day: Int32) {
        appendUInt32(UInt32(bitPattern: day))
    }
}

extension ByteReader<SnapshotError> {
    fileprivate mutating func day() throws(SnapshotError) -> Int32 {
        Int32(bitPattern: try uint32())
    }

    /// A day when `present`, nil otherwise.
    fileprivate mutating func day(if present: Bool) throws(SnapshotError) -> Int32? {
        present ? try day() : nil
    }

    fileprivate mutating func int() throws(SnapshotError) -> Int {
        Int(truncatingIfNeeded: try uint64())
    }
}
