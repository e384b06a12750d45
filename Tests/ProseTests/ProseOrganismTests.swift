import HarmonixCore
import Testing

@testable import LlamaGGUF
@testable import Prose

/// The organism turn (`generate_cascade`) with the deterministic scripted model of the fixtures:
/// field logic, contract (compose reads nothing upstream, settle in the original's order), failures.
@Suite struct ProseOrganismTests {
    static let haiku = "silver rain falls down\nquiet river holds the moon\nmorning breaks open"
    static let sonnet = "Shall I compare thee to a summer's day?\nThou art more lovely and more temperate"

    @Test func composeFeedsOnlyTheFieldSeedWithTheDerivedModelSeed() async throws {
        let (field, _) = try FieldFixtures.shippedFieldCopy()
        let model = ScriptedTextModel.echo()
        let organism = ProseOrganism(field: field, model: model, configuration: ProseConfiguration(maxTokens: 37))
        let draft = try await organism.compose(TurnRequest(prompt: "What is resonance?", seed: 42))

        // The same stream, replayed: one auto draw, (maybe) a random offset, then the model seed.
        var replay = SeededGenerator(seed: 42)
        let expectedSeed = try await field.fieldSeed(mode: .auto, generator: &replay)
        #expect(draft.fieldSeed == expectedSeed)
        #expect(draft.modelSeed == replay.next())
        let call = try #require(model.calls.first)
        #expect(model.calls.count == 1)
        #expect(call.prompt == expectedSeed.text)  // no prompt, no template: the seed alone
        #expect(call.maxTokens == 37)
        #expect(call.temperature == Float(0.63))
        #expect(call.seed == draft.modelSeed)
        // Stripped as Python's str.strip() does.
        #expect(draft.text == "Echo of \(expectedSeed.text) number \(draft.modelSeed % 1000). The field answers in turn!")
        #expect(draft.timings.map(\.name) == ["field_seed", "generate"])
        // compose writes nothing.
        #expect(try await field.stats().totalProse == 8)
    }

    @Test func composeTemperatureEqualsTheFullContextTemperature() {
        let organism = ProseOrganism(field: try! FieldFixtures.freshField(), model: ScriptedTextModel.echo())
        let prompts = ["What is resonance?", "tell me about love", "x", "asdfjkl zxcvbnm", "Why?\n\n  "]
        let upstreams: [[String]] = [[], [Self.haiku], [Self.haiku, Self.sonnet], ["", Self.sonnet]]
        for prompt in prompts {
            for upstream in upstreams {
                let context = TurnContext(prompt: prompt, upstream: upstream)
                let full = ProseDissonance.compute(input: ProseOrganism.combinedInput(context), prose: "").dissonance
                #expect(full >= 0.8)
                #expect(organism.composeTemperature(prompt: prompt) == ProseDissonance.temperature(for: full, base: 0.9))
                #expect(organism.composeTemperature(prompt: prompt) == 0.9 * 0.7)
            }
        }
        // The one documented divergence: a word-less prompt alone gives d = 0.5 → T = base.
        #expect(organism.composeTemperature(prompt: "  ") == 0.9)
    }

    @Test func combinedInputAndDisturbancesFollowTheOriginal() {
        let sync = TurnContext(prompt: "P text", upstream: ["H text", "S text"])
        #expect(ProseOrganism.combinedInput(sync) == "P text\nH text\nS text")
        #expect(ProseOrganism.disturbances(sync) == ["H text", "S text", "P text"])
        let async = TurnContext(prompt: "P text")
        #expect(ProseOrganism.combinedInput(async) == "P text\n\n")
        #expect(ProseOrganism.disturbances(async) == ["P text"])
        let noHaiku = TurnContext(prompt: "P", upstream: ["", "S"])
        #expect(ProseOrganism.combinedInput(noHaiku) == "P\n\nS")
        #expect(ProseOrganism.disturbances(noHaiku) == ["S", "P"])
    }

    @Test func settleWritesTheTurnAndReportsItsMetrics() async throws {
        let field = try FieldFixtures.freshField()
        let organism = ProseOrganism(field: field, model: ScriptedTextModel.echo())
        let request = TurnRequest(prompt: "What is resonance?", seed: 7)
        let result = try await organism.turn(request, upstream: [Self.haiku, Self.sonnet])
        let combined = "What is resonance?\n\(Self.haiku)\n\(Self.sonnet)"
        let (d, pulse) = ProseDissonance.compute(input: combined, prose: "")
        #expect(result.organism == "prose")
        #expect(result.input == combined)
        #expect(result.dissonance == d)
        #expect(result.temperature == 0.9 * 0.7)
        #expect(result.quality == 0.5)
        #expect(result.seed == 7)
        #expect(result.output.hasPrefix("Echo of The field resonates. number "))
        let extras = Dictionary(uniqueKeysWithValues: result.extras.map { ($0.name, $0.value) })
        #expect(extras["pulse_novelty"] == pulse.novelty && extras["pulse_arousal"] == 1 && extras["pulse_entropy"] == pulse.entropy)
        #expect(extras["context_temperature"] == 0.9 * 0.7)
        #expect(extras["empty_output"] == 0)
        #expect(extras["seed_fallback"] == 1)  // fresh field: "The field resonates."
        #expect(extras["total_prose"] == 1)
        #expect(result.timings.map(\.name) == ["field_seed", "generate", "settle"])

        // Stored row: the original's add_prose(quality 0.5, d, T, "prose_cascade").
        let row = try #require(try await field.recentProse(limit: 1).first)
        let record = try #require(try await field.record(id: row.id))
        #expect(record.text == result.output && record.addedBy == "prose_cascade")
        #expect(record.dissonance == d && record.temperature == 0.9 * 0.7)
        // Trigrams of H (12 words → 10), S (15 words → 13), P (3 words → 1), and the output.
        let outputTrigrams = PythonText.words(result.output).count - 2
        #expect(try await field.trigramTotals().mentions == 10 + 13 + 1 + outputTrigrams)
        #expect(result.fieldSize == (try await field.stats().trigramVocabulary))
        #expect(try await field.trigramCount("holds", "the", "moon") == 1)
        #expect(try await field.trigramCount("what", "is", "resonance?") == 1)
    }

    @Test func asyncContextMeasuresAgainstThePromptOnly() async throws {
        let organism = ProseOrganism(field: try FieldFixtures.freshField(), model: ScriptedTextModel.echo())
        let result = try await organism.turn(TurnRequest(prompt: "What is resonance?", seed: 1))
        #expect(result.input == "What is resonance?\n\n")
        #expect(abs(result.dissonance! - 0.806) < 1e-12)  // prose.md §2.5
    }

    @Test func syncAndAsyncParityGiveIdenticalTurns() async throws {
        let contexts = [Self.haiku, Self.sonnet]
        let prompts = ["What is resonance?", "tell me about love", "asdfjkl zxcvbnm"]
        var sync: [TurnResult] = []
        var parity: [TurnResult] = []
        do {
            let (field, _) = try FieldFixtures.shippedFieldCopy()
            let organism = ProseOrganism(field: field, model: ScriptedTextModel.echo())
            for (i, prompt) in prompts.enumerated() {
                sync.append(try await organism.turn(TurnRequest(prompt: prompt, seed: UInt64(100 + i)), upstream: contexts))
            }
        }
        do {
            let (field, _) = try FieldFixtures.shippedFieldCopy()
            let organism = ProseOrganism(field: field, model: ScriptedTextModel.echo())
            for (i, prompt) in prompts.enumerated() {
                let draft = try await organism.compose(TurnRequest(prompt: prompt, seed: UInt64(100 + i)))
                parity.append(try await organism.settle(draft, context: TurnContext(prompt: prompt, upstream: contexts)))
            }
        }
        #expect(sync.map(\.output) == parity.map(\.output))
        #expect(sync.map(\.input) == parity.map(\.input))
        #expect(sync.map(\.dissonance) == parity.map(\.dissonance))
        #expect(sync.map(\.temperature) == parity.map(\.temperature))
        #expect(sync.map(\.fieldSize) == parity.map(\.fieldSize))
        #expect(sync.map { $0.extras.map(\.value) } == parity.map { $0.extras.map(\.value) })
    }

    @Test func successiveTurnsChainThroughTheRecentSeed() async throws {
        let field = try FieldFixtures.freshField()
        let model = ScriptedTextModel { prompt, _, _ in "First thought. Continuing from \(prompt.count) chars" }
        let organism = ProseOrganism(field: field, model: model, configuration: ProseConfiguration(seedMode: .recent))
        _ = try await organism.turn(TurnRequest(prompt: "one", seed: 1))
        _ = try await organism.turn(TurnRequest(prompt: "two", seed: 2))
        #expect(model.calls.map(\.prompt) == ["The field resonates.", "Continuing from 20 chars."])
    }

    @Test func emptyCompletionIsStoredAndFlagged() async throws {
        let field = try FieldFixtures.freshField()
        let organism = ProseOrganism(field: field, model: ScriptedTextModel { _, _, _ in " \n\n " })
        let result = try await organism.turn(TurnRequest(prompt: "What is resonance?", seed: 3))
        #expect(result.output == "")
        #expect(result.extras.first { $0.name == "empty_output" }?.value == 1)
        let row = try #require(try await field.recentProse(limit: 1).first)
        #expect(row.text == "" && row.addedBy == "prose_cascade")
        // The next recent seed falls back, as in the shipped data.
        var rng = SeededGenerator(seed: 0)
        #expect(try await field.fieldSeed(mode: .recent, generator: &rng).text == "The field resonates.")
    }

    @Test func modelFailureThrowsAndWritesNothing() async throws {
        let field = try FieldFixtures.freshField()
        let organism = ProseOrganism(field: field, model: ScriptedTextModel { _, _, _ in throw ScriptedModelFailure() })
        await #expect(throws: ProseOrganismError.self) {
            _ = try await organism.turn(TurnRequest(prompt: "What is resonance?", seed: 3), upstream: [Self.haiku])
        }
        let stats = try await field.stats()
        #expect(stats.totalProse == 0 && stats.trigramVocabulary == 0)
        let error = ProseOrganismError.generationFailed(seed: "The field resonates.", reason: "scripted failure")
        #expect(error.description.contains("while continuing the field seed \"The field resonates.\""))
    }

    @Test func absorbAddsTheMetaSentenceAsOneDisturbance() async throws {
        let field = try FieldFixtures.freshField()
        let organism = ProseOrganism(field: field, model: ScriptedTextModel.echo())
        try await organism.absorb("The meta sentence returns to every field")
        #expect(try await field.trigramTotals() == (rows: 5, mentions: 5))
        #expect(try await field.stats().totalProse == 0)
        // Concurrent absorbs are each atomic: counts are conserved.
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 { group.addTask { try await organism.absorb("The meta sentence returns to every field") } }
            try await group.waitForAll()
        }
        #expect(try await field.trigramCount("the", "meta", "sentence") == 7)
    }

    @Test func sameSeedSameTurnOnIdenticalFields() async throws {
        var outputs: [String] = []
        var seeds: [FieldSeed] = []
        for _ in 0..<2 {
            let (field, _) = try FieldFixtures.shippedFieldCopy()
            let organism = ProseOrganism(field: field, model: ScriptedTextModel.echo())
            let draft = try await organism.compose(TurnRequest(prompt: "p", seed: 2024))
            outputs.append(draft.text)
            seeds.append(draft.fieldSeed)
        }
        #expect(outputs[0] == outputs[1] && seeds[0] == seeds[1])
    }

    @Test func standaloneGenerateStoresAnOrganismRow() async throws {
        let field = try FieldFixtures.freshField()
        let model = ScriptedTextModel.echo()
        let organism = ProseOrganism(field: field, model: model)
        let text = try await organism.generate("What is resonance?", maxTokens: 150, seed: 9)
        #expect(model.calls.first?.temperature == Float(0.8 * 0.7))
        #expect(model.calls.first?.maxTokens == 150)
        let row = try #require(try await field.recentProse(limit: 1).first)
        let record = try #require(try await field.record(id: row.id))
        #expect(record.text == text && record.addedBy == "prose_organism")
        #expect(abs(record.dissonance! - 0.806) < 1e-12 && record.temperature == 0.8 * 0.7)
    }

    @Test func modelDetailsBecomeExtrasOnlyWhenReported() async throws {
        let detailed = DetailedScriptedModel(
            completion: ProseCompletion(text: " Done. ", tokenCount: 3, stopReason: "eos", promptSeconds: 0.25, decodeSeconds: 0.5))
        let result = try await ProseOrganism(field: try FieldFixtures.freshField(), model: detailed)
            .turn(TurnRequest(prompt: "p", seed: 1))
        #expect(result.output == "Done.")
        #expect(Array(result.extras.suffix(4)) == [
            NamedValue("tokens", 3), NamedValue("stop_eos", 1), NamedValue("prompt_eval_s", 0.25), NamedValue("decode_s", 0.5),
        ])
        let plain = try await ProseOrganism(field: try FieldFixtures.freshField(), model: ScriptedTextModel.echo())
            .turn(TurnRequest(prompt: "p", seed: 1))
        #expect(plain.extras.map(\.name).allSatisfy { !["tokens", "stop_eos", "prompt_eval_s", "decode_s"].contains($0) })
        #expect(plain.extras.map(\.name).last == "total_prose")
    }
}
