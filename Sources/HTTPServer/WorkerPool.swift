import CLinux
import Dispatch
import Foundation
import Synchronization

/// A few threads for handlers whose work takes milliseconds (rendering a large scrape, answering
/// a rules query), so that the event loops keep serving everything else meanwhile. The threads run
/// as batch work (SCHED_BATCH, which does not preempt a waking thread) at a lower priority
/// (`niceness`), so on a busy machine a loop with a health check to answer gets the CPU before a
/// worker rendering megabytes. Bounded: with `queueLimit` jobs already waiting, `submit` refuses
/// and the request is answered 503.
public final class WorkerPool: Sendable {
    public typealias Job = @Sendable () -> Void

    private struct State {
        var jobs: [Job] = []
        /// Index of the next job to run in `jobs`.
        var head = 0
        var stopping = false

        var waiting: Int { jobs.count - head }

        mutating func pop() -> Job? {
            guard head < jobs.count else { return nil }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 64 && head * 2 >= jobs.count {
                jobs.removeFirst(head)
                head = 0
            }
            return job
        }
    }

    public let threads: Int
    public let queueLimit: Int
    private let state = Mutex(State())
    /// Counts jobs queued (and, at shutdown, one wake-up per thread).
    private let available = DispatchSemaphore(value: 0)
    private let finished = DispatchGroup()

    public init(threads: Int, queueLimit: Int = 1024, niceness: Int32 = 10, name: String = "commswatch-worker") {
        self.threads = max(1, threads)
        self.queueLimit = max(1, queueLimit)
        for _ in 0..<self.threads {
            finished.enter()
            let thread = Thread { [self] in
                commswatch_run_as_background(niceness)
                while let job = next() { job() }
                finished.leave()
            }
            thread.name = name
            thread.start()
        }
    }

    /// Queues `job`; false when `queueLimit` jobs are already waiting or the pool is shutting down.
    public func submit(_ job: @escaping Job) -> Bool {
        let queued = state.withLock { state -> Bool in
            guard !state.stopping, state.waiting < queueLimit else { return false }
            state.jobs.append(job)
            return true
        }
        if queued { available.signal() }
        return queued
    }

    /// Jobs queued and not started yet.
    public var waiting: Int { state.withLock { $0.waiting } }

    /// Runs the jobs already queued, refuses new ones, and returns once every thread has ended.
    public func shutdown() {
        let first = state.withLock { state -> Bool in
            defer { state.stopping = true }
            return !state.stopping
        }
        if first {
            for _ in 0..<threads { available.signal() }
        }
        finished.wait()
    }

    /// The next job, waiting for one; nil once the pool is stopping and nothing is left.
    private func next() -> Job? {
        while true {
            available.wait()
            let (job, stopping) = state.withLock { ($0.pop(), $0.stopping) }
            if let job { return job }
            if stopping { return nil }
        }
    }
}
