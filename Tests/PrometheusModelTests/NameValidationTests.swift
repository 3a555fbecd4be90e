import PrometheusModel
import Testing

struct NameValidationTests {
    @Test(arguments: ["a", "http_requests_total", "_x", ":recording:rule", "A1_b2:c3", "process_cpu_seconds_total"])
    func validMetricNames(name: String) {
        #expect(MetricName.isValid(name))
    }

    @Test(arguments: ["", "1abc", "with-dash", "with.dot", "with space", "ünïcode", "a{b}"])
    func invalidMetricNames(name: String) {
        #expect(!MetricName.isValid(name))
    }

    @Test func labelNamesExcludeColonAndReservedPrefix() {
        #expect(LabelName.isValid("route"))
        #expect(LabelName.isValid("_private"))
        #expect(LabelName.isValid("a9"))
        #expect(!LabelName.isValid("a:b"))
        #expect(!LabelName.isValid("9a"))
        #expect(!LabelName.isValid(""))
        #expect(LabelName.isValid("__name__"))
        #expect(LabelName.isReserved("__name__"))
        #expect(!LabelName.isValidUserLabel("__name__"))
        #expect(!LabelName.isValidUserLabel("__x"))
        #expect(LabelName.isValidUserLabel("_x"))
    }
}
