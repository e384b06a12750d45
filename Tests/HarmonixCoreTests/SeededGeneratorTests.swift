import Testing
@testable import HarmonixCore

/// Golden values computed once with Python (the reference algorithm written out by hand):
///   splitmix64 seeding of xoshiro256** from seed 42, first three outputs;
///   FNV-1a 64 of "haiku".
@Suite struct SeededGeneratorTests {
    @Test func xoshiroStreamMatchesReference() {
        var rng = SeededGenerator(seed: 42)
        #expect(rng.next() == 0x1578_0b2e_0c2e_c716)
        #expect(rng.next() == 0x6104_d986_6d11_3a7e)
        #expect(rng.next() == 0xae17_5332_39e4_99a1)
    }

    @Test func fnv1aMatchesReference() {
        #expect(SeedDerivation.fnv1a("haiku") == 0x7aea_5769_2cfe_6441)
    }

    @Test func unitIsInHalfOpenRangeAndIntBelowIsBounded() {
        var rng = SeededGenerator(seed: 7)
        var counts = [Int](repeating: 0, count: 5)
        for _ in 0..<10_000 {
            let u = rng.nextUnit()
            #expect(u >= 0 && u < 1)
            counts[rng.nextInt(below: 5)] += 1
        }
        // Each bucket expects 2000; ±200 is > 5 standard deviations (σ ≈ 40).
        for c in counts { #expect(abs(c - 2000) < 200) }
    }

    @Test func weightedPickFollowsCumulativeWeights() {
        var rng = SeededGenerator(seed: 1)
        var hits = [0, 0, 0]
        for _ in 0..<9_000 { hits[rng.pickWeighted([1.0, 0.0, 2.0])] += 1 }
        #expect(hits[1] == 0)
        #expect(abs(hits[0] - 3000) < 300)
    }

    @Test func derivedSeedsDependOnEveryPart() {
        let base = SeedDerivation.seed(experiment: 1, prompt: "p", repeat: 0, organism: "haiku")
        #expect(base == SeedDerivation.seed(experiment: 1, prompt: "p", repeat: 0, organism: "haiku"))
        #expect(base != SeedDerivation.seed(experiment: 2, prompt: "p", repeat: 0, organism: "haiku"))
        #expect(base != SeedDerivation.seed(experiment: 1, prompt: "q", repeat: 0, organism: "haiku"))
        #expect(base != SeedDerivation.seed(experiment: 1, prompt: "p", repeat: 1, organism: "haiku"))
        #expect(base != SeedDerivation.seed(experiment: 1, prompt: "p", repeat: 0, organism: "sonnet"))
    }
}
