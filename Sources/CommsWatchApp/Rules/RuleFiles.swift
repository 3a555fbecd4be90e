import Rules
import SampleStore

/// The rule files `serve` runs, loaded and validated together so that one broken file rejects the
/// whole set (start-up fails, a reload keeps the previous set), as Prometheus does.
struct RuleFiles: Sendable {
    /// Every group with the file it came from, in file order.
    let groups: [(file: String, group: RuleGroup)]

    /// Loads every file; the error lists each file's problems with their positions. `thresholds`,
    /// when given, replace the expressions of seed 003's alerts.
    init(paths: [String], thresholds: NotificationAlertThresholds? = nil) throws(RuleFileErrors) {
        var groups: [(file: String, group: RuleGroup)] = []
        var errors: [RuleFileError] = []
        for path in paths {
            do throws(RuleFileErrors) {
                groups += try RuleFile.load(path: path).groups.map { (path, $0) }
            } catch {
                errors += error.errors
            }
        }
        guard errors.isEmpty else { throw RuleFileErrors(errors) }
        self.groups = thresholds?.apply(to: groups) ?? groups
    }

    /// How much history the rules need, metric by metric.
    var retention: RetentionPolicy { RetentionPolicy(reading: groups.map(\.group)) }
}
