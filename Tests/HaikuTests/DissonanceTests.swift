import HarmonixCore
import Testing
@testable import Haiku

/// Pulse, dissonance and temperature (test_harmonix.py / test_async_harmonix.py, haiku.md §3.2–3.4).
@Suite struct DissonanceTests {
    /// U = [(a,b,c)], S = [(a,b,c),(c,d,e)]: J = 3/5, d = 0.4 × 1.15 (arousal 1) × 0.7 (shared) = 0.322.
    @Test func workedExample() {
        let r = Dissonance.compute(user: [tri("a", "b", "c")], system: [tri("a", "b", "c"), tri("c", "d", "e")])
        #expect(abs(r.dissonance - 0.322) < 1e-12)
        #expect(abs(r.pulse.novelty - 0.4) < 1e-12)
        #expect(r.pulse.arousal == 1.0)
        #expect(r.pulse.entropy == 0.25)
    }

    @Test func emptyIsNeutral() {
        let r = Dissonance.compute(user: [], system: [tri("a", "b", "c")])
        #expect(r.dissonance == 0.5)
        #expect(r.pulse == Pulse())
        #expect(Dissonance.compute(user: [tri("a", "b", "c")], system: []).dissonance == 0.5)
    }

    @Test func identicalListsGiveZero() {
        let t = [tri("a", "b", "c"), tri("d", "e", "f")]
        let r = Dissonance.compute(user: t, system: t)
        #expect(r.dissonance == 0.0)
        #expect(r.pulse.novelty == 0)
    }

    /// Disjoint 2 + 2 trigrams over 12 words: 1 × 1.1 (novelty) = 1.1, clamped to 1.
    @Test func disjointIsClampedToOne() {
        let r = Dissonance.compute(user: [tri("a", "b", "c"), tri("d", "e", "f")],
                                   system: [tri("g", "h", "i"), tri("j", "k", "l")])
        #expect(r.dissonance == 1.0)
        #expect(r.pulse.novelty == 1.0)
    }

    /// 3 vs 3 disjoint trigrams (18 words): entropy 0.9, d = 1.
    @Test func eighteenWordsGiveEntropyPointNine() {
        let r = Dissonance.compute(
            user: [tri("a", "b", "c"), tri("d", "e", "f"), tri("g", "h", "i")],
            system: [tri("j", "k", "l"), tri("m", "n", "o"), tri("p", "q", "r")])
        #expect(abs(r.pulse.entropy - 0.9) < 1e-12)
        #expect(r.dissonance == 1.0)
    }

    @Test func duplicatedDisjointListsStayInRange() {
        let r = Dissonance.compute(user: Array(repeating: tri("a", "b", "c"), count: 10),
                                   system: Array(repeating: tri("x", "y", "z"), count: 10))
        #expect(r.dissonance >= 0 && r.dissonance <= 1)
        #expect(r.dissonance == 1.0)
    }

    @Test func pulseFromSimilarity() {
        #expect(Pulse.from(user: [], system: [], similarity: 0).novelty == 1.0)
        #expect(Pulse.from(user: [], system: [], similarity: 1).novelty == 0.0)
        let p = Pulse.from(user: [tri("a", "b", "c")], system: [tri("a", "b", "c"), tri("d", "e", "f")], similarity: 0.5)
        #expect(p.arousal > 0)
        let nine = Pulse.from(user: [tri("a", "b", "c"), tri("d", "e", "f")], system: [tri("g", "h", "i")], similarity: 0)
        #expect(nine.entropy == 9.0 / 20)
    }

    /// Arousal counts list lengths and is not bounded by 1.
    @Test func arousalIsUnbounded() {
        let r = Dissonance.compute(user: [tri("a", "b", "c")], system: Array(repeating: tri("a", "b", "c"), count: 10))
        #expect(r.pulse.arousal == 9.0)
    }

    @Test func temperatureMap() {
        #expect(Dissonance.temperature(for: 0) == (0.3, 0.3))
        #expect(Dissonance.temperature(for: 1) == (1.5, 0.3))
        let mid = Dissonance.temperature(for: 0.5).haiku
        #expect(mid > 0.3 && mid < 1.5)
        let ts = [0, 0.25, 0.5, 0.75, 1].map { Dissonance.temperature(for: $0).haiku }
        #expect(zip(ts, ts.dropFirst()).allSatisfy { $0 < $1 })
    }

    @Test func qualityHeuristicAndFlags() {
        let q = TurnQuality(dissonance: 0.5, pulse: Pulse(novelty: 0.5, arousal: 0.2, entropy: 0.5))
        #expect(q.quality == 1.0)
        #expect(!q.boredom && !q.overwhelm && !q.stuck)
        let low = TurnQuality(dissonance: 0.1, pulse: Pulse(novelty: 0, arousal: 0.9, entropy: 0.1))
        #expect(low.quality == 0.5)
        #expect(low.boredom && low.overwhelm && !low.stuck)
        let hot = TurnQuality(dissonance: 0.9, pulse: Pulse(novelty: 1, arousal: 0, entropy: 1))
        #expect(hot.overwhelm && hot.quality == 0.5)
    }
}
