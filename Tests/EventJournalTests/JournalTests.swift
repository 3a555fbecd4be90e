import EventJournal
import Foundation
import Synchronization
import Testing

/// The journal's promises: what `append` returned for is there after reopening, in order; a record
/// torn by a crash is cut off and the journal goes on; damage before the end is an error, never a
/// silent loss.
struct JournalTests {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("journal-\(UUID())").path

    func records(in directory: String) throws -> [String] {
        var found: [String] = []
        try Journal(directory: directory).replay { found.append(String(decoding: $0, as: UTF8.self)) }
        return found
    }

    func segment(_ journal: Journal, _ index: Int = 0) throws -> String { try journal.segments()[index] }

    func write(_ bytes: [UInt8], to path: String, at offset: Int) throws {
        let handle = try #require(FileHandle(forWritingAtPath: path))
        defer { try? handle.close() }
        try handle.seek(toOffset: UInt64(offset))
        try handle.write(contentsOf: Data(bytes))
    }

    func zero(_ path: String, from offset: Int, count: Int) throws {
        try write([UInt8](repeating: 0, count: count), to: path, at: offset)
    }

    @Test func crc32cMatchesThePublishedCheckValues() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA, "RFC 3720 B.4")
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43, "RFC 3720 B.4")
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E, "RFC 3720 B.4")
    }

    @Test func concurrentAppendsAreAllDurableAndInOrderPerWriter() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let journal = try Journal(directory: directory, segmentLimit: 4096)
        try journal.replay { _ in }
        DispatchQueue.concurrentPerform(iterations: 4) { writer in
            for batch in 0..<50 {
                try? journal.append((0..<3).map { Array("w\(writer) b\(batch) r\($0)".utf8) })
            }
        }
        let found = try records(in: directory)
        #expect(found.count == 600)
        for writer in 0..<4 {
            let mine = found.filter { $0.hasPrefix("w\(writer) ") }
            #expect(mine == (0..<50).flatMap { batch in (0..<3).map { "w\(writer) b\(batch) r\($0)" } })
        }
        #expect(try journal.segments().count > 1, "small segments rotate")
    }

    @Test func aRecordTornByACrashIsCutOffAndAppendingGoesOn() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let journal = try Journal(directory: directory)
        try journal.replay { _ in }
        try journal.append([Array("one".utf8), Array("two".utf8)])
        try journal.append([Array("three, which the crash cuts".utf8)])
        let path = try segment(journal)
        // The last record's final 5 bytes never reached the disk.
        try zero(path, from: journal.endPosition.offset - 5, count: 5)

        let reopened = try Journal(directory: directory)
        var found: [String] = []
        let report = try reopened.replay { found.append(String(decoding: $0, as: UTF8.self)) }
        #expect(found == ["one", "two"])
        #expect(report.truncatedBytes == 8 + 27 - 5 && report.truncation == "a record fails its checksum")
        try reopened.append([Array("four".utf8)])
        #expect(try records(in: directory) == ["one", "two", "four"])
    }

    @Test func bytesATornWriteLeftBeyondAGapAreFoundAndZeroed() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let journal = try Journal(directory: directory)
        try journal.replay { _ in }
        try journal.append([Array("kept".utf8)])
        let end = journal.endPosition.offset
        // The disk kept a later block of the interrupted write but not its first: zeros, then data.
        try write([7, 7, 7, 7, 7, 7, 7, 7, 7, 7], to: try segment(journal), at: end + 4096)

        let verified = try Journal(directory: directory).verify()
        #expect(verified.truncation == "bytes follow the last record (a write cut short)" && verified.truncatedBytes == 4096 + 10)
        #expect(try Journal(directory: directory).verify() == verified, "verify changes nothing")
        let reopened = try Journal(directory: directory)
        #expect(try reopened.replay { _ in }.truncatedBytes == 4096 + 10)
        try reopened.append([Array("after".utf8)])
        #expect(try records(in: directory) == ["kept", "after"])
        let clean = try Journal(directory: directory).verify()
        #expect(clean.truncation == nil, "the stray bytes were zeroed, so they cannot pass for records later")
    }

    @Test func aNewSegmentIsCreatedAtItsFullSizeSoAppendsDoNotGrowTheFile() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let journal = try Journal(directory: directory, segmentLimit: 1 << 16)
        try journal.replay { _ in }
        let path = try segment(journal)
        func size() throws -> Int { try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) }
        #expect(try size() == 1 << 16)
        try journal.append([Array("a record".utf8)])
        #expect(try size() == 1 << 16)
        #expect(try records(in: directory) == ["a record"])
    }

    @Test func damageBeforeTheLastSegmentIsAnError() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let journal = try Journal(directory: directory, segmentLimit: 64)
        try journal.replay { _ in }
        for index in 0..<6 { try journal.append([Array("record number \(index)".utf8)]) }
        let first = try segment(journal)
        var bytes = try #require(FileManager.default.contents(atPath: first))
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: first))
        #expect(throws: JournalError.self) { try records(in: directory) }
    }

    @Test func aFileThatIsNotASegmentIsRefused() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try "hello".write(toFile: directory + "/segment-0000000001.log", atomically: true, encoding: .utf8)
        try "{\"not\": \"a journal\"} and more text".write(toFile: directory + "/segment-0000000002.log", atomically: true, encoding: .utf8)
        #expect(throws: JournalError.self) { try records(in: directory) }
    }

    @Test func appendsGivenWhileASyncRunsShareTheNextOne() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let journal = try Journal(directory: directory)
        try journal.replay { _ in }
        let done = DispatchGroup()
        let failures = Mutex(0)
        for index in 0..<200 {
            done.enter()
            journal.append(records: 1, encode: { _, out in out += Array("burst \(index)".utf8) }) { result in
                if case .failure = result { failures.withLock { $0 += 1 } }
                done.leave()
            }
        }
        #expect(done.wait(timeout: .now() + 30) == .success)
        #expect(failures.withLock { $0 } == 0)
        let statistics = journal.statistics
        #expect(statistics.appends == 200)
        #expect(statistics.syncs < 200, "appends that arrive during a sync are grouped into the next: \(statistics)")
        #expect(try records(in: directory) == (0..<200).map { "burst \($0)" }, "each callback came after its record was durable")
        #expect(journal.endPosition == JournalPosition(segment: 1, offset: statistics.appendedBytes + 11))
    }

    @Test func closeWritesWhatIsPendingAndRefusesWhatComesAfter() throws {
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let journal = try Journal(directory: directory)
        let early = Mutex<String?>(nil)
        journal.append(records: 1, encode: { $1 += Array("too early".utf8) }) { result in
            if case .failure(let error) = result { early.withLock { $0 = error.description } }
        }
        #expect(early.withLock { $0 } == "the journal is still being replayed")
        try journal.replay { _ in }
        let written = Mutex(false)
        journal.append(records: 1, encode: { $1 += Array("last".utf8) }) { result in
            if case .success = result { written.withLock { $0 = true } }
        }
        journal.close()
        #expect(written.withLock { $0 }, "close returns after the pending append was written")
        #expect(throws: JournalError.self) { try journal.append([Array("late".utf8)]) }
        #expect(try records(in: directory) == ["last"])
    }
}
