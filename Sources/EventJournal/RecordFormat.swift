/// The on-disk framing of one record (docs/JOURNAL.md): a little-endian UInt32 payload length, a
/// little-endian UInt32 CRC-32C of the payload, then the payload. A segment file starts with
/// `magic`, so a file that is not a journal segment is refused rather than read as garbage. The
/// records end at the end of the file or at a header of zeros (the rest of a segment created
/// full of zeros), which is why a payload is never empty.
enum RecordFormat {
    static let magic: [UInt8] = Array("CWJOURNAL1\n".utf8)
    static let headerSize = 8
    /// Larger lengths are read as damage, not allocated.
    static let maxPayload = 64 << 20

    /// Frames the payload `write` appends to `buffer` in place: room for the header first, then the
    /// payload, then its length and checksum filled in. No payload array of its own is made.
    static func append(to buffer: inout [UInt8], _ write: (inout [UInt8]) -> Void) {
        let header = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: headerSize))
        write(&buffer)
        let start = header + headerSize
        precondition(buffer.count > start, "a journal record cannot be empty: its header would read as the end of the records")
        let length = UInt32(buffer.count - start)
        let crc = buffer.withUnsafeBytes { CRC32C.checksum(UnsafeRawBufferPointer(rebasing: $0[start...])) }
        for index in 0..<4 {
            buffer[header + index] = UInt8(truncatingIfNeeded: length >> UInt32(8 * index))
            buffer[header + 4 + index] = UInt8(truncatingIfNeeded: crc >> UInt32(8 * index))
        }
    }

    /// What is at `offset` of a segment's bytes.
    enum Next {
        case record(payload: Range<Int>, next: Int)
        case end
        /// A record that is cut short or fails its checksum.
        case damaged(String)
    }

    static func next(in bytes: UnsafeRawBufferPointer, at offset: Int) -> Next {
        if offset == bytes.count { return .end }
        guard bytes.count - offset >= headerSize else { return .damaged("a record header is cut short") }
        let length = Int(word(bytes, offset)), crc = word(bytes, offset + 4)
        if length == 0 && crc == 0 { return .end }
        guard length <= maxPayload else { return .damaged("a record claims \(length) bytes") }
        let start = offset + headerSize
        guard bytes.count - start >= length else { return .damaged("a record is cut short") }
        guard CRC32C.checksum(UnsafeRawBufferPointer(rebasing: bytes[start..<(start + length)])) == crc else {
            return .damaged("a record fails its checksum")
        }
        return .record(payload: start..<(start + length), next: start + length)
    }

    /// The offset just past the last non-zero byte from `offset` on (`offset` when all are zero):
    /// where the bytes a torn write left after the records end.
    static func endOfNonZero(in bytes: UnsafeRawBufferPointer, from offset: Int) -> Int {
        var end = bytes.count
        while end - offset >= 8, bytes.loadUnaligned(fromByteOffset: end - 8, as: UInt64.self) == 0 { end -= 8 }
        while end > offset, bytes[end - 1] == 0 { end -= 1 }
        return end
    }

    private static func word(_ bytes: UnsafeRawBufferPointer, _ offset: Int) -> UInt32 {
        UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
    }
}
