internal import CZlib

/// gzip (RFC 1952) over zlib, for scrape responses and compressed request bodies.
public enum Gzip {
    /// zlib's window bits for a gzip wrapper: 15-bit window, plus 16 to ask for gzip framing.
    private static let gzipWindowBits: Int32 = 15 + 16

    /// Compresses `input` into a gzip member. Level 1 is zlib's fastest and suits repetitive metric text.
    public static func compress(_ input: [UInt8], level: Int32 = 1) -> [UInt8] {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            deflateEnd(stream)
            stream.deallocate()
        }
        guard CZlib_deflateInit2(stream, level, gzipWindowBits) == Z_OK else {
            preconditionFailure("deflateInit2 failed: zlib could not allocate its state")
        }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(stream, uLong(input.count))) + 32)
        let written = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { destination in
                stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.pointee.avail_in = uInt(source.count)
                stream.pointee.next_out = destination.baseAddress
                stream.pointee.avail_out = uInt(destination.count)
                let status = deflate(stream, Z_FINISH)
                precondition(status == Z_STREAM_END, "deflate did not finish within deflateBound (status \(status))")
                return destination.count - Int(stream.pointee.avail_out)
            }
        }
        output.removeSubrange(written...)
        return output
    }

    /// Decompresses a gzip body, refusing to produce more than `limit` bytes so a small
    /// compressed request cannot expand into an unbounded one (a "zip bomb").
    public static func decompress(_ input: [UInt8], limit: Int) throws(GzipError) -> [UInt8] {
        let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
        stream.initialize(to: z_stream())
        defer {
            inflateEnd(stream)
            stream.deallocate()
        }
        guard CZlib_inflateInit2(stream, gzipWindowBits) == Z_OK else { throw .corrupt("inflateInit2 failed") }
        var output: [UInt8] = []
        output.reserveCapacity(min(limit, max(4096, input.count * 4)))
        let chunkSize = 64 * 1024
        var chunk = [UInt8](repeating: 0, count: chunkSize)
        return try input.withUnsafeBufferPointer { source throws(GzipError) -> [UInt8] in
            stream.pointee.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
            stream.pointee.avail_in = uInt(source.count)
            while true {
                let (status, produced) = chunk.withUnsafeMutableBufferPointer { destination in
                    stream.pointee.next_out = destination.baseAddress
                    stream.pointee.avail_out = uInt(chunkSize)
                    let status = inflate(stream, Z_NO_FLUSH)
                    return (status, chunkSize - Int(stream.pointee.avail_out))
                }
                if output.count + produced > limit { throw .tooLarge(limit: limit) }
                output.append(contentsOf: chunk[0..<produced])
                switch status {
                case Z_STREAM_END:
                    guard stream.pointee.avail_in == 0 else { throw .corrupt("data after the end of the gzip stream") }
                    return output
                case Z_OK:
                    continue
                case Z_BUF_ERROR where stream.pointee.avail_in == 0:
                    throw .corrupt("the gzip stream ends early")
                default:
                    let message = stream.pointee.msg.map { String(cString: $0) } ?? "zlib status \(status)"
                    throw .corrupt(message)
                }
            }
        }
    }
}

/// Why a gzip body could not be used; both map to a client error.
public enum GzipError: Error, Equatable, Sendable {
    case corrupt(String)
    case tooLarge(limit: Int)
}
