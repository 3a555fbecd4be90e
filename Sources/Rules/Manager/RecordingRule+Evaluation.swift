public import PromQL
import PrometheusModel

extension RecordingRule {
    /// The series this rule records from one query result (`RecordingRule.Eval`): each sample renamed to
    /// the rule's name, the rule's labels set over the sample's, stamped at `time`. Fails when two samples
    /// end up with one label set, or when there are more than `limit` of them (0 means no limit).
    public func samples(from result: [VectorSample], at time: Int64, limit: Int = 0) throws(RuleEvaluationError) -> [RuleSample] {
        var seen = Set<Labels>()
        seen.reserveCapacity(result.count)
        var out: [RuleSample] = []
        out.reserveCapacity(result.count)
        for element in result {
            var labels = element.labels.setting("__name__", to: name)
            for label in self.labels { labels = labels.setting(label.name, to: label.value) }
            guard seen.insert(labels).inserted else {
                throw RuleEvaluationError("vector contains metrics with the same labelset after applying rule labels")
            }
            out.append(RuleSample(labels: labels, sample: Sample(timestamp: time, value: element.value)))
        }
        if limit > 0 && out.count > limit {
            throw RuleEvaluationError("exceeded limit of \(limit) with \(out.count) series")
        }
        return out
    }
}
