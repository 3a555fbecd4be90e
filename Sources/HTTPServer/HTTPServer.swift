import Dispatch
import Foundation
import Glibc
import Synchronization

/// A small HTTP/1.1 server on epoll: a few event-loop threads share one listening socket, each owns the
/// connections it accepted, and handlers run inline on the loop (they are expected to be quick).
public final class HTTPServer: Sendable {
    /// The port actually bound (differs from the configured one when that was 0).
    public let port: Int
    private let shared: ServerShared
    private let wakeFDs: [Int32]
    private let finished = DispatchGroup()

    /// Binds the listening socket and starts the event loops.
    public init(configuration: ServerConfiguration, router: Router, observer: ServerObserver = ServerObserver()) throws {
        signal(SIGPIPE, SIG_IGN)
        let listener = try Posix.listen(host: configuration.host, port: configuration.port, backlog: 1024)
        let loops = max(1, configuration.threads)
        var descriptors: [EventLoop.Descriptors] = []
        do {
            port = try Posix.localPort(listener)
            for _ in 0..<loops { descriptors.append(try EventLoop.Descriptors(listener: listener)) }
        } catch {
            for loop in descriptors {
                close(loop.epoll)
                close(loop.wake)
            }
            close(listener)
            throw error
        }
        wakeFDs = descriptors.map(\.wake)
        let shared = ServerShared(listener: listener, loops: loops)
        self.shared = shared
        for loopDescriptors in descriptors {
            finished.enter()
            let thread = Thread { [finished] in
                EventLoop(
                    descriptors: loopDescriptors, listener: listener, router: router, configuration: configuration,
                    shared: shared, observer: observer
                ).run()
                finished.leave()
            }
            thread.name = "commswatch-http"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Stops accepting, lets in-flight requests finish (up to the grace period), then closes everything.
    public func shutdown() {
        guard !shared.shuttingDown.exchange(true, ordering: .acquiringAndReleasing) else { return }
        for fd in wakeFDs { Posix.signal(eventFD: fd) }
    }

    /// Blocks until every event loop has ended.
    public func wait() {
        finished.wait()
    }

    /// Connections open right now, across all loops.
    public var openConnections: Int { shared.openConnections.load(ordering: .relaxed) }
}
