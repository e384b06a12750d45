import HarmonixCore
import Testing
@testable import NanoGPTEngine
@testable import Sonnet

/// The model against the numpy reference (`../shared/data/sonnet/reference_outputs.json`,
/// produced by the original `sonnet.py` forward pass, float64 logits).
@Suite("NanoGPT golden outputs")
struct NanoGPTGoldenTests {
    @Test("tokens, logits within 1e-4 and argmax for the three reference inputs",
          arguments: [true, false])
    func goldenLogits(skipUnusedLastLayerRows: Bool) throws {
        let reference = try ReferenceOutputs.load()
        let model = try Fixtures.model(skipUnusedLastLayerRows: skipUnusedLastLayerRows)
        for item in reference.cases {
            #expect(Vocabulary.encode(item.input) == item.tokens)
            let logits = model.lastLogits(item.tokens)
            #expect(logits.count == 65)
            let worst = zip(logits, item.logits).map { abs(Double($0) - $1) }.max() ?? .infinity
            #expect(worst <= 1e-4, "max |Δlogit| = \(worst) for \(item.input.debugDescription)")
            let argmax = logits.indices.max { logits[$0] < logits[$1] }!
            #expect(argmax == item.argmax)
        }
    }

    @Test("200-step greedy continuation of \"\\n\" matches numpy character for character")
    func greedyContinuation() throws {
        let reference = try ReferenceOutputs.load()
        let model = try Fixtures.model()
        var rng = SeededGenerator(seed: 1)
        let text = try model.generate(prompt: "\n", maxTokens: 200, temperature: 0, rng: &rng)
        #expect(text == reference.greedy200)
        #expect(text.count == 201)
    }
}
