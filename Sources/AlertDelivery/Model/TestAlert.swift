/// The alert sent to check that receivers are wired up (seed 003's "confirm a test alert"): firing,
/// then resolved, so a PagerDuty incident it opens is closed again. `test_id` makes each test its own alert.
public enum TestAlert {
    public static func notices(at time: Int64) -> [AlertNotice] {
        let labels = ["alertname": "CommsWatchTestAlert", "severity": "info", "test_id": String(time)]
        let annotations = ["summary": "Test notification from commswatch: this receiver is wired up."]
        let firing = AlertNotice(status: .firing, labels: labels, annotations: annotations, startsAt: time, endsAt: time + 300_000)
        var resolved = firing
        resolved.status = .resolved
        resolved.endsAt = time
        return [firing, resolved]
    }
}
