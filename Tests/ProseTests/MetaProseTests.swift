import HarmonixCore
import Testing

@testable import LlamaGGUF
@testable import Prose

/// A scripted `generate` for MetaProse (tests only): returns a fixed text, counts calls.
actor ScriptedReflectionGenerator: ProseReflectionGenerator {
    let reply: String
    let fails: Bool
    private(set) var inputs: [(String, Int?, Double?)] = []

    init(reply: String, fails: Bool = false) {
        self.reply = reply
        self.fails = fails
    }

    func generate(_ userInput: String, maxTokens: Int?, temperature: Double?, seed: UInt64) async throws -> String {
        inputs.append((userInput, maxTokens, temperature))
        if fails { throw ScriptedModelFailure() }
        return reply
    }
}

/// MetaProse (prose.md §3.1 and the emergent behaviours of §4).
@Suite struct MetaProseTests {
    static let longReflection =
        "The field remembers every word , and each sentence it keeps becomes a quiet current that carries "
        + "meaning forward into the next turn of the conversation ."

    @Test func startsEmpty() async throws {
        let meta = MetaProse(generator: ScriptedReflectionGenerator(reply: ""), field: try FieldFixtures.freshField())
        #expect(await meta.bootstrapBuffer.isEmpty)
        #expect(await meta.reflections.isEmpty)
        #expect(meta.maxSnippetLength == 300)
        #expect(meta.maxSnippets == 5)
    }

    @Test func shortReflectionCallsTheGeneratorOnceAndReturnsEmpty() async throws {
        let generator = ScriptedReflectionGenerator(reply: "only five words right here")
        let field = try FieldFixtures.freshField()
        let meta = MetaProse(generator: generator, field: field)
        let text = await meta.reflect(ProseInteraction(user: "What is love?"), seed: 1)
        #expect(text == "")
        let inputs = await generator.inputs
        #expect(inputs.count == 1)
        #expect(inputs[0].0 == "What is love?" && inputs[0].1 == 200 && inputs[0].2 == 0.9)
        #expect(try await field.stats().totalProse == 0)
    }

    @Test func validReflectionIsFormattedAndStored() async throws {
        let generator = ScriptedReflectionGenerator(reply: Self.longReflection)
        let field = try FieldFixtures.freshField()
        let meta = MetaProse(generator: generator, field: field)
        let text = await meta.reflect(ProseInteraction(dissonance: 0.81), seed: 1)
        #expect(text == ProseFormatter().clean(Self.longReflection))
        #expect(text.contains("word, and"))
        #expect(await generator.inputs.first?.0 == "reflect on the field")
        let row = try #require(try await field.recentProse(limit: 1).first)
        let record = try #require(try await field.record(id: row.id))
        #expect(record.text == text && record.addedBy == "metaprose" && record.quality == 0.6)
        #expect(record.dissonance == 0.81 && record.temperature == 0.9)
        #expect(await meta.recentReflections().map(\.prose) == [text])
    }

    @Test func generatorFailureGivesEmptyReflection() async throws {
        let meta = MetaProse(generator: ScriptedReflectionGenerator(reply: "", fails: true), field: try FieldFixtures.freshField())
        #expect(await meta.reflect(ProseInteraction(user: "x"), seed: 1) == "")
        #expect(await meta.reflections.isEmpty)
    }

    @Test func bootstrapTakesFirstTwoFragmentsWhenTriggered() async throws {
        let meta = MetaProse(generator: ScriptedReflectionGenerator(reply: ""), field: try FieldFixtures.freshField())
        await meta.feedBootstrap(ProseInteraction(prose: "First idea. Second idea! Third idea?", dissonance: 0.9))
        #expect(await meta.bootstrapBuffer == ["First idea. Second idea"])
        // No trigger (all defaults 0.5): nothing added.
        await meta.feedBootstrap(ProseInteraction(prose: "Quiet line."))
        #expect(await meta.bootstrapBuffer.count == 1)
        await meta.feedBootstrap(ProseInteraction(prose: "Aroused line. More", pulse: PulseSnapshot(arousal: 0.6)))
        let state = await meta.bootstrapState
        #expect(state.contains("First idea. Second idea") && state.contains("Aroused line. More"))
        // Ring buffer of 5, snippets cut to 300 code points.
        for i in 0..<6 { await meta.feedBootstrap(ProseInteraction(prose: String(repeating: "é", count: 400) + " \(i)", quality: 0.9)) }
        let buffer = await meta.bootstrapBuffer
        #expect(buffer.count == 5)
        #expect(buffer.allSatisfy { PythonText.length($0) == 300 })
    }
}
