extension Catalog {
    /// `count` valid events as JSON object text, for `commswatch send` and for tests: event kinds at
    /// random across the catalog, with unique `event_id`s. Event `i` depends only on `seed` and `i`, so a
    /// seed reproduces a run and batches can be generated in any order, on any thread.
    public func sampleEvents(count: Int, seed: UInt64, startingAt start: Int = 0) -> [String] {
        (start..<start + count).map { index in
            var rng = SplitMix64(seed: seed, index: index)
            let spec = events[rng.below(events.count)]
            return sample(of: spec, eventID: "evt-\(String(seed, radix: 16))-\(index)", rng: &rng)
        }
    }

    /// One valid event of every kind, in catalog order: a smoke test of a running service.
    public func sampleOfEachEvent(seed: UInt64) -> [String] {
        events.enumerated().map { index, spec in
            var rng = SplitMix64(seed: seed, index: index)
            return sample(of: spec, eventID: "sample-\(String(seed, radix: 16))-\(index)", rng: &rng)
        }
    }

    /// An event of `spec` with every required property, each optional one half the time, and one
    /// member of each `requiredOneOf` group at least. No `timestamp`: the receiver's clock is always
    /// valid, where a fixed one would age out of the idempotency window and a computed one would
    /// make the output depend on when it was generated.
    private func sample(of spec: EventSpec, eventID: String, rng: inout SplitMix64) -> String {
        let forced = Set(spec.requiredOneOf.map { rng.pick($0) })
        let labels = Set(spec.updates.flatMap(\.labelProperties))
        let hints = Dictionary(spec.updates.flatMap(\.testedValues), uniquingKeysWith: +)
        var properties: [String] = []
        for property in spec.required {
            properties.append(Self.member(property, label: labels.contains(property.name), hints: hints, rng: &rng))
        }
        for property in spec.optional where rng.chance(0.5) || forced.contains(property.name) {
            properties.append(Self.member(property, label: labels.contains(property.name), hints: hints, rng: &rng))
        }
        return "{\"event\":\(SampleValues.quoted(spec.name)),\"event_id\":\(SampleValues.quoted(eventID)),"
            + "\"distinct_id\":\"user-\(1 + rng.below(SampleValues.idPool))\","
            + "\"properties\":{\(properties.joined(separator: ","))}}"
    }

    private static func member(_ property: PropertySpec, label: Bool, hints: [String: [String]], rng: inout SplitMix64) -> String {
        SampleValues.quoted(property.name) + ":"
            + SampleValues.json(for: property, label: label, hints: hints[property.name] ?? [], rng: &rng)
    }
}

extension MetricUpdate {
    /// Properties whose values become label values of the metric.
    fileprivate var labelProperties: [String] {
        labels.compactMap { if case .property(let name, _) = $0 { name } else { nil } }
    }

    /// Values the condition compares a property with, so samples sometimes meet it and sometimes not.
    fileprivate var testedValues: [(String, [String])] {
        switch condition {
        case .always, .isTrue: []
        case .oneOf(let name, let values), .noneOf(let name, let values): [(name, values)]
        }
    }
}
