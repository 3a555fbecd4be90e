import Synchronization

/// The `disputes` section: the open disputes (owner, deadline, when opened and last updated) and the
/// ids resolved within the retention, so that later events for either are judged as before.
///
/// Body: an open-dispute count, then per dispute, sorted by id: the id, the owner, a flags byte (bit
/// 0: a deadline follows, bit 1: an opening time follows), those Float64s, and the time of its last
/// update (Float64); then a resolved count and per resolved dispute, sorted by id: the id and the
/// time it was resolved (Float64).
extension DisputeTracker: SnapshotSection {
    static let sectionName = "disputes"

    func save(into out: inout [UInt8]) {
        state.withLock { state in
            out.appendUInt32(UInt32(state.open.count))
            for (id, dispute) in state.open.sorted(by: { $0.key < $1.key }) {
                out.appendField(id.utf8)
                out.appendField(dispute.owner.utf8)
                out.append((dispute.deadline != nil ? 1 : 0) | (dispute.openedAt != nil ? 2 : 0))
                if let deadline = dispute.deadline { out.appendDouble(deadline) }
                if let openedAt = dispute.openedAt { out.appendDouble(openedAt) }
                out.appendDouble(dispute.updatedAt)
            }
            out.appendUInt32(UInt32(state.resolved.count))
            for (id, time) in state.resolved.sorted(by: { $0.key < $1.key }) {
                out.appendField(id.utf8)
                out.appendDouble(time)
            }
        }
    }

    static func read(_ reader: inout SectionReader) throws(SnapshotError) -> State {
        var state = State()
        for _ in 0..<(try reader.count(ofItemsAtLeast: 4 + 4 + 1 + 8)) {
            let id = try reader.string()
            let owner = try reader.string()
            let flags = try reader.byte()
            guard flags <= 3 else { throw damaged("dispute \(id) has the flags \(flags)") }
            let deadline = flags & 1 != 0 ? try reader.double() : nil
            let openedAt = flags & 2 != 0 ? try reader.double() : nil
            state.open[id] = Dispute(owner: owner, deadline: deadline, openedAt: openedAt, updatedAt: try reader.double())
        }
        for _ in 0..<(try reader.count(ofItemsAtLeast: 4 + 8)) {
            let id = try reader.string()
            state.resolved[id] = try reader.double()
        }
        return state
    }

    func restore(_ saved: State) {
        state.withLock { $0 = saved }
    }
}
