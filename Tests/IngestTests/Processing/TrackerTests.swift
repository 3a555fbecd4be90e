import Ingest
import MetricRegistry
import TestSupport
import Testing

struct TrackerTests {
    func gaugeValues(_ registry: MetricRegistry, _ name: String) -> [String: Double] {
        var values: [String: Double] = [:]
        for family in registry.snapshot() where family.name == name {
            for series in family.series {
                if case .scalar(let value) = series.value { values[series.labels.values.joined(separator: ",")] = value }
            }
        }
        return values
    }

    @Test func connectionGaugeNeverGoesNegativeWhateverTheOrder() {
        let registry = MetricRegistry()
        let tracker = ConnectionTracker(gauge: registry.gauge(name: "active", help: "Active.", labelNames: ["region"]))
        tracker.closed(client: "a", at: 5)
        tracker.closed(client: "a", at: 6)
        tracker.opened(client: "a", region: "eu", at: 4)
        #expect(gaugeValues(registry, "active")["eu", default: 0] == 0)
        tracker.opened(client: "b", region: "eu", at: 10)
        tracker.opened(client: "b", region: "eu", at: 11)
        #expect(gaugeValues(registry, "active")["eu"] == 1)
        tracker.closed(client: "b", at: 12)
        tracker.closed(client: "b", at: 13)
        #expect(gaugeValues(registry, "active")["eu"] == 0)
        tracker.opened(client: "b", region: "us", at: 14)
        #expect(gaugeValues(registry, "active") == ["eu": 0, "us": 1])
        #expect(tracker.openCount == 1)
    }

    @Test func disputeGaugesFollowTheClock() {
        let registry = MetricRegistry()
        let start = 1_000_000.0
        let clock = ManualClock(start)
        let tracker = DisputeTracker(catalog: .standard, now: { clock.now })
        registry.register(collector: tracker)
        tracker.opened(dispute: "d1", owner: "ann", slaRemaining: 100, at: start)
        tracker.opened(dispute: "d2", owner: nil, slaRemaining: nil, at: start)
        #expect(gaugeValues(registry, "dispute_open_cases") == ["ann,<24h": 1, "unassigned,unknown": 1])
        #expect(gaugeValues(registry, "dispute_cases_overdue") == ["ann": 0, "unassigned": 0])
        #expect(gaugeValues(registry, "dispute_sla_remaining_seconds") == ["avg": 100, "min": 100])
        clock.set(start + 150)
        #expect(gaugeValues(registry, "dispute_cases_overdue") == ["ann": 1, "unassigned": 0])
        #expect(gaugeValues(registry, "dispute_sla_remaining_seconds") == ["avg": -50, "min": -50])
        tracker.stateUpdated(dispute: "d1", owner: nil, slaRemaining: 3 * 86400, at: start + 140)
        tracker.stateUpdated(dispute: "d1", owner: "bob", slaRemaining: 0, at: start + 120)
        #expect(gaugeValues(registry, "dispute_open_cases") == ["ann,48h+": 1, "unassigned,unknown": 1], "older update ignored")
        #expect(tracker.resolved(dispute: "d1", at: start + 200) == start)
        tracker.stateUpdated(dispute: "d1", owner: nil, slaRemaining: 5, at: start + 300)
        #expect(gaugeValues(registry, "dispute_open_cases") == ["unassigned,unknown": 1], "a resolved dispute stays closed")
    }
}
