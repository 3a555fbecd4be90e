import Foundation
import Gzip
import Testing

struct GzipTests {
    @Test func roundTripsText() throws {
        let text = Array(String(repeating: "chat_messages_published_total{sender_role=\"client\"} 42\n", count: 500).utf8)
        let compressed = Gzip.compress(text)
        #expect(compressed.count < text.count / 10)
        #expect(compressed.prefix(2) == [0x1F, 0x8B])
        #expect(try Gzip.decompress(compressed, limit: text.count) == text)
    }

    @Test func roundTripsEmptyInput() throws {
        #expect(try Gzip.decompress(Gzip.compress([]), limit: 0) == [])
    }

    @Test func gunzipReadsOurOutput() throws {
        let text = Array("hello from commswatch\n".utf8)
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("commswatch-\(UUID()).gz")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data(Gzip.compress(text)).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-dc", file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(Array(output) == text)
    }

    @Test func refusesOutputPastTheLimit() {
        let bomb = Gzip.compress([UInt8](repeating: 0, count: 10 << 20), level: 9)
        #expect(bomb.count < 20_000)
        #expect(throws: GzipError.tooLarge(limit: 1 << 20)) { try Gzip.decompress(bomb, limit: 1 << 20) }
    }

    @Test func rejectsCorruptAndTruncatedInput() {
        let good = Gzip.compress(Array("some body".utf8))
        #expect(throws: GzipError.self) { try Gzip.decompress(Array("not gzip at all".utf8), limit: 1024) }
        #expect(throws: GzipError.corrupt("the gzip stream ends early")) {
            try Gzip.decompress(Array(good.dropLast(6)), limit: 1024)
        }
        #expect(throws: GzipError.corrupt("data after the end of the gzip stream")) {
            try Gzip.decompress(good + [1, 2, 3], limit: 1024)
        }
    }
}
