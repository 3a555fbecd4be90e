import HTTPCore
import TestSupport
import Testing

/// Runs every llhttp request case (shared/conformance/http/request/*.md) through the strict parser,
/// whole, byte by byte and in pseudo-random pieces, and checks the result against the rules in
/// `Expectation`.
@Suite("llhttp request corpus")
struct LLHTTPConformanceTests {
    @Test(arguments: try LLHTTPCorpus.load())
    func conformance(_ conformanceCase: LLHTTPCase) {
        let whole = ParserDriver.whole(conformanceCase.input)
        let byteByByte = ParserDriver.byteByByte(conformanceCase.input)
        let randomPieces = ParserDriver.randomPieces(conformanceCase.input, seed: UInt64(conformanceCase.line))
        #expect(byteByByte.outcomes == whole.outcomes, "byte-by-byte feeding changed the outcome")
        #expect(randomPieces.outcomes == whole.outcomes, "random pieces changed the outcome")
        #expect(byteByByte.parser.hasPartialRequest == whole.parser.hasPartialRequest)

        let (expectation, _) = Expectation.of(conformanceCase)
        check(expectation, conformanceCase.messages, whole)
    }

    /// Every Markdown case pairs with a CASES.tsv row; prints how many follow their verdict as is.
    @Test func corpusIsComplete() throws {
        let cases = try LLHTTPCorpus.load()
        #expect(!cases.isEmpty)  // load() already checked that every case has its CASES.tsv row and vice versa
        var summary: [String: (total: Int, adapted: Int)] = [:]
        var reasons: [String: Int] = [:]
        for conformanceCase in cases {
            let adaptation = Expectation.of(conformanceCase).adaptation
            summary[conformanceCase.verdict, default: (0, 0)].total += 1
            summary[conformanceCase.verdict, default: (0, 0)].adapted += adaptation == nil ? 0 : 1
            if let adaptation { reasons[adaptation, default: 0] += 1 }
        }
        for (verdict, counts) in summary.sorted(by: { $0.key < $1.key }) {
            print("llhttp corpus: \(verdict): \(counts.total - counts.adapted) as the verdict says, \(counts.adapted) adapted")
        }
        for (reason, count) in reasons.sorted(by: { $0.key < $1.key }) {
            print("llhttp corpus: adapted \(count)x: \(reason)")
        }
    }

    private func check(_ expectation: Expectation, _ messages: [LoggedMessage], _ driver: ParserDriver) {
        let requests = driver.requests
        switch expectation {
        case .parseAsLogged, .endOfStream:
            let complete = messages.filter(\.complete)
            #expect(driver.failure == nil)
            #expect(requests.count == complete.count)
            for (request, message) in zip(requests, complete) {
                #expect(request.mismatch(with: message) == nil)
            }
            if case .endOfStream(let safe) = expectation {
                #expect(driver.parser.hasPartialRequest == !safe)
            } else if let last = messages.last, !last.complete {
                #expect(driver.parser.hasPartialRequest)
                checkCompletion(of: last, after: driver)
            } else {
                #expect(!driver.parser.hasPartialRequest)
            }
        case .firstAsLogged:
            #expect(requests.first?.mismatch(with: messages[0]) == nil)
        case .firstThenClose:
            #expect(requests.first?.mismatch(with: messages[0]) == nil)
            #expect(requests.first?.keepAlive == false)
        case .failAfterPrefix(let statuses):
            let failure = driver.failure
            #expect(failure.map { statuses.contains($0.status.code) } == true, "failure: \(String(describing: failure))")
            #expect(requests.count < messages.count)
            for (request, message) in zip(requests, messages) {
                #expect(request.mismatch(with: message) == nil)
            }
        case .waitForDeclaredBody:
            #expect(driver.failure == nil)
            #expect(requests.isEmpty)
            #expect(driver.parser.hasPartialRequest)
        }
    }

    /// A logged message cut short in the input: supplying the rest of its body must complete it as logged.
    /// Messages cut inside a chunk are left waiting, which the caller already checked.
    private func checkCompletion(of message: LoggedMessage, after driver: ParserDriver) {
        guard message.headersComplete else { return }
        var driver = driver
        let before = driver.requests.count
        var extraBody: [UInt8] = []
        if !message.isChunked {
            extraBody = Array(repeating: UInt8(ascii: "x"), count: message.contentLength - message.body.count)
            driver.feed(extraBody)
        } else if message.chunkSizes.isEmpty {
            driver.feed("0\r\n\r\n".bytes)
        } else if message.chunkSizes.last == 0 {
            driver.feed("\r\n".bytes)
        } else {
            return
        }
        let completed = driver.requests.dropFirst(before)
        #expect(completed.count == 1)
        #expect(completed.first?.mismatch(with: message, extraBody: extraBody) == nil)
    }
}
