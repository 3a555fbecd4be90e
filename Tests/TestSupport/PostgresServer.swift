import Foundation
import Glibc

/// A throwaway PostgreSQL 15 cluster for tests that need a real database, and `psql` as an independent
/// oracle over it.
///
/// Each server has its own directory (`/tmp/commswatch-pg-<uuid>`: data, log, Unix socket) and its own
/// loopback port, so any number can run at once. Trust authentication, no fsync: nothing here is meant
/// to survive the test.
///
/// PostgreSQL refuses to run as root, and tests run as root here and in CI, so the server is run
/// (`runuser -u <user> --`) as the `postgres` system user, or a dedicated `commswatch-pg` user created
/// when that is missing. Not as root, it runs as whoever runs the tests.
///
/// It is shut down with `pg_ctl stop` (`-m fast` by `stop()`, `-m immediate` by `deinit`), and `deinit`
/// removes the directory. For a test process that dies before `deinit` runs, a small watcher shell,
/// started as soon as the directory exists, waits for this process to be gone and then does the same,
/// so a crashed test leaves nothing behind for more than a few seconds. (Should even that miss a
/// server, PostgreSQL shuts itself down within a minute of its directory's lock file disappearing.)
public final class PostgresServer: Sendable {
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    public static let binaries = "/usr/lib/postgresql/15/bin"

    /// Holds `data/`, `log` and the Unix socket.
    public let directory: String
    public let port: Int
    /// The account the server runs as; nil when it runs as the current (non-root) user.
    private let user: String?

    public var url: String { url(database: "commswatch") }

    public init() throws {
        for tool in ["initdb", "pg_ctl", "postgres", "psql"]
        where !FileManager.default.isExecutableFile(atPath: "\(Self.binaries)/\(tool)") {
            throw Failure(description: "PostgreSQL 15 server binaries are not in \(Self.binaries); run .ci/install-deps")
        }
        let user = try getuid() == 0 ? Self.serverUser() : nil
        let directory = "/tmp/commswatch-pg-\(UUID().uuidString.lowercased())"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
        Self.watchForCrash(user: user, directory: directory)
        var started = false
        defer { if !started { try? FileManager.default.removeItem(atPath: directory) } }
        if let user {
            try Self.check(ExternalTool.run("/bin/chown", [user, directory]), "chown \(directory) to \(user)")
        }
        try Self.check(
            ExternalTool.run("/usr/bin/env", Self.asServer(user, directory, "initdb", [
                "-D", "\(directory)/data", "-U", "commswatch", "--auth=trust", "--encoding=UTF8", "--no-sync",
            ])),
            "initdb"
        )
        // FreePort's port is free when asked but not reserved; another process may take it before the
        // server binds it, so try a few.
        var port = 0
        for attempt in 1...3 {
            port = try FreePort.find()
            let result = try Self.runStart(user, directory, port)
            if result.status == 0 { break }
            if attempt == 3 { try Self.check(result, "pg_ctl start (log: \(Self.log(directory)))") }
        }
        (self.user, self.directory, self.port) = (user, directory, port)
        started = true
        _ = try query("create database commswatch", database: "postgres")
    }

    deinit {
        _ = try? ExternalTool.run(
            "/usr/bin/env", Self.asServer(user, directory, "pg_ctl", ["-D", "\(directory)/data", "-m", "immediate", "-w", "stop"])
        )
        try? FileManager.default.removeItem(atPath: directory)
    }

    public func url(database: String) -> String { "postgresql://commswatch@127.0.0.1:\(port)/\(database)" }

    /// Stops the server (`pg_ctl stop -m fast`), keeping its data for `start()`.
    public func stop() throws {
        try Self.check(
            ExternalTool.run("/usr/bin/env", Self.asServer(user, directory, "pg_ctl", ["-D", "\(directory)/data", "-m", "fast", "-w", "stop"])),
            "pg_ctl stop"
        )
    }

    /// Starts the server again on the same data directory and port.
    public func start() throws {
        try Self.check(
            Self.runStart(user, directory, port),
            "pg_ctl start (log: \(Self.log(directory)))"
        )
    }

    /// Runs `sql` through `psql -At` in the `commswatch` database and returns what it printed
    /// (unaligned, tuples only: one row a line, columns split by `|`).
    public func psql(_ sql: String) throws -> String { try query(sql, database: "commswatch") }

    private func query(_ sql: String, database: String) throws -> String {
        let result = try ExternalTool.run("\(Self.binaries)/psql", ["-X", url(database: database), "-At", "-v", "ON_ERROR_STOP=1", "-c", sql])
        try Self.check(result, "psql -c \(sql)")
        return result.stdout
    }

    // MARK: - Running as the server's user

    /// `env` arguments running `tool` in `directory`, as `user` when there is one.
    private static func asServer(_ user: String?, _ directory: String, _ tool: String, _ arguments: [String]) -> [String] {
        let command = ["-C", directory, "\(binaries)/\(tool)"] + arguments
        guard let user else { return command }
        return ["/usr/sbin/runuser", "-u", user, "--", "/usr/bin/env"] + command
    }

    /// `pg_ctl start`, with every descriptor above stderr closed first. The server outlives `pg_ctl` and
    /// inherits what it had open, which includes the socket Foundation's `Process` watches to learn that
    /// its child exited; left open, `ExternalTool.run` would wait for as long as the server runs.
    private static func runStart(_ user: String?, _ directory: String, _ port: Int) throws -> ExternalTool.Result {
        let closeAndRun = #"for fd in /proc/$$/fd/*; do fd=${fd##*/}; [ "$fd" -gt 2 ] && eval "exec $fd>&-"; done; exec "$@""#
        let start = asServer(user, directory, "pg_ctl", [
            "-D", "\(directory)/data", "-l", "\(directory)/log", "-w",
            "-o", "-p \(port) -k \(directory) -c listen_addresses=127.0.0.1 -c fsync=off", "start",
        ])
        return try ExternalTool.run("/bin/bash", ["-c", closeAndRun, "pg-start", "/usr/bin/env"] + start)
    }

    /// `postgres` when it exists, else `commswatch-pg`, created if need be.
    private static func serverUser() throws -> String {
        if getpwnam("postgres") != nil { return "postgres" }
        let name = "commswatch-pg"
        if getpwnam(name) == nil {
            let result = try ExternalTool.run("/usr/sbin/useradd", ["--system", "--no-create-home", name])
            // Another test may have created it meanwhile.
            if getpwnam(name) == nil { try check(result, "useradd \(name)") }
        }
        return name
    }

    /// Starts a shell that, once this process is gone (or a zombie) without `deinit` having removed
    /// `directory`, stops the server, kills whatever still works in `directory` (an `initdb` the test
    /// died during: everything here runs with its working directory inside it), and removes it. It ignores the signals a terminal sends the whole job, as
    /// `pg_ctl` makes the server itself do.
    private static func watchForCrash(user: String?, directory: String) {
        let stop = asServer(user, directory, "pg_ctl", ["-D", "\(directory)/data", "-m", "immediate", "-w", "stop"])
        let script = """
            trap '' INT HUP
            owner=$1 directory=$2
            shift 2
            alive() { state=$(sed 's/.*) //' "/proc/$owner/stat" 2>/dev/null) && [ "${state%% *}" != Z ]; }
            while alive && [ -d "$directory" ]; do sleep 1; done
            [ -d "$directory" ] || exit 0
            /usr/bin/env "$@"
            for process in /proc/[0-9]*; do
                case $(readlink "$process/cwd" 2>/dev/null) in "$directory" | "$directory"/*) kill -9 "${process#/proc/}" ;; esac
            done
            rm -rf "$directory"
            """
        let watcher = Process()
        watcher.executableURL = URL(fileURLWithPath: "/bin/sh")
        watcher.arguments = ["-c", script, "commswatch-pg-watcher", String(getpid()), directory] + stop
        watcher.standardInput = FileHandle.nullDevice
        watcher.standardOutput = FileHandle.nullDevice
        watcher.standardError = FileHandle.nullDevice
        try? watcher.run()
    }

    private static func log(_ directory: String) -> String {
        (try? String(contentsOfFile: "\(directory)/log", encoding: .utf8)) ?? "none"
    }

    private static func check(_ result: ExternalTool.Result, _ what: String) throws {
        guard result.status != 0 else { return }
        throw Failure(description: "\(what) failed with status \(result.status): \(result.stderr)\(result.stdout)")
    }
}
