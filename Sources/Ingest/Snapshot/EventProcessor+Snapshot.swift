/// A snapshot of everything an `EventProcessor` rebuilds from events, so that start-up can restore it
/// and replay only the journal after it.
///
/// Layout, little-endian (Binary/LittleEndian.swift; a string is a UInt32 length and UTF-8): the magic
/// `CWSS`, a UInt32 format version (1), a UInt32 section count, then that many sections to the end,
/// each its name (a string), a UInt64 body length and the body. The sections are `metrics`,
/// `connections`, `disputes`, `analytics` and `window`; each one's file documents its body. A reader
/// skips sections it does not know and leaves a part whose section is absent as it is, so sections
/// can be added without a new version; changing a section's body takes one.
///
/// Saving the same state gives the same bytes: maps are written sorted by key. The snapshot carries no
/// checksum (the caller frames it in a checksummed record), but every read is bounds-checked and the
/// section count is checked against the end, so cut or garbled bytes fail with a `SnapshotError`
/// rather than a crash or a partial restore.
extension EventProcessor {
    static let snapshotMagic = Array("CWSS".utf8)
    static let snapshotVersion: UInt32 = 1

    /// The derived state as bytes. Called while no event is being admitted or applied (the caller
    /// guarantees it), so the parts agree with each other.
    public func snapshotState() -> [UInt8] {
        var out = Self.snapshotMagic
        out.appendUInt32(Self.snapshotVersion)
        out.appendUInt32(UInt32(sections.count))
        for section in sections { append(section, to: &out) }
        return out
    }

    /// Restores `bytes`, from `snapshotState()` of a processor with the same catalog and prefix (or an
    /// older version of the catalog: what it no longer has is skipped), into this freshly created
    /// processor before any event is applied. Metrics are restored by adding to what the registry holds
    /// and the rest replaces what the processor holds, so restoring into a processor that already
    /// applied events would count them twice.
    ///
    /// Throws on bytes that are damaged or of an unknown version, saying what is wrong in which section.
    /// The whole snapshot is read and checked before anything changes, so after a throw nothing has.
    public func restoreState(from bytes: [UInt8]) throws(SnapshotError) {
        let staged = bytes.withUnsafeBytes { raw in Result { () throws(SnapshotError) in try readSections(raw) } }
        for restore in try staged.get() { restore() }
    }

    /// Reads and checks every section; returns what restores each part.
    private func readSections(_ bytes: UnsafeRawBufferPointer) throws(SnapshotError) -> [() -> Void] {
        let bodies = try Self.sections(of: bytes)
        var restores: [() -> Void] = []
        func stage<Section: SnapshotSection>(_ section: Section) throws(SnapshotError) {
            guard let body = bodies[Section.sectionName] else { return }
            var reader = SectionReader(body, truncated: Section.damaged("ends early"))
            let saved = try Section.read(&reader)
            guard reader.remaining == 0 else { throw Section.damaged("\(reader.remaining) bytes follow its end") }
            restores.append { section.restore(saved) }
        }
        for section in sections { try stage(section) }
        return restores
    }

    /// The parts of the state, in the order they are saved.
    private var sections: [any SnapshotSection] { [metrics, connections, disputes, analytics, window] }

    private func append<Section: SnapshotSection>(_ section: Section, to out: inout [UInt8]) {
        out.appendField(Section.sectionName.utf8)
        let lengthAt = out.count
        out.appendUInt64(0)
        section.save(into: &out)
        let length = UInt64(out.count - lengthAt - 8).littleEndian
        withUnsafeBytes(of: length) { out.replaceSubrange(lengthAt..<lengthAt + 8, with: $0) }
    }

    /// Checks the header and returns each section's body by name.
    private static func sections(of bytes: UnsafeRawBufferPointer) throws(SnapshotError) -> [String: UnsafeRawBufferPointer] {
        func framing(_ problem: String) -> SnapshotError { SnapshotError(section: "framing", problem) }
        var reader = SectionReader(bytes, truncated: framing("ends inside a header"))
        guard try reader.take(snapshotMagic.count).elementsEqual(snapshotMagic) else {
            throw framing("not a state snapshot (it does not start with CWSS)")
        }
        let version = try reader.uint32()
        guard version == snapshotVersion else {
            throw framing("format version \(version) is not one this build reads (\(snapshotVersion))")
        }
        let count = try reader.uint32()
        var bodies: [String: UnsafeRawBufferPointer] = [:]
        for _ in 0..<count {
            let name = try reader.string()
            let length = try reader.uint64()
            guard length <= UInt64(reader.remaining) else {
                throw SnapshotError(section: name, "ends early: \(length) bytes announced, \(reader.remaining) left")
            }
            guard bodies[name] == nil else { throw SnapshotError(section: name, "appears twice") }
            bodies[name] = try reader.take(Int(length))
        }
        guard reader.remaining == 0 else { throw framing("\(reader.remaining) bytes follow the last of its \(count) sections") }
        return bodies
    }
}
