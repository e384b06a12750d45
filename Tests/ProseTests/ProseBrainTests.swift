import Foundation
import HarmonixCore
import Testing

@testable import LlamaGGUF
@testable import Prose

/// ProseBrain (prose.md §3.3): features, score range, exact gradients, learning, persistence.
@Suite struct ProseBrainTests {
    static let quatrain = "Shall I compare thee to a summer's day?\nThou art more lovely and more temperate:\n"
        + "Rough winds do shake the darling buds of May,\nAnd summer's lease hath all too short a date."

    @Test func freshBrain() throws {
        var rng = SeededGenerator(seed: 1)
        let brain = try ProseBrain(generator: &rng)
        #expect(brain.observations == 0 && brain.learningRate == 0.01)
        #expect(brain.weights.map(\.count) == [16, 8, 1])
        #expect(brain.weights.flatMap { $0.flatMap { $0 } }.allSatisfy { $0 >= -1 && $0 < 1 })
    }

    @Test func featuresOfAFourLineText() {
        let f = ProseBrainFeatures(Self.quatrain)
        #expect(f.lineCount == 4.0 / 14.0)
        #expect(f.averageSyllables > 0)
        #expect(f.uniqueRatio >= 0 && f.uniqueRatio <= 1)
        // thee, thou, art, hath among 33 words
        #expect(f.archaicFraction == 4.0 / 33.0)
        #expect(f.novelty == 0.5)
        #expect(ProseBrainFeatures.syllables("resonance") == 4)  // e, o, a, e
        #expect(ProseBrainFeatures.syllables("rhythm") == 1)  // y
        #expect(ProseBrainFeatures.syllables("—") == 0)
    }

    @Test func scoreIsASigmoidOfTanh() throws {
        var rng = SeededGenerator(seed: 2)
        let brain = try ProseBrain(generator: &rng)
        for text in [Self.quatrain, "", "one line"] {
            let s = brain.score(text)
            #expect(s > 1 / (1 + exp(1.0)) && s < 1 / (1 + exp(-1.0)))
        }
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        var rng = SeededGenerator(seed: 3)
        let brain = try ProseBrain(generator: &rng)
        let x = ProseBrainFeatures(Self.quatrain).vector
        let (_, gw, gb) = brain.gradients(x, target: 0.9)
        let h = 1e-6
        func loss(_ b: ProseBrain) -> Double { let o = b.forward(x).last![0]; return (o - 0.9) * (o - 0.9) }
        for (l, j, i) in [(0, 3, 2), (1, 5, 10), (2, 0, 7)] {
            let base = brain.weights[l][j][i]
            var plus = brain
            plus.weights[l][j][i] = base + h
            var minus = brain
            minus.weights[l][j][i] = base - h
            let numeric = (loss(plus) - loss(minus)) / (2 * h)
            #expect(abs(numeric - gw[l][j][i]) < 1e-6)
        }
        #expect(gb[2][0] != 0)
    }

    @Test func learningReducesTheLossAndCountsObservations() throws {
        var rng = SeededGenerator(seed: 4)
        var brain = try ProseBrain(generator: &rng)
        let first = try brain.learn(Self.quatrain, target: 1.0)
        #expect(brain.observations == 1 && brain.lastLoss > 0 && brain.lastLoss == first)
        for _ in 0..<200 { try brain.learn(Self.quatrain, target: 1.0) }
        #expect(brain.lastLoss < first)
        #expect(brain.observations == 201)
    }

    @Test func stateIsSavedEveryTenAndReloaded() throws {
        let path = try FieldFixtures.temporaryDirectory().appendingPathComponent("prosebrain.json").path
        var rng = SeededGenerator(seed: 5)
        var brain = try ProseBrain(generator: &rng, statePath: path)
        for _ in 0..<9 { try brain.learn("a line\nanother line", target: 0.2) }
        #expect(!FileManager.default.fileExists(atPath: path))
        try brain.learn("a line\nanother line", target: 0.2)
        var other = SeededGenerator(seed: 99)
        let reloaded = try ProseBrain(generator: &other, statePath: path)
        #expect(reloaded.observations == 10)
        #expect(reloaded.score(Self.quatrain) == brain.score(Self.quatrain))
    }
}
