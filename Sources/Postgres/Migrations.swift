/// Versioned schema changes, applied in order at start-up and recorded in `schema_migrations`, so
/// every instance sharing a database agrees on its schema. An advisory lock serialises instances
/// starting together; each migration runs in its own transaction with its record.
public struct Migration: Sendable, Equatable {
    public var version: Int
    public var name: String
    public var sql: String

    public init(version: Int, name: String, sql: String) {
        self.version = version
        self.name = name
        self.sql = sql
    }

    /// Reads `NNNN_name.sql` files, ordered by their number; any other file is an error, as is a
    /// number used twice.
    public static func load(directory: String, files: [(name: String, contents: String)]) throws(PostgresError) -> [Migration] {
        var migrations: [Migration] = []
        for file in files {
            let stem = file.name.hasSuffix(".sql") ? String(file.name.dropLast(4)) : ""
            guard let underscore = stem.firstIndex(of: "_"), let version = Int(stem[..<underscore]), version > 0 else {
                throw PostgresError(message: "\(directory)/\(file.name) is not a migration: name files NNNN_what.sql")
            }
            guard !migrations.contains(where: { $0.version == version }) else {
                throw PostgresError(message: "\(directory) has two migrations numbered \(version)")
            }
            migrations.append(Migration(version: version, name: String(stem[stem.index(after: underscore)...]), sql: file.contents))
        }
        return migrations.sorted { $0.version < $1.version }
    }

    /// Applies the migrations `connection`'s database has not recorded yet; returns their versions.
    @discardableResult
    public static func apply(_ migrations: [Migration], on connection: PostgresConnection) throws(PostgresError) -> [Int] {
        try connection.execute("SELECT pg_advisory_lock(7307151)")
        defer { _ = try? connection.execute("SELECT pg_advisory_unlock(7307151)") }
        try connection.execute(
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
            """)
        let applied = Set(try connection.execute("SELECT version FROM schema_migrations").rows.compactMap { $0[0].flatMap { Int($0) } })
        var newlyApplied: [Int] = []
        for migration in migrations where !applied.contains(migration.version) {
            do throws(PostgresError) {
                try connection.transaction { () throws(PostgresError) in
                    try connection.executeScript(migration.sql)
                    try connection.execute(
                        "INSERT INTO schema_migrations (version, name) VALUES ($1, $2)", [String(migration.version), migration.name])
                }
            } catch {
                throw PostgresError(message: "migration \(migration.version) (\(migration.name)) failed: \(error.message)", sqlState: error.sqlState)
            }
            newlyApplied.append(migration.version)
        }
        return newlyApplied
    }
}
