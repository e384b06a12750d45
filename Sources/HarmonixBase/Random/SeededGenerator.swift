/// A seedable pseudo-random generator: xoshiro256** seeded through SplitMix64.
///
/// Swift's `SystemRandomNumberGenerator` cannot be seeded, and the standard library's
/// `random(in:using:)` algorithms are not promised stable across toolchains, so every organism
/// draws through the explicit helpers below (`nextUnit()`, `nextInt(below:)`, `pick(from:)`,
/// `pickWeighted(_:)`). Same seed ⇒ same stream on every machine and Swift version.
///
/// ```swift
/// var rng = SeededGenerator(seed: 42)
/// let u = rng.nextUnit()          // Double in [0, 1)
/// let i = rng.nextInt(below: 10)  // 0..<10
/// ```
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64, s1: UInt64, s2: UInt64, s3: UInt64

    /// The seed this generator started from (recorded in every output row).
    public let seed: UInt64

    public init(seed: UInt64) {
        self.seed = seed
        var mixer = SplitMix64(state: seed)
        s0 = mixer.next(); s1 = mixer.next(); s2 = mixer.next(); s3 = mixer.next()
    }

    public mutating func next() -> UInt64 {
        let result = rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3
        s2 ^= t
        s3 = rotl(s3, 45)
        return result
    }

    /// A uniform `Double` in [0, 1) with 53 random bits (the resolution of Python's `random()`).
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// A uniform `Float` in [0, 1) with 24 random bits.
    public mutating func nextUnitFloat() -> Float {
        Float(next() >> 40) * 0x1.0p-24
    }

    /// A uniform integer in `0..<bound` without modulo bias (Lemire's method).
    public mutating func nextInt(below bound: Int) -> Int {
        precondition(bound > 0, "nextInt(below:) needs a positive bound")
        let b = UInt64(bound)
        var m = next().multipliedFullWidth(by: b)
        if m.low < b {
            let threshold = (0 &- b) % b
            while m.low < threshold { m = next().multipliedFullWidth(by: b) }
        }
        return Int(m.high)
    }

    /// A uniform element of a non-empty collection.
    public mutating func pick<C: RandomAccessCollection>(from items: C) -> C.Element {
        precondition(!items.isEmpty, "pick(from:) needs a non-empty collection")
        let offset = nextInt(below: items.count)
        return items[items.index(items.startIndex, offsetBy: offset)]
    }

    /// An index drawn with probability proportional to `weights` (non-negative, positive sum).
    /// Walks the cumulative sum once, as `random.choices` does with one draw.
    public mutating func pickWeighted<C: Collection>(_ weights: C) -> Int where C.Element == Double {
        let total = weights.reduce(0, +)
        precondition(total > 0, "pickWeighted needs a positive total weight")
        let target = nextUnit() * total
        var cumulative = 0.0
        var index = 0
        for w in weights {
            cumulative += w
            if target < cumulative { return index }
            index += 1
        }
        return index - 1
    }

    /// A standard normal variate (Box–Muller; one draw consumes two uniforms).
    public mutating func nextGaussian() -> Double {
        var u1 = nextUnit()
        if u1 < .leastNormalMagnitude { u1 = .leastNormalMagnitude }
        let u2 = nextUnit()
        return (-2 * Libm.log(u1)).squareRoot() * Libm.cos(2 * .pi * u2)
    }

    @inline(__always) private func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 - k))
    }
}

/// SplitMix64: expands one 64-bit seed into well-mixed words (used to seed xoshiro and to derive seeds).
public struct SplitMix64: Sendable {
    public var state: UInt64
    public init(state: UInt64) { self.state = state }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
