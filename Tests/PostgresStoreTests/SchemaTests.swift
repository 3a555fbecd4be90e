import Postgres
import PostgresStore
import Testing
import TestSupport

@Suite("PostgreSQL schema")
struct SchemaTests {
    @Test func bundledMigrationsApplyOnceOnAFreshDatabase() throws {
        let migrations = try StoreMigrations.bundled()
        #expect(migrations.first?.version == 1)
        let server = try PostgresServer()
        let connection = try PostgresConnection(url: server.url)
        #expect(try Migration.apply(migrations, on: connection) == migrations.map(\.version))
        #expect(try Migration.apply(migrations, on: connection) == [])
        #expect(try server.psql("SELECT count(*) FROM events") == "0\n")
    }
}
