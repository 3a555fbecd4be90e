import Foundation
import Glibc

/// Calls a handler for SIGTERM, SIGINT and SIGHUP from an ordinary thread. The `sigaction` handlers
/// are installed before `init` returns, so a signal sent the moment the service says it started is
/// never lost; Dispatch signal sources register asynchronously and can miss one sent that early.
/// The handler itself only writes the signal number to a pipe (the async-signal-safe self-pipe trick).
enum SignalWatcher {
    /// Starts watching; `handle` runs on the watcher's thread for as long as the process lives.
    static func start(_ handle: @escaping @Sendable (Int32) -> Void) {
        let readEnd = signalPipe.read
        for signalNumber in [SIGTERM, SIGINT, SIGHUP] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { signalNumber in
                var byte = UInt8(truncatingIfNeeded: signalNumber)
                _ = write(signalPipe.write, &byte, 1)
            }
            action.sa_flags = SA_RESTART
            sigaction(signalNumber, &action, nil)
        }
        let thread = Thread {
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count == 1 { handle(Int32(byte)) } else if count < 0 && errno == EINTR { continue } else { return }
            }
        }
        thread.name = "commswatch.signals"
        thread.start()
    }
}

/// Created before any handler is installed, so the handler never runs Swift's lazy initialisation.
private let signalPipe: (read: Int32, write: Int32) = {
    var descriptors: [Int32] = [0, 0]
    guard pipe(&descriptors) == 0 else { fatalError("cannot create the signal pipe: \(String(cString: strerror(errno)))") }
    for descriptor in descriptors { _ = fcntl(descriptor, F_SETFD, FD_CLOEXEC) }
    return (descriptors[0], descriptors[1])
}()
