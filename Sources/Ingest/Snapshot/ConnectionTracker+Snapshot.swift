import Synchronization

/// The `connections` section: each client's last open or close, so that late, repeated and closing
/// events are judged as before (the `chat_ws_active_connections` values are in the `metrics` section).
///
/// Body: closes since the last sweep (UInt64), the newest close time (Float64), a client count, then
/// per client, sorted by id: the id, an open flag byte (1 open, 0 closed), the region, and the event
/// time of its last change (Float64).
extension ConnectionTracker: SnapshotSection {
    static let sectionName = "connections"

    func save(into out: inout [UInt8]) {
        state.withLock { state in
            out.appendUInt64(UInt64(state.closesSinceSweep))
            out.appendDouble(state.newestClose)
            out.appendUInt32(UInt32(state.clients.count))
            for (id, client) in state.clients.sorted(by: { $0.key < $1.key }) {
                out.appendField(id.utf8)
                out.append(client.isOpen ? 1 : 0)
                out.appendField(client.region.utf8)
                out.appendDouble(client.changedAt)
            }
        }
    }

    static func read(_ reader: inout SectionReader) throws(SnapshotError) -> State {
        var state = State()
        // Only decides how soon the next sweep comes.
        state.closesSinceSweep = Int(clamping: try reader.uint64())
        state.newestClose = try reader.double()
        for _ in 0..<(try reader.count(ofItemsAtLeast: 4 + 1 + 4 + 8)) {
            let id = try reader.string()
            let isOpen = try reader.byte()
            guard isOpen <= 1 else { throw damaged("client \(id) has the open flag \(isOpen)") }
            state.clients[id] = Client(isOpen: isOpen == 1, region: try reader.string(), changedAt: try reader.double())
        }
        return state
    }

    func restore(_ saved: State) {
        state.withLock { $0 = saved }
    }
}
