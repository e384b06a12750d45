import Foundation
import HarmonixCore
import Testing

@testable import LlamaGGUF
@testable import Prose

/// The organism turn end to end with the real model (SmolLM2-135M-Instruct Q4_1, found at
/// `Models/` or env `HARMONIX_PROSE_MODEL`). Meant for release builds (`.ci/run`); a debug build
/// runs the same checks on fewer tokens.
@Suite(.serialized) struct ProseOrganismModelTests {
    #if DEBUG
    static let tokens = 6
    #else
    static let tokens = 30
    #endif

    static let engine: LlamaEngine? = try? LlamaEngine(modelPath: FieldFixtures.modelPath, threads: 1)

    static func requireEngine(sourceLocation: SourceLocation = #_sourceLocation) throws -> LlamaEngine {
        guard let engine else {
            Issue.record(
                "Prose model not loadable at \(FieldFixtures.modelPath). Install it with the setup script or set HARMONIX_PROSE_MODEL.",
                sourceLocation: sourceLocation)
            throw FieldFixtureError.missing(FieldFixtures.modelPath)
        }
        return engine
    }

    /// Greedy (base temperature 0 → T = 0) on the shipped field: the seed is "The field resonates."
    /// (the newest rows are empty). The output is the engine's own greedy continuation of that seed,
    /// stripped, which is llama.cpp's (`llama_cpp_greedy_30_tokens` of `smollm2_golden.json`).
    @Test func greedyTurnOnTheShippedFieldContinuesTheDefaultSeed() async throws {
        let engine = try Self.requireEngine()
        let (field, _) = try FieldFixtures.shippedFieldCopy()
        let organism = ProseOrganism(
            field: field, model: engine,
            configuration: ProseConfiguration(maxTokens: Self.tokens, baseTemperature: 0, seedMode: .recent))
        let draft = try await organism.compose(TurnRequest(prompt: "What is resonance?", seed: 1))
        #expect(draft.fieldSeed.text == "The field resonates.")
        #expect(draft.temperature == 0)
        #expect(draft.completion.tokenCount == Self.tokens)
        #expect(draft.completion.stopReason == "max_tokens")
        let direct = try engine.complete(prompt: "The field resonates.", maxTokens: Self.tokens, temperature: 0, seed: 5)
        #expect(draft.text == PythonText.strip(direct))
        #expect(!draft.text.isEmpty)
        let golden = PythonText.strip(try FieldFixtures.llamaCppGreedyText())
        #expect(golden.hasPrefix(draft.text), "greedy output: \(draft.text)")
        if Self.tokens == 30 { #expect(draft.text == golden) }
        // The continuation of a different seed is a different text.
        let other = try engine.complete(prompt: "Words flow through the field.", maxTokens: Self.tokens, temperature: 0, seed: 5)
        #expect(PythonText.strip(other) != draft.text)
        let result = try await organism.settle(draft, context: TurnContext(prompt: "What is resonance?"))
        #expect(result.output == draft.text && abs(result.dissonance! - 0.806) < 1e-12)
        #expect(result.extras.first { $0.name == "tokens" }?.value == Double(Self.tokens))
        let stored = try #require(try await field.recentProse(limit: 1).first)
        #expect(stored.text == draft.text && stored.addedBy == "prose_cascade")
    }

    /// The seeded organism turn at T = 0.63 reproduces, equals the engine's own call with the same
    /// seed, stores its row, and chains: the next recent seed is the output's last sentence.
    @Test func seededTurnReproducesAndChains() async throws {
        let engine = try Self.requireEngine()
        var outputs: [String] = []
        for _ in 0..<2 {
            let (field, _) = try FieldFixtures.shippedFieldCopy()
            let organism = ProseOrganism(
                field: field, model: engine, configuration: ProseConfiguration(maxTokens: Self.tokens, seedMode: .recent))
            let request = TurnRequest(prompt: "What is resonance?", seed: 2024)
            let draft = try await organism.compose(request)
            #expect(draft.temperature == 0.9 * 0.7)
            let direct = try engine.complete(
                prompt: draft.fieldSeed.text, maxTokens: Self.tokens, temperature: Float(0.9 * 0.7), seed: draft.modelSeed)
            #expect(draft.text == PythonText.strip(direct))
            let result = try await organism.settle(
                draft, context: TurnContext(prompt: request.prompt, upstream: ["a haiku line", "a sonnet line"]))
            #expect(result.extras.contains { $0.name == "tokens" })
            outputs.append(result.output)
            var rng = SeededGenerator(seed: 0)
            let next = try await field.fieldSeed(mode: .recent, generator: &rng)
            if let last = ProseSplit.fragments(result.output).last {
                #expect(next.text == last + ".")
            } else {
                #expect(next.text == "The field resonates.")
            }
        }
        #expect(outputs[0] == outputs[1])
    }
}
