public import PromQL

/// The store is what the PromQL engine reads when rules are evaluated in-process: its `select`
/// already has the shape `Queryable` asks for.
extension SampleStore: Queryable {}
