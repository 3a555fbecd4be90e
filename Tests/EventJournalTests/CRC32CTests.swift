@testable import EventJournal
import Testing
import TestSupport

/// The CPU's CRC-32C instruction and the table-driven code agree, at every length and alignment.
struct CRC32CTests {
    @Test func theInstructionAndTheTablesAgree() {
        #if arch(x86_64)
        #expect(CRC32C.hardware, "every x86-64 CPU since 2008 has SSE 4.2: the instruction is what is being compared here")
        #endif
        var random = SeededRandom(seed: 32)
        let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &random) }
        bytes.withUnsafeBytes { all in
            for start in 0..<9 {
                for count in [0, 1, 7, 8, 9, 15, 16, 63, 200, 1000, 4000] where start + count <= all.count {
                    let slice = UnsafeRawBufferPointer(rebasing: all[start..<(start + count)])
                    #expect(CRC32C.checksum(slice) == CRC32C.software(slice), "start \(start), \(count) bytes")
                }
            }
        }
        #expect(CRC32C.software(UnsafeRawBufferPointer(start: nil, count: 0)) == 0)
    }
}
