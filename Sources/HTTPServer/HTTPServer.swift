import Dispatch
import Foundation
import Glibc
import Synchronization

/// A small HTTP/1.1 server on epoll: a few event-loop threads share one listening socket, and each
/// owns the connections it accepted. A handler runs on the loop when it answers at once, on a
/// `WorkerPool` when its work takes milliseconds, or starts on the loop and answers later from
/// whichever thread finishes its work (`Router.addDeferred`), so no loop ever waits for a disk or a
/// database.
public final class HTTPServer: Sendable {
    /// The port actually bound (differs from the configured one when that was 0).
    public let port: Int
    private let shared: ServerShared
    private let mailboxes: [LoopMailbox]
    private let finished = DispatchGroup()

    /// Binds the listening socket and starts the event loops.
    public init(configuration: ServerConfiguration, router: Router, observer: ServerObserver = ServerObserver()) throws {
        signal(SIGPIPE, SIG_IGN)
        let listener = try Posix.listen(host: configuration.host, port: configuration.port, backlog: 1024)
        let loops = max(1, configuration.threads)
        var mailboxes: [LoopMailbox] = []
        var epolls: [Int32] = []
        do {
            port = try Posix.localPort(listener)
            for _ in 0..<loops {
                let mailbox = LoopMailbox(wakeFD: try Posix.eventFD())
                mailboxes.append(mailbox)
                epolls.append(try EventLoop.makeEpoll(mailbox: mailbox, listener: listener))
            }
        } catch {
            for epoll in epolls { close(epoll) }
            close(listener)
            throw error
        }
        self.mailboxes = mailboxes
        let shared = ServerShared(listener: listener, loops: loops)
        self.shared = shared
        for (epoll, mailbox) in zip(epolls, mailboxes) {
            finished.enter()
            let thread = Thread { [finished] in
                EventLoop(
                    epoll: epoll, mailbox: mailbox, listener: listener, router: router, configuration: configuration,
                    shared: shared, observer: observer
                ).run()
                finished.leave()
            }
            thread.name = "commswatch-http"
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Stops accepting, lets in-flight requests finish (deferred answers included, up to the grace
    /// period), then closes everything.
    public func shutdown() {
        guard !shared.shuttingDown.exchange(true, ordering: .acquiringAndReleasing) else { return }
        for mailbox in mailboxes { mailbox.wake() }
    }

    /// Blocks until every event loop has ended.
    public func wait() {
        finished.wait()
    }

    /// Connections open right now, across all loops.
    public var openConnections: Int { shared.openConnections.load(ordering: .relaxed) }
}
