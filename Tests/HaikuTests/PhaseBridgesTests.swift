import Foundation
import HarmonixCore
import Testing
@testable import Haiku

/// test_phase4.py (haiku.md §5 "phase4_bridges.py").
@Suite struct PhaseBridgesTests {
    @Test func stateIDs() {
        #expect(PhaseBridges.stateID(dissonance: 0.7, entropy: 0.5, quality: 0.6) == "d0.7_e0.5_q0.6")
        #expect(PhaseBridges.stateID(dissonance: 0.73, entropy: 0.56, quality: 0.64) == "d0.7_e0.6_q0.6")
        #expect(PhaseBridges.stateID(dissonance: 0, entropy: 0, quality: 0) == "d0.0_e0.0_q0.0")
        #expect(PhaseBridges.stateID(dissonance: 1, entropy: 1, quality: 1) == "d1.0_e1.0_q1.0")
    }

    @Test func cosine() {
        #expect(abs(PhaseBridges.cosine(["a": 1, "b": 2], ["a": 1, "b": 2]) - 1) < 1e-12)
        #expect(PhaseBridges.cosine(["a": 1, "b": 0], ["a": 0, "b": 1]) == 0)
        #expect(abs(PhaseBridges.cosine(["a": 1, "b": 2], ["a": -1, "b": -2]) + 1) < 1e-12)
        #expect(PhaseBridges.cosine(["a": 1], ["b": 1]) == 0)
        #expect(PhaseBridges.cosine([:], [:]) == 0)
    }

    @Test func scores() {
        #expect(PhaseBridges.score(similarity: 0.8, qualityDelta: 0.2, overwhelm: 0, boredom: 0, stuck: 0) > 0.8)
        #expect(PhaseBridges.score(similarity: 0.7, qualityDelta: -0.1, overwhelm: 0.8, boredom: 0, stuck: 0) < 0.5)
        let bored = PhaseBridges.score(similarity: 0.9, qualityDelta: 0, overwhelm: 0, boredom: 0.9, stuck: 0)
        #expect(bored > 0.5 && bored < 1)
    }

    private func metrics(_ q: Double) -> StateMetrics {
        StateMetrics(dissonance: 0.5, entropy: 0.4, novelty: 0.3, arousal: 0.2, quality: q)
    }

    @Test func logTransitionsSuggestionsAndHistory() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let field = try makeField(in: folder)
        try await field.recordState("s1", before: metrics(0.5), after: metrics(0.7), previous: nil, turnID: "turn_1",
                                    boredom: false, overwhelm: false, stuck: false)
        #expect(try await field.rowCount("haiku_state_log") == 1)
        #expect(try await field.rowCount("haiku_transitions") == 0)
        try await field.recordState("s2", before: metrics(0.5), after: metrics(0.9), previous: "s1", turnID: "turn_2",
                                    boredom: false, overwhelm: true, stuck: false)
        #expect(try await field.rowCount("haiku_transitions") == 1)
        for i in 0..<3 {
            try await field.recordState("s2", before: metrics(0.5), after: metrics(0.9), previous: "s1",
                                        turnID: "turn_\(3 + i)", boredom: false, overwhelm: false, stuck: false)
        }
        let row = try await field.query("SELECT count, sum_overwhelm FROM haiku_transitions WHERE from_state_id = 's1'")
        #expect(row == [["4", "1.0"]])
        let suggestions = try await field.suggestNextStates(from: "s1")
        #expect(suggestions.map(\.stateID) == ["s2"])
        #expect(suggestions[0].count == 4)
        #expect(try await field.stateHistory("s2", limit: 3).count == 3)
        #expect(try await field.query("SELECT activations_total FROM haiku_state_snapshot WHERE state_id = 's2'") == [["4"]])
        let json = try await field.query("SELECT metrics_after FROM haiku_state_log WHERE id = 1")[0][0]
        let decoded = try JSONSerialization.jsonObject(with: Data(json.utf8))
            as? [String: Double]
        #expect(decoded?["quality"] == 0.7)
    }
}

/// test_dream.py (haiku.md §5 "dream_haiku.py").
@Suite struct DreamTests {
    @Test func configDefaults() {
        let c = DreamConfig()
        #expect(c.cooldownTurns == 10 && c.probability == 0.25 && c.exchanges == 4 && c.bufferSize == 15)
        #expect(c.cooldownQuirk)
    }

    @Test func contextFieldsAndTriggers() {
        let ctx = DreamContext(lastHaiku: "x", dissonance: 0.5, novelty: 0, quality: 0.9, vocabSize: 600, turn: 3)
        #expect(ctx.turn == 3 && ctx.vocabSize == 600 && ctx.triggers)
        #expect(!DreamContext(lastHaiku: "x", dissonance: 0.1, novelty: 0.1, quality: 0.9, vocabSize: 1, turn: 1).triggers)
    }

    @Test func bootstrapAddsFragmentsOnce() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let field = try makeField(in: folder, dreamBootstrap: ["a b\nc d\n", "e f\ng h\ni j"])
        #expect(try await field.rowCount("dream_fragments") == 5)
        _ = try makeField(in: folder, dreamBootstrap: ["again"])
        #expect(try await field.rowCount("dream_fragments") == 5)
    }

    @Test func gates() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let field = try makeField(in: folder)
        var config = DreamConfig()
        config.probability = 1
        var rng = SeededGenerator(seed: 1)
        let lowQuality = DreamContext(lastHaiku: "x", dissonance: 0, novelty: 0, quality: 0.3, vocabSize: 1, turn: 5)
        #expect(try await field.shouldRunDream(lowQuality, config: config, rng: &rng) == false)   // cooldown
        var late = lowQuality
        late.turn = 15
        #expect(try await field.shouldRunDream(late, config: config, rng: &rng))
        let novel = DreamContext(lastHaiku: "x", dissonance: 0, novelty: 0.9, quality: 0.9, vocabSize: 1, turn: 15)
        #expect(try await field.shouldRunDream(novel, config: config, rng: &rng))
        let calm = DreamContext(lastHaiku: "x", dissonance: 0.1, novelty: 0.1, quality: 0.9, vocabSize: 1, turn: 15)
        #expect(try await field.shouldRunDream(calm, config: config, rng: &rng) == false)
    }

    @Test func dialogWritesRowsAndTheCooldownQuirk() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let field = try makeField(in: folder)
        let gen = HaikuGenerator(seedWords: try Fixtures.seedWords())
        var rng = SeededGenerator(seed: 9)
        let dialog = gen.dreamDialog(startingWith: "last\nhaiku\nhere", config: DreamConfig(), rng: &rng)
        #expect(dialog.texts.count == 4 && dialog.texts[0] == "last\nhaiku\nhere")
        #expect(dialog.speakers == ["haiku", "friend", "haiku", "friend"])
        try await field.recordDreamDialog(dialog, turn: 12, config: DreamConfig())
        #expect(try await field.query("SELECT exchanges_count FROM dream_dialogs") == [["4"]])
        #expect(try await field.rowCount("dream_exchanges") == 4)
        #expect(try await field.dreamLastRunTurn() == 1)          // quirk: 0 + 1, not 12
        var fixed = DreamConfig()
        fixed.cooldownQuirk = false
        try await field.recordDreamDialog(dialog, turn: 12, config: fixed)
        #expect(try await field.dreamLastRunTurn() == 12)
    }

    @Test func fragmentsDecayAndJoin() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let field = try makeField(in: folder, dreamBootstrap: ["old line"])
        try await field.updateDreamFragments("new one\n  second  \n")
        let rows = try await field.query("SELECT weight FROM dream_fragments ORDER BY id").map { Double($0[0])! }
        #expect(rows.count == 3)
        #expect(rows[0] < 1.0 && abs(rows[0] - 0.95) < 1e-12)
        #expect(rows[1] == 1.0 && rows[2] == 1.0)
        for _ in 0..<50 { try await field.updateDreamFragments("") }
        #expect(try await field.rowCount("dream_fragments") == 0)   // all decayed below 0.1 and pruned
    }
}
