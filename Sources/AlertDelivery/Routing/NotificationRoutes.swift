/// Which receivers an alert goes to, decided by its labels the way an Alertmanager route list is:
/// routes are tried in order, every matching route's receiver gets the alert, and a match stops the
/// walk unless the route says `continue`. Alerts no route matches go to the default receiver, and
/// catch-all receivers (Alertmanager, and receivers configured by environment variables) get everything.
public struct NotificationRoutes: Sendable {
    public struct Route: Sendable {
        public var receiver: String
        public var matchers: [AlertMatcher]
        public var `continue`: Bool

        public init(receiver: String, matchers: [AlertMatcher], continue: Bool = false) {
            self.receiver = receiver
            self.matchers = matchers
            self.continue = `continue`
        }

        func matches(_ labels: [String: String]) -> Bool {
            matchers.allSatisfy { $0.matches(labels) }
        }
    }

    public var routes: [Route]
    public var defaultReceiver: String?
    public var catchAll: [String]

    public init(routes: [Route] = [], defaultReceiver: String? = nil, catchAll: [String] = []) {
        self.routes = routes
        self.defaultReceiver = defaultReceiver
        self.catchAll = catchAll
    }

    /// The receivers for an alert with `labels`, each named once, catch-all receivers first.
    public func receivers(for labels: [String: String]) -> [String] {
        var chosen = catchAll
        var routed = false
        for route in routes where route.matches(labels) {
            routed = true
            chosen.append(route.receiver)
            if !route.continue { break }
        }
        if !routed, let defaultReceiver { chosen.append(defaultReceiver) }
        var seen = Set<String>()
        return chosen.filter { seen.insert($0).inserted }
    }
}
