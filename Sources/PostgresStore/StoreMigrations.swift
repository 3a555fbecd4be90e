import Foundation
public import Postgres

/// The schema commswatch keeps in PostgreSQL: the `NNNN_what.sql` files shipped with the binary,
/// applied in order at start-up.
public enum StoreMigrations {
    public static func bundled() throws(PostgresError) -> [Migration] {
        guard let directory = Bundle.module.resourceURL?.appendingPathComponent("Migrations") else {
            throw PostgresError(message: "the schema migrations are missing from the installation")
        }
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasSuffix(".sql") }
        } catch {
            throw PostgresError(message: "cannot list the schema migrations in \(directory.path): \(error.localizedDescription)")
        }
        var files: [(name: String, contents: String)] = []
        for name in names {
            guard let contents = try? String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8) else {
                throw PostgresError(message: "cannot read the schema migration \(directory.path)/\(name)")
            }
            files.append((name, contents))
        }
        return try Migration.load(directory: directory.path, files: files)
    }
}
