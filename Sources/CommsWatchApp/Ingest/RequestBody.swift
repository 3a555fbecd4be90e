import Gzip
import HTTPCore

/// The request body as the handlers need it: decompressed (within the size limit) and classified.
enum RequestBody {
    enum Format {
        case json
        case ndjson
    }

    /// A body the handler must not process, with the answer that says why.
    struct Refusal: Error {
        let response: HTTPResponse
    }

    /// The body, gunzipped when `Content-Encoding: gzip` says so, `gzipRequested` is set (PostHog's
    /// `?compression=gzip`) or it starts with gzip's magic bytes; the limit applies to the decompressed size too.
    static func decoded(_ request: HTTPRequest, maxBytes: Int, gzipRequested: Bool = false) throws(Refusal) -> [UInt8] {
        let encoding = request.headers["Content-Encoding"].map { $0[...].trimmingASCIISpaces().lowercased() } ?? "identity"
        switch encoding {
        case "gzip", "x-gzip": break
        case "identity", "":
            guard gzipRequested || request.body.starts(with: [0x1F, 0x8B]) else { return request.body }
        default:
            throw Refusal(
                response: .error(
                    .unsupportedMediaType, code: "unsupported_encoding",
                    message: "Content-Encoding \(encoding) is not supported; use gzip or none"
                )
            )
        }
        do {
            return try Gzip.decompress(request.body, limit: maxBytes)
        } catch GzipError.tooLarge(let limit) {
            throw Refusal(
                response: .error(.contentTooLarge, code: "content_too_large", message: "the decompressed body is larger than \(limit) bytes")
            )
        } catch {
            throw Refusal(response: .error(.badRequest, code: "invalid_gzip", message: "the body is not valid gzip: \(error)"))
        }
    }

    /// JSON or NDJSON from `Content-Type`; a missing type means JSON. Nil for anything else.
    static func format(of request: HTTPRequest) -> Format? {
        guard let header = request.headers["Content-Type"] else { return .json }
        let mediaType = header.split(separator: ";", maxSplits: 1).first.map { $0.trimmingASCIISpaces().lowercased() } ?? ""
        switch mediaType {
        case "application/json", "text/json": return .json
        case "application/x-ndjson", "application/ndjson", "application/jsonl", "application/x-jsonlines": return .ndjson
        default: return nil
        }
    }

    /// True when the body holds nothing but whitespace.
    static func isBlank(_ body: [UInt8]) -> Bool {
        body.allSatisfy { $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }
    }
}
