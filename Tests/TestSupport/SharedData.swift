public import Foundation

/// Locates the peer conformance data in `../shared/` next to the repository (read in place, never copied).
public enum SharedData {
    /// The repository root, found from this source file's path.
    public static let repositoryRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared`, or `COMMSWATCH_SHARED_DIR` when set.
    public static let root: URL = {
        if let dir = ProcessInfo.processInfo.environment["COMMSWATCH_SHARED_DIR"] {
            return URL(fileURLWithPath: dir)
        }
        return repositoryRoot.deletingLastPathComponent().appendingPathComponent("shared")
    }()

    public static func url(_ relativePath: String) -> URL {
        root.appendingPathComponent(relativePath)
    }

    public static func text(_ relativePath: String) throws -> String {
        try String(contentsOf: url(relativePath), encoding: .utf8)
    }
}
