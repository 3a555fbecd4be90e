import HTTPCore

/// What the parser reported, as an Equatable snapshot so runs with different splits can be compared.
enum Outcome: Equatable, CustomStringConvertible {
    case request(ParsedRequest)
    case continueExpected
    case failure(HTTPParseError)

    var request: ParsedRequest? {
        if case .request(let request) = self { return request }
        return nil
    }

    var failure: HTTPParseError? {
        if case .failure(let error) = self { return error }
        return nil
    }

    var description: String {
        switch self {
        case .request(let request): "request(\(request))"
        case .continueExpected: "continueExpected"
        case .failure(let error): "failure(\(error))"
        }
    }
}

struct ParsedRequest: Equatable, CustomStringConvertible {
    var method: String
    var target: String
    var version: HTTPVersion
    var headers: [Header]
    var body: [UInt8]
    var keepAlive: Bool

    struct Header: Equatable {
        var name: String
        var value: String
    }

    init(_ request: HTTPRequest) {
        method = request.method
        target = request.target
        version = request.version
        headers = request.headers.map { Header(name: $0.name, value: $0.value) }
        body = request.body
        keepAlive = request.keepAlive
    }

    var bodyText: String { String(decoding: body, as: UTF8.self) }

    var description: String {
        "\(method) \(target) \(version) headers=\(headers.map { "\($0.name): \($0.value)" }) body=\(body.count)B"
    }
}

/// Feeds bytes to a parser the way a server does: append what arrived to the unparsed rest, call `parse`
/// until it needs more, drop the consumed bytes.
struct ParserDriver {
    private(set) var parser: HTTPRequestParser
    private(set) var outcomes: [Outcome] = []
    private var pending: [UInt8] = []

    init(limits: HTTPParserLimits = HTTPParserLimits()) {
        parser = HTTPRequestParser(limits: limits)
    }

    var requests: [ParsedRequest] { outcomes.compactMap(\.request) }
    var failure: HTTPParseError? { outcomes.last?.failure }

    /// Feeds one piece; returns the outcomes it produced. Checks the `parse` contract on every call.
    @discardableResult
    mutating func feed(_ piece: some Collection<UInt8>) -> [Outcome] {
        guard failure == nil else { return [] }
        pending.append(contentsOf: piece)
        var produced: [Outcome] = []
        while !pending.isEmpty {
            let count = pending.count
            let (consumed, event) = pending.withUnsafeBytes { parser.parse($0) }
            precondition(consumed >= 0 && consumed <= count, "parse consumed \(consumed) of \(count) bytes")
            pending.removeFirst(consumed)
            switch event {
            case .needMoreData:
                precondition(consumed == count, "needMoreData must consume all input")
                outcomes += produced
                return produced
            case .continueExpected:
                produced.append(.continueExpected)
            case .request(let request):
                produced.append(.request(ParsedRequest(request)))
            case .failure(let error):
                produced.append(.failure(error))
                outcomes += produced
                return produced
            }
        }
        outcomes += produced
        return produced
    }

    /// Feeds `input` cut into pieces of the given sizes (cycled), then returns the driver.
    static func run(_ input: [UInt8], pieceSizes: [Int], limits: HTTPParserLimits = HTTPParserLimits()) -> ParserDriver {
        var driver = ParserDriver(limits: limits)
        var start = 0
        var sizeIndex = 0
        while start < input.count {
            let end = min(input.count, start + max(1, pieceSizes[sizeIndex % pieceSizes.count]))
            driver.feed(input[start..<end])
            start = end
            sizeIndex += 1
        }
        return driver
    }

    static func whole(_ input: [UInt8], limits: HTTPParserLimits = HTTPParserLimits()) -> ParserDriver {
        run(input, pieceSizes: [max(1, input.count)], limits: limits)
    }

    static func byteByByte(_ input: [UInt8], limits: HTTPParserLimits = HTTPParserLimits()) -> ParserDriver {
        run(input, pieceSizes: [1], limits: limits)
    }

    /// Deterministic pseudo-random piece sizes between 1 and `maxPiece`.
    static func randomPieces(_ input: [UInt8], seed: UInt64, maxPiece: Int = 17) -> ParserDriver {
        var state = seed | 1
        var sizes: [Int] = []
        for _ in 0..<64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            sizes.append(Int(state % UInt64(maxPiece)) + 1)
        }
        return run(input, pieceSizes: sizes)
    }
}

extension String {
    /// The UTF-8 bytes of a test literal such as `"GET / HTTP/1.1\r\n\r\n"`.
    var bytes: [UInt8] { Array(utf8) }
}
