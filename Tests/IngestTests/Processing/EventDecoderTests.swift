import Foundation
import Ingest
import JSONReader
import TestSupport
import Testing

struct EventDecoderTests {
    let key = Array("test-pii-key".utf8)
    var decoder: EventDecoder { EventDecoder(catalog: .standard, hasher: PersonalDataHasher(key: key)) }

    func decode(_ json: String, dialect: EventDecoder.Dialect = .native, now: Double = 1_800_000_000) throws
        -> Result<ValidatedEvent, EventRejection>
    {
        var tape = JSONTape()
        try tape.parse(Array(json.utf8))
        return decoder.decode(tape.root, in: tape, dialect: dialect, now: now)
    }

    @Test func personalDataIsReplacedByTheHMACThatPythonComputesToo() throws {
        let event = try decode(
            """
            {"event": "ws_connection_opened", "distinct_id": "user@example.com",
             "properties": {"client_id": "device-123", "connection_region": "eu", "message": "secret text"}}
            """
        ).get()
        let script = """
            import hmac, hashlib, sys
            for value in sys.argv[2:]:
                print(hmac.new(sys.argv[1].encode(), value.encode(), hashlib.sha256).hexdigest())
            """
        let oracle = try ExternalTool.run("python3", ["-c", script, "test-pii-key", "device-123", "user@example.com"])
        let expected = oracle.stdout.split(separator: "\n").map(String.init)
        #expect(expected.count == 2)
        #expect(event.values[0] == .string(expected[0]))
        #expect(event.distinctID == expected[1])
        #expect(event.values[1] == .string("eu"), "non-PII properties stay as sent")
        #expect(!event.values.contains(.string("secret text")), "properties outside the catalog are not kept")
    }

    @Test func envelopeFieldsAndTimestampForms() throws {
        let rfc = try decode(
            "{\"event\":\"contract_closed\",\"event_id\":42,\"timestamp\":\"2026-11-23T08:21:56.737526+00:00\",\"properties\":{\"contract_id\":7}}"
        ).get()
        #expect(rfc.eventID == "42")
        #expect(rfc.values[0] == .string("7"))
        #expect(abs(rfc.timestamp - 1_795_422_116.737526) < 1e-6)
        #expect(rfc.timestampWasSent)
        let epoch = try decode("{\"event\":\"contract_closed\",\"timestamp\":1795422116737,\"properties\":{\"contract_id\":\"c\"}}").get()
        #expect(epoch.timestamp == 1_795_422_116.737)
        let received = try decode("{\"event\":\"contract_closed\",\"properties\":{\"contract_id\":\"c\"}}", now: 123).get()
        #expect(received.timestamp == 123)
        #expect(!received.timestampWasSent)
    }

    @Test func postHogDialectReadsUUIDAndDistinctIDInsideProperties() throws {
        let event = try decode(
            "{\"event\":\"contract_closed\",\"uuid\":\"u-1\",\"properties\":{\"distinct_id\":\"d\",\"contract_id\":\"c\",\"$lib\":\"web\"}}",
            dialect: .postHog
        ).get()
        #expect(event.eventID == "u-1")
        #expect(event.distinctID == PersonalDataHasher(key: key).pseudonym("d"))
        let native = try decode("{\"event\":\"contract_closed\",\"uuid\":\"u-1\",\"properties\":{\"contract_id\":\"c\"}}").get()
        #expect(native.eventID == nil, "uuid is PostHog's field, not ours")
    }

    @Test func nullPropertiesCountAsAbsent() throws {
        let event = try decode("{\"event\":\"chat_message_delivered\",\"properties\":{\"message_id\":\"m\",\"delivery_latency_ms\":5,\"delivery_channel\":\"ws\",\"region\":null}}").get()
        #expect(event.values[3] == nil)
        guard case .failure(let rejection) = try decode("{\"event\":\"contract_closed\",\"properties\":{\"contract_id\":null}}") else {
            Issue.record("a null required property must be refused")
            return
        }
        #expect(rejection.code == .missingProperty)
    }
}
