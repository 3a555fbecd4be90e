import Foundation
import TestSupport
import Testing

/// The throwaway PostgreSQL that database tests stand on: it answers, keeps data across stop/start,
/// never runs as root, runs side by side with another, and leaves nothing behind.
struct PostgresServerTests {
    /// The users owning the postmaster and its children, from `ps`.
    func processUsers(_ server: PostgresServer) throws -> [String] {
        let pidFile = try String(contentsOfFile: "\(server.directory)/data/postmaster.pid", encoding: .utf8)
        let pid = try #require(pidFile.split(separator: "\n").first.map(String.init))
        let ps = try ExternalTool.run("/bin/ps", ["-o", "user:32=", "--pid", pid, "--ppid", pid])
        return ps.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// Whether `pid` exists and is not a zombie (the postmaster's parent is init, which may reap late).
    func isRunning(_ pid: Int32) -> Bool {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let end = stat.lastIndex(of: ")")
        else { return false }
        return stat[stat.index(end, offsetBy: 2)] != "Z"
    }

    @Test func answersKeepsDataAcrossRestartAndIsDownWhenStopped() throws {
        let server = try PostgresServer()
        #expect(server.url == "postgresql://commswatch@127.0.0.1:\(server.port)/commswatch")
        #expect(try server.psql("select 1") == "1\n")
        #expect(try server.psql("select current_database(), current_user") == "commswatch|commswatch\n")

        let users = try processUsers(server)
        #expect(users.count >= 2, "the postmaster and its background processes")
        #expect(!users.contains("root") && !users.contains("0"), "\(users)")

        _ = try server.psql("create table t (id int primary key, name text); insert into t values (1, 'ünï')")
        try server.stop()
        #expect(throws: PostgresServer.Failure.self) { try server.psql("select 1") }

        try server.start()
        #expect(try server.psql("select id, name from t") == "1|ünï\n")
    }

    @Test func twoServersRunAtOnceWithTheirOwnData() throws {
        let first = try PostgresServer(), second = try PostgresServer()
        #expect(first.port != second.port)
        #expect(first.directory != second.directory)
        _ = try first.psql("create table only_first (x int)")
        #expect(try first.psql("select count(*) from pg_tables where tablename = 'only_first'") == "1\n")
        #expect(try second.psql("select count(*) from pg_tables where tablename = 'only_first'") == "0\n")
    }

    @Test func deinitStopsTheServerAndRemovesItsDirectory() throws {
        var server: PostgresServer? = try PostgresServer()
        let directory = try #require(server?.directory)
        let pidFile = try String(contentsOfFile: "\(directory)/data/postmaster.pid", encoding: .utf8)
        let pid = try #require(pidFile.split(separator: "\n").first.flatMap { Int32($0) })
        #expect(isRunning(pid))
        server = nil
        #expect(!FileManager.default.fileExists(atPath: directory))
        #expect(!isRunning(pid), "the postmaster is gone")
    }
}
