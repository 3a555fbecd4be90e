import PrometheusModel
import Testing

struct LabelsTests {
    @Test func orderDoesNotMatterAndEmptyValuesMeanAbsent() {
        let a = Labels([("b", "2"), ("__name__", "up"), ("a", "1"), ("c", "")])
        let b: Labels = ["a": "1", "__name__": "up", "b": "2"]
        #expect(a == b)
        #expect(a.pairs.map(\.name) == ["__name__", "a", "b"])
        #expect(a["c"] == nil)
        #expect(a.metricName == "up")
        #expect(a.description == "up{a=\"1\", b=\"2\"}")
    }

    @Test func editingKeepsTheSetSorted() {
        let labels: Labels = ["job": "api", "instance": "0"]
        #expect(labels.setting("env", to: "prod").pairs.map(\.name) == ["env", "instance", "job"])
        #expect(labels.setting("job", to: "") == ["instance": "0"])
        #expect(labels.removing(["job"]) == ["instance": "0"])
        #expect(labels.keeping(["job"]) == ["job": "api"])
        #expect(Labels([("x", "quote\"d")]).description == "{x=\"quote\\\"d\"}")
    }
}
