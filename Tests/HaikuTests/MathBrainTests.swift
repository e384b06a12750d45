import Foundation
import HarmonixCore
import Testing
@testable import Haiku

/// test_haiku.py: autograd, MLP shape, MathBrain training and persistence (haiku.md §2.6).
@Suite struct MathBrainTests {
    @Test func valueBasics() {
        let v = Value(3)
        #expect(v.data == 3 && v.grad == 0)
        #expect((Value(2) + Value(3)).data == 5)
        #expect((Value(2) * Value(3)).data == 6)
        let a = Value(2), b = Value(3)
        let c = a * b
        c.backward()
        #expect(a.grad == 3 && b.grad == 2)
    }

    /// d/dx of tanh(x·x + x) at x = 0.5 is (1 − tanh²(0.75))·(2x + 1), and gradients accumulate.
    @Test func gradientsAccumulateThroughSharedNodes() {
        let x = Value(0.5)
        let y = (x * x + x).tanh()
        y.backward()
        let t = Libm.tanh(0.75)
        #expect(abs(x.grad - (1 - t * t) * 2.0) < 1e-12)
        let p = Value(4)
        let q = p.pow(2) - p / Value(2)
        q.backward()
        #expect(abs(p.grad - (8 - 0.5)) < 1e-12)
        #expect(Value(-1).relu().data == 0)
    }

    @Test func mlpShape() {
        var rng = SeededGenerator(seed: 1)
        let mlp = MLP(inputs: 5, layers: [8, 1], rng: &rng)
        #expect(mlp.layerCount == 2)
        #expect(mlp.parameterCount == 57)
        let neuron = MLP(inputs: 3, layers: [1], rng: &rng)
        for x in [[0.0, 0, 0], [10.0, -10, 5], [1.0, 1, 1]] {
            let out = neuron(x)
            #expect(out >= -1 && out <= 1)
        }
    }

    /// The graph forward pass equals the plain one.
    @Test func graphForwardMatchesPlainForward() {
        var rng = SeededGenerator(seed: 5)
        let mlp = MLP(inputs: 5, layers: [8, 1], rng: &rng)
        let x = [0.1, 0.9, 0.3, 0.7, 0.9]
        let graph = MLP.forward(x, params: mlp.parameters.map { Value($0) }, sizes: mlp.sizes)
        #expect(abs(graph.data - mlp(x)) < 1e-12)
    }

    private func setup() throws -> (HaikuGenerator, MathBrain, SeededGenerator) {
        var rng = SeededGenerator(seed: 8)
        let brain = MathBrain(rng: &rng)
        return (HaikuGenerator(seedWords: try Fixtures.seedWords()), brain, rng)
    }

    @Test func scoreIsInUnitInterval() throws {
        let (gen, brain, _) = try setup()
        let haiku = "the cloud is here\nsilence between the words\nwait for resonance"
        for ctx in [[], [tri("what", "is", "resonance")]] {
            let s = brain.score(haiku, userContext: ctx, generator: gen)
            #expect(s >= 0 && s <= 1)
        }
        #expect(brain.score("two words", userContext: [], generator: gen) == 0)
    }

    @Test func featuresFollowTheSpec() throws {
        let (gen, _, _) = try setup()
        // "the be to": the seed chain has (the, be) → to, count 1 → perplexity 1/1/10.
        let f = MathBrain.features(of: "the be to", userContext: [tri("to", "x", "y")], generator: gen)!
        #expect(abs(f[0] - 0.1) < 1e-12)
        #expect(f[1] == 1.0 && f[4] == 1.0)
        #expect(abs(f[2] - 1.0 / 3) < 1e-12)
        #expect(abs(f[3] - 3.0 / 17) < 1e-12)
    }

    @Test func observeTrains() throws {
        let (gen, b0, r0) = try setup()
        var brain = b0, rng = r0
        let haiku = "the cloud is here\nsilence between the words\nwait for resonance"
        let loss = brain.observe(haiku, quality: 0.8, userContext: [], generator: gen, rng: &rng)
        #expect(brain.observations == 1 && loss >= 0 && brain.lastLoss == loss)
        for _ in 0..<9 {
            let l = brain.observe(haiku, quality: 0.7, userContext: [], generator: gen, rng: &rng)
            #expect(l.isFinite)
        }
        #expect(brain.observations == 10)
        let skipped = brain.observe(haiku, quality: .infinity, userContext: [], generator: gen, rng: &rng)
        #expect(brain.observations == 10 && skipped == brain.lastLoss)
        #expect(brain.observe(haiku, quality: 1.5, userContext: [], generator: gen, rng: &rng).isFinite)
        #expect(brain.observe(haiku, quality: -0.5, userContext: [], generator: gen, rng: &rng).isFinite)
        for _ in 0..<20 { _ = brain.observe(haiku, quality: 1, userContext: [], generator: gen, rng: &rng) }
        #expect(brain.mlp.parameters.allSatisfy { $0 >= -5 && $0 <= 5 })
    }

    /// Training moves the output towards the target.
    @Test func repeatedObservationLowersTheLoss() throws {
        let (gen, b0, r0) = try setup()
        var brain = b0, rng = r0
        let haiku = "the cloud is here\nsilence between the words\nwait for resonance"
        let first = brain.observe(haiku, quality: 1.0, userContext: [], generator: gen, rng: &rng)
        var last = first
        for _ in 0..<50 { last = brain.observe(haiku, quality: 1.0, userContext: [], generator: gen, rng: &rng) }
        #expect(last < first)
    }

    @Test func persistenceRoundTrip() throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let (gen, b0, r0) = try setup()
        var brain = b0, rng = r0
        let haiku = "the cloud is here\nsilence between the words\nwait for resonance"
        for _ in 0..<3 { _ = brain.observe(haiku, quality: 0.6, userContext: [], generator: gen, rng: &rng) }
        let path = folder.url.appendingPathComponent("mathbrain.json").path
        try brain.save(to: path)
        #expect(FileManager.default.fileExists(atPath: path))
        var other = SeededGenerator(seed: 999)
        var restored = MathBrain(rng: &other)
        #expect(try restored.load(from: path))
        #expect(restored.observations == 3 && restored.lastLoss == brain.lastLoss)
        #expect(restored.mlp.parameters == brain.mlp.parameters)
        let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: path))) as? [String: Any]
        #expect((json?["parameters"] as? [Double])?.count == 57)
        #expect(json?["lr"] as? Double == 0.01)
    }
}
