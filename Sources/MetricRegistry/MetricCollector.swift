/// A source of families computed when a snapshot is taken, rather than updated as events arrive:
/// process statistics, or values derived from state that changes with time alone.
public protocol MetricCollector: Sendable {
    /// The families to expose now. Names must not clash with registered families.
    func collect() -> [MetricFamilySnapshot]
}
