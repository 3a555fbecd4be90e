import Ingest
import Testing

struct EventTimestampTests {
    @Test(
        arguments: [
            ("1970-01-01T00:00:00Z", 0),
            ("2026-11-23T08:21:56Z", 1_795_422_116),
            ("2026-11-23T08:21:56.737526+00:00", 1_795_422_116.737526),
            ("2026-11-23t08:21:56.7-05:30", 1_795_441_916.7),
            ("2026-11-23 08:21:56.5z", 1_795_422_116.5),
            ("2026-11-23T08:21:56-00:00", 1_795_422_116),
            ("2026-11-23T08:21:56.1234569Z", 1_795_422_116.123456),
            ("2026-11-23T08:21:56.000000000000000000001Z", 1_795_422_116),
            ("1969-12-31T23:59:59.5Z", -0.5),
            ("2024-02-29T12:00:00Z", 1_709_208_000),
            ("2000-02-29T00:00:00+23:59", 951_696_060),
            ("0000-01-01T00:00:00Z", -62_167_219_200),
            ("9999-12-31T23:59:59Z", 253_402_300_799),
            ("2016-12-31T23:59:60Z", 1_483_228_799.999999),
            ("2016-12-31T18:59:60.5-05:00", 1_483_228_799.999999),
        ] as [(String, Double)])
    func parsesValidTimestamps(text: String, seconds: Double) {
        #expect(EventTimestamp.parseRFC3339(text.utf8) == seconds)
    }

    @Test(arguments: [
        "", "2026-11-23", "2026-11-23T08:21:56", "2026-11-23T08:21Z", "2026-11-23T08:21:56.123456",
        "2026-13-01T00:00:00Z", "2026-00-10T00:00:00Z", "2026-11-00T00:00:00Z", "2026-11-31T00:00:00Z",
        "2026-02-30T00:00:00Z", "2025-02-29T00:00:00Z", "2100-02-29T00:00:00Z",
        "2026-11-23T24:00:00Z", "2026-11-23T08:60:00Z", "2026-11-23T08:21:61Z",
        "2026-11-23T08:21:56.Z", "2026-11-23T08:21:56,5Z", "2026-11-23T08:21:56+0000",
        "2026-11-23T08:21:56+00", "2026-11-23T08:21:56+24:00", "2026-11-23T08:21:56+05:60",
        "2026-11-23T08:21:56+05:30:00", " 2026-11-23T08:21:56Z", "2026-11-23T08:21:56Z ",
        "2026-11-23T08:21:56ZZ", "2026-11-23X08:21:56Z", "2026-11-23T08:21:56UTC", "26-11-23T08:21:56Z",
        "+2026-11-23T08:21:56Z", "-2026-11-23T08:21:56Z", "12026-11-23T08:21:56Z", "2026-1-23T08:21:56Z",
        "2026-11-23T8:21:56Z", "2026/11/23T08:21:56Z", "2026-11-23T08.21.56Z", "2026-11-23T08:21:5aZ",
        "２０２６-11-23T08:21:56Z", "1795422116", "1795422116123",
    ])
    func rejectsAnythingElse(text: String) {
        #expect(EventTimestamp.parseRFC3339(text.utf8) == nil)
    }

    @Test func readsAnyCollectionOfBytes() {
        let text = "2026-11-23T08:21:56.737526+00:00"
        let expected = EventTimestamp.parseRFC3339(text.utf8)
        #expect(expected != nil)
        #expect(EventTimestamp.parseRFC3339(Array(text.utf8)) == expected)
        #expect(EventTimestamp.parseRFC3339(Array(("\"" + text + "\"").utf8).dropFirst().dropLast()) == expected)
        #expect(EventTimestamp.parseRFC3339(("{" + text).dropFirst().utf8) == expected)
        #expect(EventTimestamp.parseRFC3339(text.utf8.lazy.map { $0 }) == expected, "not contiguous")
        #expect(EventTimestamp.parseRFC3339([0xFF, 0xFE] + Array(text.utf8.dropFirst(2))) == nil)
    }

    @Test func epochMillisecondsBecomeSeconds() {
        #expect(EventTimestamp.fromEpochMilliseconds(0) == 0)
        #expect(EventTimestamp.fromEpochMilliseconds(1_795_422_116_737) == 1_795_422_116.737)
        #expect(EventTimestamp.fromEpochMilliseconds(1_795_422_116_737.5) == 1_795_422_116.7375)
        #expect(EventTimestamp.fromEpochMilliseconds(253_402_300_799_999) == 253_402_300_799.999)
        #expect(EventTimestamp.fromEpochMilliseconds(253_402_300_800_000) == nil, "year 10000")
        #expect(EventTimestamp.fromEpochMilliseconds(-1) == nil)
        #expect(EventTimestamp.fromEpochMilliseconds(.nan) == nil)
        #expect(EventTimestamp.fromEpochMilliseconds(.infinity) == nil)
    }

    @Test func formatsUTCWithMilliseconds() {
        #expect(EventTimestamp.format(0) == "1970-01-01T00:00:00.000Z")
        #expect(EventTimestamp.format(1_795_422_116.737526) == "2026-11-23T08:21:56.738Z")
        #expect(EventTimestamp.format(1_795_422_116.9996) == "2026-11-23T08:21:57.000Z")
        #expect(EventTimestamp.format(-0.001) == "1969-12-31T23:59:59.999Z")
        #expect(EventTimestamp.format(951_782_400) == "2000-02-29T00:00:00.000Z")
        #expect(EventTimestamp.format(1e300) == "9999-12-31T23:59:59.999Z")
        #expect(EventTimestamp.format(-.infinity) == "0000-01-01T00:00:00.000Z")
        #expect(EventTimestamp.format(.nan) == "1970-01-01T00:00:00.000Z")
    }

    /// Formatting then parsing gives back the same millisecond, and parsing then formatting gives
    /// back the same text, for every millisecond-precision instant tried across the whole range.
    @Test func formatAndParseRoundTrip() throws {
        var state: UInt64 = 0x1234_5678
        for _ in 0..<20_000 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let milliseconds = -62_167_219_200_000 + Int(state >> 11) % 315_569_520_000_000
            let text = EventTimestamp.format(Double(milliseconds) / 1000)
            let parsed = try #require(EventTimestamp.parseRFC3339(text.utf8), "\(text)")
            #expect(Int((parsed * 1000).rounded()) == milliseconds, "\(text)")
            #expect(EventTimestamp.format(parsed) == text)
        }
    }
}
