/// Little-endian binary fields, shared by journal records (`EventRecord`) and state snapshots
/// (`EventProcessor.snapshotState()`): fixed-width integers, a `Double` as its bit pattern, and a byte
/// string as a UInt32 length followed by the bytes. `ByteReader` reads them back.
extension [UInt8] {
    mutating func appendUInt64(_ value: UInt64) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    mutating func appendUInt32(_ value: UInt32) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    mutating func appendDouble(_ value: Double) {
        appendUInt64(value.bitPattern)
    }

    /// A UInt32 length, then `bytes`.
    mutating func appendField(_ bytes: some Collection<UInt8>) {
        appendUInt32(UInt32(bytes.count))
        append(contentsOf: bytes)
    }
}

/// Reads the fields `[UInt8].append…` writes, checking bounds before every read: input that ends early
/// throws the caller's `truncated` error (which says what was being read) and is never read past.
struct ByteReader<Failure: Error> {
    private let bytes: UnsafeRawBufferPointer
    private let truncated: Failure
    private(set) var offset = 0

    init(_ bytes: UnsafeRawBufferPointer, truncated: Failure) {
        self.bytes = bytes
        self.truncated = truncated
    }

    var remaining: Int { bytes.count - offset }

    mutating func byte() throws(Failure) -> UInt8 {
        try take(1)[0]
    }

    mutating func uint32() throws(Failure) -> UInt32 {
        UInt32(littleEndian: try take(4).loadUnaligned(as: UInt32.self))
    }

    mutating func uint64() throws(Failure) -> UInt64 {
        UInt64(littleEndian: try take(8).loadUnaligned(as: UInt64.self))
    }

    mutating func double() throws(Failure) -> Double {
        Double(bitPattern: try uint64())
    }

    /// A field's bytes (after its UInt32 length), borrowed from the input.
    mutating func field() throws(Failure) -> UnsafeRawBufferPointer {
        try take(Int(try uint32()))
    }

    mutating func string() throws(Failure) -> String {
        String(decoding: try field(), as: UTF8.self)
    }

    /// A UInt32 count of items that take at least `size` bytes each; throws `truncated` when that many
    /// cannot fit in what is left, so a damaged count never makes the caller allocate or loop for it.
    mutating func count(ofItemsAtLeast size: Int) throws(Failure) -> Int {
        let count = Int(try uint32())
        guard count <= remaining / max(size, 1) else { throw truncated }
        return count
    }

    /// The next `count` bytes, borrowed from the input.
    mutating func take(_ count: Int) throws(Failure) -> UnsafeRawBufferPointer {
        guard count >= 0 && count <= remaining else { throw truncated }
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
    }
}
