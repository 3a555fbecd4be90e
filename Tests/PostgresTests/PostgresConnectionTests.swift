import Foundation
import Postgres
import TestSupport
import Testing

/// The libpq wrapper and the migration runner against a real, throwaway PostgreSQL 15, with psql as
/// the independent reader.
@Suite(.serialized)
struct PostgresConnectionTests {
    let server: PostgresServer

    init() throws {
        server = try PostgresServer()
    }

    @Test func parametersAreBoundNotSpliced() throws {
        let connection = try PostgresConnection(url: server.url)
        try connection.execute("CREATE TABLE notes (id serial PRIMARY KEY, body text, score integer)")
        let hostile = "'); DROP TABLE notes; --"
        try connection.execute("INSERT INTO notes (body, score) VALUES ($1, $2), ($3, $4)", [hostile, "7", nil, nil])
        let rows = try connection.execute("SELECT body, score FROM notes ORDER BY id").rows
        #expect(rows == [[hostile, "7"], [nil, nil]])
        #expect(try server.psql("SELECT count(*) FROM notes").trimmingCharacters(in: .whitespacesAndNewlines) == "2")
    }

    @Test func serverErrorsCarryTheirSQLState() throws {
        let connection = try PostgresConnection(url: server.url)
        try connection.execute("CREATE TABLE keys (key text PRIMARY KEY)")
        try connection.execute("INSERT INTO keys VALUES ($1)", ["a"])
        #expect {
            try connection.execute("INSERT INTO keys VALUES ($1)", ["a"])
        } throws: { error in
            (error as? PostgresError)?.sqlState == "23505"
        }
        #expect(connection.isOpen, "a failed statement leaves the connection usable")
    }

    @Test func aTransactionThatThrowsLeavesNothing() throws {
        let connection = try PostgresConnection(url: server.url)
        try connection.execute("CREATE TABLE ledger (amount integer NOT NULL)")
        #expect(throws: PostgresError.self) {
            try connection.transaction { () throws(PostgresError) in
                try connection.execute("INSERT INTO ledger VALUES (1)")
                try connection.execute("INSERT INTO ledger VALUES (NULL)")
            }
        }
        #expect(try server.psql("SELECT count(*) FROM ledger").trimmingCharacters(in: .whitespacesAndNewlines) == "0")
    }

    @Test func aBadURLIsAClearErrorWithoutThePassword() {
        #expect {
            _ = try PostgresConnection(url: "postgresql://someone:hunter2@127.0.0.1:1/nothing")
        } throws: { error in
            let text = "\(error)"
            return text.contains("cannot connect to PostgreSQL") && !text.contains("hunter2")
        }
    }

    @Test func migrationsApplyOnceInOrderAndAreRecorded() throws {
        let migrations = try Migration.load(directory: "test", files: [
            ("0002_index.sql", "CREATE INDEX events_name ON events (name)"),
            ("0001_events.sql", "CREATE TABLE events (id bigserial PRIMARY KEY, name text NOT NULL)"),
        ])
        let connection = try PostgresConnection(url: server.url)
        #expect(try Migration.apply(migrations, on: connection) == [1, 2])
        #expect(try Migration.apply(migrations, on: try PostgresConnection(url: server.url)) == [], "a second start applies nothing")
        #expect(try server.psql("SELECT version || ':' || name FROM schema_migrations ORDER BY version") == "1:events\n2:index\n")

        let broken = migrations + [Migration(version: 3, name: "broken", sql: "ALTER TABLE nowhere ADD COLUMN x int")]
        #expect {
            try Migration.apply(broken, on: connection)
        } throws: { error in
            "\(error)".contains("migration 3 (broken) failed")
        }
        #expect(try server.psql("SELECT max(version) FROM schema_migrations") == "2\n", "the failed migration left no record")
    }

    @Test func migrationFileNamesAreChecked() {
        #expect(throws: PostgresError.self) { try Migration.load(directory: "d", files: [("events.sql", "")]) }
        #expect(throws: PostgresError.self) { try Migration.load(directory: "d", files: [("0001_a.sql", ""), ("0001_b.sql", "")]) }
    }
}
