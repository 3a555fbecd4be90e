/// Why a state snapshot could not be restored: what is wrong, and in which section (`framing` for
/// the header and the section headers). `EventProcessor.restoreState(from:)` reads and checks the
/// whole snapshot before it changes anything, so after this error the processor is as it was and
/// the caller can fall back to replaying the whole journal.
public struct SnapshotError: Error, Sendable, CustomStringConvertible {
    /// The section's name, or `framing`.
    public let section: String
    public let problem: String

    init(section: String, _ problem: String) {
        self.section = section
        self.problem = problem
    }

    public var description: String { "state snapshot, section \(section): \(problem)" }
}
