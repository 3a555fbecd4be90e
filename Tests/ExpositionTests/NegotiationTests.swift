import Exposition
import Testing

struct NegotiationTests {
    @Test(
        arguments: [
            // Prometheus 2.x default scrape protocols.
            (
                "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1",
                ExpositionFormat.openMetrics
            ),
            // Prometheus 3.x default (no protobuf), with escaping parameters.
            (
                "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.6,application/openmetrics-text;version=0.0.1;q=0.5,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.4,text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
                .openMetrics
            ),
            // Prometheus 3.x with protobuf first, which we do not serve.
            (
                "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited;q=0.7,text/plain;version=0.0.4;q=0.3,*/*;q=0.2",
                .text
            ),
            ("text/plain;version=0.0.4;q=1,application/openmetrics-text;version=1.0.0;q=0.5", .text),
            ("application/openmetrics-text; version=0.0.1", .openMetrics),
            ("Application/OpenMetrics-Text; Version=\"1.0.0\"; charset=utf-8", .openMetrics),
            ("application/openmetrics-text;version=2.0.0,text/plain;q=0.1", .text),
            ("application/openmetrics-text;version=1.0.0;q=0,text/plain;q=0.1", .text),
            ("application/openmetrics-text", .openMetrics),
            ("application/*;q=0.9,text/plain;q=0.8", .openMetrics),
            ("application/openmetrics-text;q=0.5,text/plain;version=0.0.4;q=0.5", .text),
            ("*/*", .text),
            ("text/html", .text),
            ("", .text),
            ("garbage;;;,,, q=", .text),
            ("application/openmetrics-text;q=abc,text/plain;q=0.1", .text),
        ] as [(String, ExpositionFormat)])
    func acceptHeaders(accept: String, expected: ExpositionFormat) {
        #expect(ExpositionFormat.negotiate(accept: accept) == expected)
    }

    @Test func missingHeaderMeansText() {
        #expect(ExpositionFormat.negotiate(accept: nil) == .text)
    }

    @Test func contentTypes() {
        #expect(ExpositionFormat.text.contentType == "text/plain; version=0.0.4; charset=utf-8")
        #expect(
            ExpositionFormat.openMetrics.contentType == "application/openmetrics-text; version=1.0.0; charset=utf-8")
    }
}
