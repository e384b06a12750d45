import HarmonixCore
import Testing
@testable import NanoGPTEngine
@testable import Sonnet

/// SonnetBrain, PhaseTransitions, MetaSonnet and Overthinkng (sonnet.md §4, §6 D–E).
@Suite("Emergent modules")
struct EmergentModulesTests {
    // MARK: SonnetBrain

    @Test("SonnetBrain features and score of the Hamlet sonnet (sonnet.md §4.3 reference values)")
    func brainHamlet() throws {
        let brain = try SonnetBrain(contentsOf: try Fixtures.sonnetFile("sonnetbrain.json"))
        let features = SonnetBrain.features(Fixtures.hamletSonnet)
        let expected = [1.0, 0.75238, 0.12653, 0.415, 0.68333, 0.00833, 0.06092, 0.5]
        for (f, e) in zip(features, expected) { #expect(abs(f - e) < 5e-6, "\(features)") }
        #expect(abs(brain.score(Fixtures.hamletSonnet) - 0.657651) < 5e-7)
        #expect(abs(brain.score(Array(repeating: "Hi", count: 14).joined(separator: "\n")) - 0.697184) < 5e-7)
        #expect(brain.observations == 310)
    }

    @Test("SonnetBrain rejects a state file without 289 parameters")
    func brainBadFile() throws {
        let path = Fixtures.temporaryDatabasePath() + ".json"
        try "{\"parameters\": [1, 2, 3]}".write(toFile: path, atomically: true, encoding: .utf8)
        #expect(throws: SonnetError.stateFile(path: path, detail: "3 parameters, expected 289")) {
            try SonnetBrain(contentsOf: path)
        }
    }

    // MARK: PhaseTransitions

    @Test("phase state: the shipped JSON and the fresh default")
    func phaseStates() throws {
        let shipped = try PhaseTransitions(contentsOf: try Fixtures.sonnetFile("phase_transitions.json"))
        #expect(shipped.phase == .liquid && shipped.temperatureSonnet == 1.0 && shipped.temperatureHaiku == 0.8)
        #expect(shipped.stability == 1.0 && shipped.duration == 55 && shipped.observations == 55)
        #expect(shipped.dissonanceHistory.count == 20 && shipped.noveltyHistory.last == 0.1)
        let fresh = PhaseTransitions()
        #expect(fresh.phase == .liquid && fresh.temperatureSonnet == 0.8 && fresh.stability == 0.7)
        #expect(fresh.observations == 0 && fresh.dissonanceHistory.isEmpty)
    }

    @Test("LIQUID: high dissonance warms t_sonnet by 0.05 to at most 1.0; low cools to at least 0.6")
    func phaseAdjust() {
        var phase = PhaseTransitions()
        var rng = SeededGenerator(seed: 1)
        phase.update(dissonance: 0.8, novelty: 0.5, quality: 0.5, rng: &rng)
        #expect(abs(phase.temperatureSonnet - 0.85) < 1e-12)
        #expect(abs(phase.stability - 0.75) < 1e-12 && phase.duration == 1 && phase.observations == 1)
        for _ in 0..<10 { phase.update(dissonance: 0.8, novelty: 0.5, quality: 0.5, rng: &rng) }
        #expect(phase.temperatureSonnet == 1.0 && phase.phase == .liquid)
        for _ in 0..<20 { phase.update(dissonance: 0.1, novelty: 0.5, quality: 0.5, rng: &rng) }
        #expect(phase.temperatureSonnet == 0.6 && phase.dissonanceHistory.count == 20)
    }

    @Test("LIQUID → VAPOR after stagnant low novelty, on the 6th turn")
    func phaseToVapor() {
        var phase = PhaseTransitions()
        var rng = SeededGenerator(seed: 2)
        var entered: [PhaseTransitions.Phase?] = []
        for _ in 0..<6 { entered.append(phase.update(dissonance: 0.5, novelty: 0.1, quality: 0.5, rng: &rng)) }
        // From turn 3 each turn adds 0.2, and a turn without transition decays ×0.9:
        // 0.18, 0.342, 0.4878, then 0.6878 > 0.6 on turn 6 → VAPOR.
        #expect(entered == [nil, nil, nil, nil, nil, .vapor])
        #expect(phase.phase == .vapor && phase.temperatureSonnet == 1.1 && phase.temperatureHaiku == 1.0)
        #expect(phase.duration == 0 && phase.transitionProbability == 0 && abs(phase.stability - 0.55) < 1e-12)
    }

    @Test("least-squares slope")
    func slope() {
        #expect(PhaseTransitions.slope([1, 2]) == 0)
        #expect(abs(PhaseTransitions.slope([1, 2, 3, 4]) - 1) < 1e-12)
        #expect(abs(PhaseTransitions.slope([0.3, 0.2, 0.1]) + 0.1) < 1e-12)
    }

    // MARK: MetaSonnet

    @Test("MetaSonnet: fresh state, capacity, bootstrap feeding")
    func metaBootstrap() {
        var meta = MetaSonnet(maxSnippets: 3)
        #expect(meta.reflections.isEmpty && meta.bootstrapBuffer.isEmpty && meta.maxSnippets == 3)
        meta.feedBootstrap(sonnet: "Low line one\nLow line two", dissonance: 0.3, quality: 0.4, pulse: nil)
        #expect(meta.bootstrapBuffer.isEmpty)
        meta.feedBootstrap(sonnet: "First line\nSecond line\nThird line", dissonance: 0.8, quality: 0.4, pulse: nil)
        #expect(meta.bootstrapBuffer == ["First line Second line"])
        meta.feedBootstrap(sonnet: String(repeating: "x", count: 300), dissonance: 0.3, quality: 0.85, pulse: nil)
        #expect(meta.bootstrapBuffer.last?.count == 200)
        for i in 0..<10 { meta.feedBootstrap(sonnet: "Feed \(i)", dissonance: 0.9, quality: 0.9, pulse: nil) }
        #expect(meta.bootstrapBuffer == ["Feed 7", "Feed 8", "Feed 9"])
    }

    @Test("MetaSonnet.should_reflect: thresholds, and the 0.3 draw gives both outcomes")
    func metaShouldReflect() {
        let meta = MetaSonnet()
        var rng = SeededGenerator(seed: 3)
        #expect(meta.shouldReflect(dissonance: 0.75, quality: 0.5, pulse: nil, rng: &rng))
        #expect(meta.shouldReflect(dissonance: 0.5, quality: 0.8, pulse: nil, rng: &rng))
        #expect(meta.shouldReflect(dissonance: 0.3, quality: 0.5, pulse: Pulse(novelty: 0, arousal: 20, entropy: 1), rng: &rng))
        let outcomes = (0..<100).map { _ in meta.shouldReflect(dissonance: 0.3, quality: 0.5, pulse: nil, rng: &rng) }
        #expect(outcomes.contains(true) && outcomes.contains(false))
    }

    @Test("MetaSonnet.record: appends; only a valid sonnet goes to the field")
    func metaRecord() {
        var meta = MetaSonnet()
        let first = meta.record(reflection: Fixtures.hamletSonnet, context: "ctx 1")
        let second = meta.record(reflection: "Too short", context: "ctx 2")
        let third = meta.record(reflection: Fixtures.hamletSonnet, context: "ctx 3")
        #expect(first && !second && third)
        #expect(meta.reflections.count == 3)
        #expect(meta.recentReflections(2).map(\.context) == ["ctx 2", "ctx 3"])
    }

    // MARK: Overthinkng

    @Test("Overthinkng: coherence formula by hand")
    func coherence() {
        // 14 lines × 12 distinct tokens: length score 1, uniqueness 1 → 1.0.
        let perfect = (0..<14).map { i in (0..<12).map { "w\(i)_\($0)" }.joined(separator: " ") }
        #expect(Overthinkng.coherence(perfect) == 1.0)
        // 14 × "Hi": 1 word per line → 0.6·(1 − 11/12) = 0.05; uniqueness 1/14 → 0.4/14.
        let hi = Array(repeating: "Hi", count: 14)
        #expect(abs(Overthinkng.coherence(hi) - (0.05 + 0.4 / 14)) < 1e-12)
        #expect(Overthinkng.coherence([]) == 0)
    }

    @Test("Overthinkng.expand: empty input; a 14-line sonnet gives echo rows within the threshold")
    func expand() {
        var rng = SeededGenerator(seed: 4)
        #expect(Overthinkng.expand(recent: [], rng: &rng).isEmpty)
        let stored = StoredSonnet(id: 1, text: Fixtures.hamletSonnet, quality: 0.8)
        let echo = Overthinkng.expand(recent: [stored], numRings: 1, rng: &rng)
        // Hamlet: 120 tokens / 14 lines, 87 unique case-sensitive tokens → coherence ≥ 0.4, so both variations stay.
        #expect(echo.count == 2)
        for v in echo {
            #expect(v.ring == .echo && v.addedBy == "overthinkng_echo" && v.coherence >= 0.4)
            #expect(Set(v.text.split(separator: "\n")) == Set(Fixtures.hamletSonnet.split(separator: "\n")))
        }
        let all = Overthinkng.expand(recent: [stored], rng: &rng)
        #expect(all.allSatisfy { $0.text.split(separator: "\n", omittingEmptySubsequences: false).count == 14 })
        #expect(all.allSatisfy { $0.coherence >= Overthinkng.coherenceThreshold })
        let short = StoredSonnet(id: 2, text: "One line\nTwo lines", quality: 0.5)
        #expect(Overthinkng.expand(recent: [short], rng: &rng).isEmpty)
    }

    @Test("Overthinkng drift only rewrites mapped words")
    func drift() {
        var rng = SeededGenerator(seed: 5)
        let lines = Array(repeating: "love death time night day heart eyes life", count: 14)
        let varied = Overthinkng.vary(lines, ring: .drift, rng: &rng)
        let allowed = Set(Overthinkng.driftMap.keys).union(Overthinkng.driftMap.values.flatMap { $0 })
        #expect(varied.count == 14)
        #expect(varied.allSatisfy { PythonText.split($0).allSatisfy(allowed.contains) })
        #expect(varied != lines)
    }
}
