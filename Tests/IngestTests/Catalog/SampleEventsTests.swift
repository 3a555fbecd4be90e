import Ingest
import JSONReader
import Testing

/// The generator behind `commswatch send`: what it makes must pass the real decoder, for every event
/// of the catalog, so the samples stay valid as the catalog changes.
struct SampleEventsTests {
    let decoder = EventDecoder(catalog: .standard, hasher: PersonalDataHasher(key: [1, 2, 3]))
    let now = 1_800_000_000.0

    func decode(_ json: String) throws -> Result<ValidatedEvent, EventRejection> {
        var tape = JSONTape()
        try tape.parse(Array(json.utf8))
        return decoder.decode(tape.root, in: tape, dialect: .native, now: now)
    }

    @Test func everySyntheticEventPassesTheDecoder() throws {
        let samples = Catalog.standard.sampleEvents(count: 2_000, seed: 42)
        #expect(samples.count == 2_000)
        var seen: Set<String> = []
        var ids: Set<String> = []
        for json in samples {
            switch try decode(json) {
            case .success(let event):
                seen.insert(event.name)
                if let id = event.eventID { ids.insert(id) }
            case .failure(let rejection):
                Issue.record("\(rejection.code.rawValue): \(rejection.message) in \(json)")
            }
        }
        #expect(seen == Set(Catalog.standard.events.map(\.name)), "every catalog event appears")
        #expect(ids.count == samples.count, "event ids are unique")
    }

    @Test func oneOfEachEventInCatalogOrder() throws {
        let samples = Catalog.standard.sampleOfEachEvent(seed: 7)
        let names = try samples.map { try decode($0).get().name }
        #expect(names == Catalog.standard.events.map(\.name))
    }

    @Test func optionalPropertiesAndRequiredOneOfGroupsAreCovered() throws {
        let catalog = Catalog.standard
        var present: [String: Set<Int>] = [:]
        for json in catalog.sampleEvents(count: 2_000, seed: 3) {
            let event = try decode(json).get()
            for (index, value) in event.values.enumerated() where value != nil { present[event.name, default: []].insert(index) }
        }
        for spec in catalog.events {
            #expect(present[spec.name] == Set(spec.properties.indices), "\(spec.name): every property shows up sometimes")
        }
        var archived = catalog
        archived.events = catalog.events.filter { !$0.requiredOneOf.isEmpty }
        #expect(!archived.events.isEmpty)
        for json in archived.sampleEvents(count: 200, seed: 9) {
            #expect(throws: Never.self) { try decode(json).get() }
        }
    }

    @Test func theSameSeedGivesTheSameEventsAndBatchesAgree() {
        let catalog = Catalog.standard
        let whole = catalog.sampleEvents(count: 300, seed: 11)
        #expect(whole == catalog.sampleEvents(count: 300, seed: 11))
        #expect(whole != catalog.sampleEvents(count: 300, seed: 12))
        let pieces = catalog.sampleEvents(count: 100, seed: 11, startingAt: 200) + catalog.sampleEvents(count: 200, seed: 11)
        #expect(Set(pieces) == Set(whole), "event i depends only on the seed and i")
        #expect(Set(whole).isDisjoint(with: catalog.sampleEvents(count: 300, seed: 12)), "other seeds, other ids")
    }
}
