import Foundation
import Testing
@testable import LlamaGGUF
@testable import Prose

/// `LlamaEngine.complete`, the API the Prose organism and `harmonix generate` call.
@Suite(.serialized) struct EngineGenerationTests {
    /// llama.cpp's greedy 30-token continuation of "The field resonates." (golden file), token for token.
    @Test func greedyContinuationMatchesLlamaCpp() throws {
        let golden = try Fixtures.golden()
        let expected = try #require(golden["llama_cpp_greedy_30_tokens"] as? String)
        let engine = try Fixtures.engine()
        let g = try engine.generate(prompt: "The field resonates.", maxTokens: 30, temperature: 0, seed: 0)
        #expect(g.promptTokens == [504, 1955, 27784, 30])
        #expect(g.tokens.count == 30)
        #expect(g.tokens == engine.tokenizer.encode(expected, addSpecial: false, parseSpecial: false) || g.text == expected)
        #expect(g.text == expected)
        #expect(try engine.complete(prompt: "The field resonates.", maxTokens: 30, temperature: 0, seed: 99) == expected)
    }

    @Test func samplingIsReproducibleForASeedAndVariesAcrossSeeds() throws {
        let engine = try Fixtures.engine()
        let a = try engine.complete(prompt: "What is resonance?", maxTokens: 12, temperature: 0.8, seed: 7)
        let b = try engine.complete(prompt: "What is resonance?", maxTokens: 12, temperature: 0.8, seed: 7)
        #expect(a == b)
        var texts = Set<String>()
        for seed in UInt64(1)...6 {
            texts.insert(try engine.complete(prompt: "What is resonance?", maxTokens: 12, temperature: 1.0, seed: seed))
        }
        #expect(texts.count >= 2)
    }

    @Test func stopsAtEndOfGeneration() throws {
        let engine = try Fixtures.engine()
        // A finished chat turn: SmolLM2-Instruct closes the assistant turn with <|im_end|> (EOS).
        let prompt = "<|im_start|>user\nSay only the word yes.<|im_end|>\n<|im_start|>assistant\nYes"
        let g = try engine.generate(prompt: prompt, maxTokens: 20, temperature: 0, seed: 0)
        #expect(g.stopReason == .endOfSequence)
        #expect(g.tokens.count < 20)
        #expect(!g.tokens.contains(2))
    }

    @Test func maxTokensBoundsTheOutput() throws {
        let g = try Fixtures.engine().generate(prompt: "Once upon a time", maxTokens: 3, temperature: 0, seed: 0)
        #expect(g.tokens.count == 3 && g.stopReason == .maxTokens)
    }

    @Test func describesTheModel() throws {
        let d = try Fixtures.engine().modelDescription
        #expect(d.contains("llama") && d.contains("30 layers") && d.contains("210×Q4_1"))
    }

    @Test func missingFileIsANamedError() {
        #expect(throws: GGUFError.self) { _ = try LlamaEngine(modelPath: "/nonexistent/model.gguf") }
    }
}
