/// SplitMix64 (Steele, Lea and Flood, 2014): a tiny PRNG whose whole state is one `UInt64`, so sample
/// events are reproducible from a seed, and can be derived from (seed, index) alone without walking a
/// stream. The helpers below are written out rather than taken from the standard library, whose
/// `random(in:using:)` algorithms may change between releases and so change "the same" run.
struct SplitMix64 {
    private var state: UInt64

    /// A generator for item `index` of the run seeded with `seed`; neighbouring indices get unrelated streams.
    init(seed: UInt64, index: Int) {
        state = Self.mix(seed ^ Self.mix(UInt64(truncatingIfNeeded: index) &+ 0x9E37_79B9_7F4A_7C15))
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.mix(state)
    }

    /// A value in `0..<bound` (bound > 0); the modulo bias is far below anything a sample could show.
    mutating func below(_ bound: Int) -> Int {
        Int(next() % UInt64(bound))
    }

    /// A value in `[0, 1)` with 53 random bits.
    mutating func unit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// True with probability `probability`.
    mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    /// SplitMix64's output function: a bijective avalanche of all 64 bits.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
