import HarmonixCore
import Testing

@testable import LlamaGGUF
@testable import Prose

/// Seeded field-seed selection (prose.md §2.4 with the injected generator of its porting note).
@Suite struct ProseFieldSeedTests {
    @Test func recentSeedIsTheLastFragmentOfTheNewestRowPlusAPeriod() async throws {
        let field = try FieldFixtures.freshField()
        var rng = SeededGenerator(seed: 1)
        #expect(try await field.fieldSeed(mode: .recent, generator: &rng).source == .recentDefault)
        try await field.addProse("Older row with its own end.")
        try await field.addProse("First part. Second one!  third piece?!  ")
        let seed = try await field.fieldSeed(mode: .recent, generator: &rng)
        #expect(seed == FieldSeed(text: "third piece.", mode: .recent, source: .recent))
        // An empty newest row hides older rows: the fallback, as in the original.
        try await field.addProse("")
        #expect(try await field.fieldSeed(mode: .recent, generator: &rng).text == "The field resonates.")
    }

    @Test func recentSeedKeepsNewlinesInsideItsFragment() async throws {
        let field = try FieldFixtures.freshField()
        try await field.addProse("One.\n\nwe touch upon\nsomething deeper")
        var rng = SeededGenerator(seed: 1)
        #expect(try await field.fieldSeed(mode: .recent, generator: &rng).text == "we touch upon\nsomething deeper.")
    }

    @Test func trigramModeNeverFiresBecauseResonanceStaysHalf() async throws {
        let field = try FieldFixtures.freshField()
        for _ in 0..<5 { try await field.addDisturbance("the same three words again") }
        try await field.addProse("A stored line.")
        var rng = SeededGenerator(seed: 2)
        let seed = try await field.fieldSeed(mode: .trigram, generator: &rng)
        #expect(seed == FieldSeed(text: "A stored line.", mode: .trigram, source: .recent))
    }

    @Test func randomModePicksTheSentenceAtTheDrawnOffset() async throws {
        let field = try FieldFixtures.freshField()
        var rng = SeededGenerator(seed: 5)
        #expect(
            try await field.fieldSeed(mode: .random, generator: &rng)
                == FieldSeed(text: "Words flow through the field.", mode: .random, source: .randomDefault))
        try await field.addProse("S zero. S one.\n\nS two!")
        try await field.addProse("S three? S four.")
        let sentences = ["S zero.", "S one.", "S two!", "S three?", "S four."]
        for seedValue: UInt64 in [0, 1, 2, 3, 99, 12345] {
            var expected = SeededGenerator(seed: seedValue)
            let index = expected.nextInt(below: sentences.count)
            var actual = SeededGenerator(seed: seedValue)
            let seed = try await field.fieldSeed(mode: .random, generator: &actual)
            #expect(seed.text == sentences[index])
            // The caller's generator advanced by exactly that one draw.
            #expect(actual.next() == expected.next())
        }
    }

    @Test func autoDrawsItsModeFromTheGenerator() async throws {
        let field = try FieldFixtures.freshField()
        try await field.addProse("Only sentence here. Last words")
        var seen = Set<FieldSeedMode>()
        for seedValue in UInt64(0)..<60 {
            var probe = SeededGenerator(seed: seedValue)
            let u = probe.nextUnit()
            let expectedMode: FieldSeedMode = u < 0.7 ? .recent : (u < 0.9 ? .trigram : .random)
            var rng = SeededGenerator(seed: seedValue)
            let seed = try await field.fieldSeed(mode: .auto, generator: &rng)
            #expect(seed.mode == expectedMode)
            if expectedMode != .random { #expect(seed.text == "Last words.") }
            seen.insert(seed.mode)
            // Same seed, same choice.
            var again = SeededGenerator(seed: seedValue)
            #expect(try await field.fieldSeed(mode: .auto, generator: &again) == seed)
        }
        #expect(seen == [.recent, .trigram, .random])
    }

    @Test func unknownModeNamesMeanRandom() {
        #expect(FieldSeedMode(name: "auto") == .auto)
        #expect(FieldSeedMode(name: "recent") == .recent)
        #expect(FieldSeedMode(name: "whatever") == .random)
    }
}
