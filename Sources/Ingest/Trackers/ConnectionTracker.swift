public import MetricRegistry
import Synchronization

/// Open WebSocket connections per `client_id`, feeding `chat_ws_active_connections{region}`.
///
/// Events arrive late and out of order, so each client remembers its last change: an open older than
/// the close already seen (or a close older than the open already seen) is stale and ignored; a second
/// open moves the connection rather than counting it twice; a close without an open changes nothing.
/// The gauge is only ever decremented for a connection it counted, so it cannot go negative.
/// Closed clients are remembered for `closedRetention` seconds (of event time) to recognise late opens.
public final class ConnectionTracker: Sendable {
    // Internal, with `state`, for state snapshots (Snapshot/ConnectionTracker+Snapshot.swift).
    struct Client {
        var isOpen: Bool
        var region: String
        /// Event time of the last open or close applied.
        var changedAt: Double
    }

    struct State {
        var clients: [String: Client] = [:]
        var closesSinceSweep = 0
        var newestClose = -Double.infinity
    }

    private let gauge: GaugeFamily
    private let closedRetention: Double
    let state = Mutex(State())

    public init(gauge: GaugeFamily, closedRetention: Double = 3600) {
        self.gauge = gauge
        self.closedRetention = closedRetention
    }

    public func opened(client: String, region: String, at time: Double) {
        state.withLock { state in
            if let known = state.clients[client] {
                if known.isOpen {
                    guard time >= known.changedAt else { return }
                    if known.region != region {
                        gauge.labels(known.region).add(-1)
                        gauge.labels(region).add(1)
                    }
                    state.clients[client] = Client(isOpen: true, region: region, changedAt: time)
                    return
                }
                // A close at or after this open's time already ended this very connection.
                guard time > known.changedAt else { return }
            }
            gauge.labels(region).add(1)
            state.clients[client] = Client(isOpen: true, region: region, changedAt: time)
        }
    }

    public func closed(client: String, at time: Double) {
        state.withLock { state in
            if let known = state.clients[client] {
                guard time >= known.changedAt else { return }
                if known.isOpen { gauge.labels(known.region).add(-1) }
                state.clients[client] = Client(isOpen: false, region: known.region, changedAt: time)
            } else {
                state.clients[client] = Client(isOpen: false, region: "", changedAt: time)
            }
            state.newestClose = max(state.newestClose, time)
            state.closesSinceSweep += 1
            if state.closesSinceSweep >= 10_000 { sweep(&state) }
        }
    }

    /// Clients currently counted as open.
    public var openCount: Int {
        state.withLock { $0.clients.values.count { $0.isOpen } }
    }

    private func sweep(_ state: inout State) {
        let cutoff = state.newestClose - closedRetention
        state.clients = state.clients.filter { $0.value.isOpen || $0.value.changedAt >= cutoff }
        state.closesSinceSweep = 0
    }
}
