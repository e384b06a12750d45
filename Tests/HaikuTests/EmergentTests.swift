import Foundation
import HarmonixCore
import Testing
@testable import Haiku

/// test_rae.py, test_rae_recursive.py, test_metahaiku.py, test_overthinkg.py (haiku.md §5, §6).
@Suite struct RAETests {
    private func engine(seed: UInt64 = 4) -> RecursiveAdapterEngine {
        var rng = SeededGenerator(seed: seed)
        return RecursiveAdapterEngine(selector: RecursiveSelector(rng: &rng))
    }

    let varied = "river stone moves slow\nlight falls on the quiet field\nbirds remember rain"
    let flat = "a a a\na a a a\na a a"

    @Test func emptyGivesTheFallback() {
        let r = engine().reason([], userTrigrams: [])
        #expect(r.haiku == RecursiveAdapterEngine.emptyFallback)
        #expect(r.haiku.split(separator: "\n").count == 3)
    }

    @Test func singleCandidateIsReturned() {
        #expect(engine().reason([varied], userTrigrams: []).haiku == varied)
    }

    @Test func choiceIsAmongTheCandidates() {
        let cands = [varied, flat, "one two three\nfour five six seven\neight nine ten"]
        for seed in UInt64(0)..<20 {
            #expect(cands.contains(engine(seed: seed).reason(cands, userTrigrams: [tri("light", "falls", "on")]).haiku))
        }
    }

    @Test func ruleBasedStructureFilterAndDiversity() {
        let two = "only two\nlines here", four = "a\nb\nc\nd"
        #expect(RecursiveAdapterEngine.ruleBased([two, four, varied], scorer: nil) == varied)
        let other = "x y z\nu v w\nq r s"
        let pick = RecursiveAdapterEngine.ruleBased([varied, other], scorer: nil)
        #expect([varied, other].contains(pick))
        #expect(RecursiveAdapterEngine.ruleBased([flat, varied], scorer: nil) == varied)
        // With a scorer that ranks "flat" first, the top 3 still pick the most diverse.
        var rae = engine()
        rae.useRecursiveSelector = false
        #expect(rae.reason([flat, varied], userTrigrams: [], scorer: { $0 == flat ? 1 : 0 }).haiku == varied)
    }

    @Test func selectorFeatures() {
        let f = RecursiveSelector.features(of: varied, userTrigrams: [tri("light", "rain", "zzz")])
        #expect(f.count == 5)
        #expect(f.allSatisfy { $0 >= 0 && $0 <= 1 })
        #expect(f[0] == 0.5 && f[1] == f[3])
        #expect(abs(f[2] - 2.0 / 3) < 1e-12)
        // Line word counts 4, 6, 3: variance 14/9 → coherence 9/23.
        #expect(abs(f[4] - 9.0 / 23) < 1e-12)
        #expect(RecursiveSelector.features(of: "two\nlines", userTrigrams: [])[4] == 0)
    }

    @Test func selectorChoosesTheRawArgmax() {
        var rng = SeededGenerator(seed: 21)
        let selector = RecursiveSelector(rng: &rng)
        #expect(selector.select([varied], userTrigrams: []) == (0, 1.0))
        let cands = [varied, flat, "one two three\nfour five six seven\neight nine ten"]
        let raw = cands.map { selector.mlp(RecursiveSelector.features(of: $0, userTrigrams: [])) }
        let choice = selector.select(cands, userTrigrams: [])
        #expect(choice.index == raw.firstIndex(of: raw.max()!)!)
        #expect(choice.confidence.isFinite)
    }

    @Test func selectorObservesAndPersists() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        var rng = SeededGenerator(seed: 2)
        var selector = RecursiveSelector(rng: &rng)
        #expect(selector.observations == 0)
        let loss = selector.observe(varied, quality: 0.9, userTrigrams: [])
        #expect(loss >= 0 && selector.observations == 1)
        for _ in 0..<14 { _ = selector.observe(varied, quality: 0.9, userTrigrams: []) }
        let path = folder.url.appendingPathComponent("rae_brain.json").path
        try selector.save(to: path)
        var other = SeededGenerator(seed: 3)
        var reloaded = RecursiveSelector(rng: &other)
        #expect(try reloaded.load(from: path))
        #expect(reloaded.observations == 15 && reloaded.mlp.parameters == selector.mlp.parameters)
    }
}

@Suite struct MetaHaikuTests {
    @Test func reflectionsAndBuffer() throws {
        let gen = HaikuGenerator(seedWords: try Fixtures.seedWords())
        var rng = SeededGenerator(seed: 12)
        var meta = MetaHaiku()
        #expect(meta.reflections.isEmpty && meta.buffer.isEmpty && MetaHaiku.bufferLimit == 8)
        let haiku = "one two three four five six seven eight nine ten eleven twelve\nb\nc"
        for i in 1...20 {
            let hidden = meta.reflect(haiku: haiku, dissonance: 0.9, arousal: 0, generator: gen, rng: &rng)
            #expect(hidden.split(separator: "\n", omittingEmptySubsequences: false).count == 3)
            #expect(meta.reflections.count == i)
            #expect(meta.buffer.count == min(i, 8))
        }
        #expect(meta.recentReflections(5).count == 5)
        #expect(meta.buffer.allSatisfy { $0.split(separator: " ").count <= 10 && $0.count <= 100 })
    }

    @Test func lowSignalsKeepASnippetOnlyByChance() throws {
        let gen = HaikuGenerator(seedWords: try Fixtures.seedWords())
        var rng = SeededGenerator(seed: 13)
        var meta = MetaHaiku()
        for _ in 0..<200 { _ = meta.reflect(haiku: "a b c", dissonance: 0, arousal: 0, generator: gen, rng: &rng) }
        #expect(meta.reflections.count == 200)
        #expect(meta.buffer.count == 8)   // ≈ 30 % of 200 draws pass; the deque keeps 8
        var none = MetaHaiku()
        _ = none.reflect(haiku: "", dissonance: 1, arousal: 1, generator: gen, rng: &rng)
        #expect(none.buffer.isEmpty && none.reflections.count == 1)
    }
}

@Suite struct OverthinkTests {
    @Test func ringConfiguration() {
        #expect(Overthink.threshold == 0.4)
        #expect(Overthink.ringTemperatures == [0.8, 1.0, 1.2])
        #expect(Overthink.rings.map(\.size) == [5, 7, 3])
        #expect(Overthink.rings.map(\.name) == ["echo", "drift", "meta"])
    }

    @Test func coherence() {
        let existing = [tri("a", "b", "c"), tri("c", "d", "e")]
        let c = Overthink.coherence(tri("a", "c", "z"), existing: existing)
        #expect(c >= 0 && c <= 1)
        #expect(abs(c - 3.0 / 6) < 1e-12)    // a,c in the first; c in the second
        #expect(Overthink.coherence(tri("x", "y", "z"), existing: existing) == 0)
        #expect(Overthink.coherence(tri("a", "a", "a"), existing: [tri("a", "b", "c")]) == 1.0 / 3)
        #expect(Overthink.wordCoherence("c", existing: existing) > 0)
        #expect(Overthink.wordCoherence("q", existing: existing) == 0)
    }

    @Test func expandRingsOnTheField() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let field = try makeField(seedWords: ["river", "stone", "light", "rain", "field"], in: folder)
        try await field.updateTrigrams([tri("river", "stone", "light")])
        var rng = SeededGenerator(seed: 5)
        let rings = try await field.overthink(recent: [tri("river", "stone", "light")], rng: &rng)
        #expect(rings.count == 3)
        #expect(rings[0].source == "echo" && !rings[0].trigrams.isEmpty)
        #expect(rings.map { $0.trigrams.count } == [5, 7, 3])
        let accepted = rings.flatMap(\.accepted)
        #expect(try await field.rowCount("trigrams") == 1 + Set(accepted).subtracting([tri("river", "stone", "light")]).count)
        #expect(try await field.cloudSize() >= 3)
    }

    @Test func fewerThanThreeWordsDoNothing() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let field = try makeField(seedWords: ["one", "two"], in: folder)
        var rng = SeededGenerator(seed: 5)
        #expect(try await field.overthink(recent: nil, rng: &rng).isEmpty)
    }
}
