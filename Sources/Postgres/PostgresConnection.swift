import CLibPQ
import Glibc

/// One connection to PostgreSQL through libpq, the C client every PostgreSQL tool uses. Queries
/// are sent with parameters in text format (`PQexecParams`), so values are never spliced into SQL.
/// Not thread-safe, as a libpq connection is not: one owner uses it at a time.
public final class PostgresConnection {
    private let connection: OpaquePointer

    /// Connects to `url` (`postgresql://user@host:port/db`, or libpq's `key=value` form). `defaults`
    /// are connection parameters (`connect_timeout`, `application_name`…) that `url` may override. The
    /// error carries libpq's message, never the connection string, which may hold a password.
    public init(url: String, defaults: KeyValuePairs<String, String> = [:]) throws(PostgresError) {
        let keywords = defaults.map(\.key) + ["dbname"], values = defaults.map(\.value) + [url]
        let connection = Self.withCStrings(keywords) { keywords in
            Self.withCStrings(values) { values in PQconnectdbParams(keywords, values, 1) }
        }
        guard let connection else { throw PostgresError(message: "libpq could not allocate a connection") }
        guard PQstatus(connection) == CONNECTION_OK else {
            let message = Self.message(of: connection)
            PQfinish(connection)
            throw PostgresError(message: "cannot connect to PostgreSQL: \(message)")
        }
        // Server notices ("relation already exists, skipping") are not errors; libpq would print them.
        PQsetNoticeProcessor(connection, { _, _ in }, nil)
        self.connection = connection
    }

    deinit {
        PQfinish(connection)
    }

    /// Whether the connection is still usable; false once the server went away.
    public var isOpen: Bool { PQstatus(connection) == CONNECTION_OK }

    /// Runs one statement with `$1`, `$2`… bound to `parameters` (nil is SQL NULL).
    @discardableResult
    public func execute(_ sql: String, _ parameters: [String?] = []) throws(PostgresError) -> PostgresResult {
        let result = withParameterPointers(parameters) { values in
            PQexecParams(connection, sql, Int32(parameters.count), nil, values, nil, nil, 0)
        }
        return try check(result)
    }

    /// The result's rows, or the error it carries (or the connection's, when there is no result).
    @discardableResult
    private func check(_ result: OpaquePointer?) throws(PostgresError) -> PostgresResult {
        guard let result else { throw PostgresError(message: Self.message(of: connection)) }
        defer { PQclear(result) }
        switch PQresultStatus(result) {
        case PGRES_COMMAND_OK, PGRES_TUPLES_OK:
            return PostgresResult(result)
        default:
            let state = PQresultErrorField(result, Int32(UInt8(ascii: "C"))).map { String(cString: $0) }
            throw PostgresError(message: String(cString: PQresultErrorMessage(result)).trimmingSpaces(), sqlState: state)
        }
    }

    /// Runs a script of several statements without parameters (a migration file), through the
    /// simple query protocol, which runs them all in one implicit transaction unless they say otherwise.
    public func executeScript(_ sql: String) throws(PostgresError) {
        try check(PQexec(connection, sql))
    }

    /// Runs `body` inside BEGIN … COMMIT, rolling back when it throws.
    public func transaction<T>(_ body: () throws(PostgresError) -> T) throws(PostgresError) -> T {
        try execute("BEGIN")
        do {
            let value = try body()
            try execute("COMMIT")
            return value
        } catch {
            _ = try? execute("ROLLBACK")
            throw error
        }
    }

    /// Lays every parameter out as a C string in one buffer and passes pointers into it (nil for NULL).
    private func withParameterPointers<T>(_ parameters: [String?], _ body: ([UnsafePointer<CChar>?]) -> T) -> T {
        var buffer: [CChar] = []
        var offsets: [Int?] = []
        for parameter in parameters {
            guard let parameter else {
                offsets.append(nil)
                continue
            }
            offsets.append(buffer.count)
            buffer += parameter.utf8CString
        }
        return buffer.withUnsafeBufferPointer { storage in
            body(offsets.map { offset in offset.map { storage.baseAddress! + $0 } })
        }
    }

    /// Calls `body` with a NULL-terminated array of C strings, as libpq's keyword/value arrays are.
    private static func withCStrings<T>(_ strings: [String], _ body: (UnsafePointer<UnsafePointer<CChar>?>) -> T) -> T {
        let copies = strings.map { strdup($0) }
        defer { copies.forEach { free($0) } }
        let pointers = copies.map { UnsafePointer($0) } + [nil]
        return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    private static func message(of connection: OpaquePointer) -> String {
        String(cString: PQerrorMessage(connection)).trimmingSpaces()
    }
}

/// Rows of a query, as text (`nil` for NULL), and how many rows a command touched.
public struct PostgresResult: Sendable {
    public let columns: [String]
    public let rows: [[String?]]
    public let affectedRows: Int

    init(_ result: OpaquePointer) {
        let columnCount = Int(PQnfields(result)), rowCount = Int(PQntuples(result))
        columns = (0..<columnCount).map { String(cString: PQfname(result, Int32($0))) }
        rows = (0..<rowCount).map { row in
            (0..<columnCount).map { column in
                PQgetisnull(result, Int32(row), Int32(column)) == 1 ? nil : String(cString: PQgetvalue(result, Int32(row), Int32(column)))
            }
        }
        affectedRows = Int(String(cString: PQcmdTuples(result))) ?? 0
    }
}

/// A PostgreSQL error: libpq's message and, for server errors, the SQLSTATE code
/// (`23505` unique violation, `57P01` admin shutdown…), which callers branch on.
public struct PostgresError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var sqlState: String?

    public init(message: String, sqlState: String? = nil) {
        self.message = message
        self.sqlState = sqlState
    }

    public var description: String { sqlState.map { "\(message) (SQLSTATE \($0))" } ?? message }
}

extension String {
    fileprivate func trimmingSpaces() -> String {
        var text = Substring(self)
        while let last = text.last, last.isWhitespace { text.removeLast() }
        return String(text)
    }
}
