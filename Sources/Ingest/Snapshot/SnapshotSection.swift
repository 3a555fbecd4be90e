/// One part of an `EventProcessor`'s derived state, saved as one section of a snapshot.
///
/// Restoring takes two steps so that a damaged snapshot changes nothing: every section is read and
/// checked first (`read` only builds values), and only when all of them are good is each put in
/// place (`restore`, which cannot fail).
protocol SnapshotSection {
    associatedtype Saved

    /// The section's name in the snapshot.
    static var sectionName: String { get }

    /// Appends the section's body. Called while no event is admitted or applied.
    func save(into out: inout [UInt8])

    /// Reads a body that `save` wrote, all of it; throws on anything else.
    static func read(_ reader: inout SectionReader) throws(SnapshotError) -> Saved

    /// Puts the saved state in place: it replaces the part's state, or for metrics adds to series that
    /// are expected to be fresh.
    func restore(_ saved: Saved)
}

typealias SectionReader = ByteReader<SnapshotError>

extension SnapshotSection {
    /// The error for a body that is not one `save` could have written.
    static func damaged(_ problem: String) -> SnapshotError {
        SnapshotError(section: sectionName, problem)
    }
}

extension ByteReader<SnapshotError> {
    /// A count, then that many strings.
    mutating func strings() throws(SnapshotError) -> [String] {
        try (0..<count(ofItemsAtLeast: 4)).map { _ throws(SnapshotError) in try string() }
    }

    /// A count, then that many Float64s.
    mutating func doubles() throws(SnapshotError) -> [Double] {
        try (0..<count(ofItemsAtLeast: 8)).map { _ throws(SnapshotError) in try double() }
    }

    /// `count` strings without a count before them.
    mutating func strings(count: Int) throws(SnapshotError) -> [String] {
        try (0..<count).map { _ throws(SnapshotError) in try string() }
    }
}

extension [UInt8] {
    mutating func appendStrings(_ strings: [String]) {
        appendUInt32(UInt32(strings.count))
        for string in strings { appendField(string.utf8) }
    }
}
