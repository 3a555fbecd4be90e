/// Holds the beginning of a line that was cut by the end of one `parse` input, so that the line can be
/// handled whole when the next input completes it. Lines that lie entirely inside one input are handed
/// out in place and never copied. The storage is kept (and reused) across lines and requests.
struct LineBuffer {
    private var bytes: [UInt8] = []

    /// Bytes of the current line kept from earlier inputs.
    var count: Int { bytes.count }

    /// Keeps `input[start..<end]`, the part of the current line this input holds, for the next call.
    mutating func stash(_ input: UnsafeRawBufferPointer, from start: Int, to end: Int) {
        if bytes.capacity == 0 { bytes.reserveCapacity(256) }
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[start..<end]))
    }

    /// Calls `body` with the complete line: any stashed bytes followed by `input[start..<end]`.
    /// The stash is empty afterwards.
    mutating func withLine<Result>(
        _ input: UnsafeRawBufferPointer, from start: Int, to end: Int,
        _ body: (UnsafeRawBufferPointer) -> Result
    ) -> Result {
        if bytes.isEmpty {
            return body(UnsafeRawBufferPointer(rebasing: input[start..<end]))
        }
        bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[start..<end]))
        defer { bytes.removeAll(keepingCapacity: true) }
        return bytes.withUnsafeBytes(body)
    }
}
