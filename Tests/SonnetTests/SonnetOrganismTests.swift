import HarmonixCore
import Testing
@testable import NanoGPTEngine
@testable import Sonnet

/// The chat-flow turn as an organism, on the real weights (release speed advised:
/// `swift test -c release -Xswiftc -enable-testing`).
@Suite("Sonnet organism")
struct SonnetOrganismTests {
    static func organism(database: String? = Fixtures.temporaryDatabasePath(), reflect: Bool = true) throws -> SonnetOrganism {
        try SonnetOrganism(
            engine: try Fixtures.engine.get(),
            configuration: SonnetTurnConfiguration(
                weightsPath: try Fixtures.sonnetFile("shakespeare_gpt.npz"), databasePath: database, brainPath: try Fixtures.sonnetFile("sonnetbrain.json"), reflect: reflect))
    }

    @Test("same seed → same 800-character generation byte for byte; another seed differs")
    func seededGeneration() async throws {
        let engine = try Fixtures.engine.get()
        let a = try await engine.generate(prompt: "\n", maxTokens: 800, temperature: 0.8, rng: SeededGenerator(seed: 42))
        let b = try await engine.generate(prompt: "\n", maxTokens: 800, temperature: 0.8, rng: SeededGenerator(seed: 42))
        let c = try await engine.generate(prompt: "\n", maxTokens: 800, temperature: 0.8, rng: SeededGenerator(seed: 43))
        #expect(Array(a.text.utf8) == Array(b.text.utf8))
        #expect(a.text.count == 801 && a.text.hasPrefix("\n"))
        #expect(a.text != c.text)
        var ra = a.rng, rb = b.rng
        #expect(ra.next() == rb.next())
        #expect(a.text.allSatisfy { Vocabulary.characters.contains($0) })
    }

    @Test("a sync turn: context joined as prompt + \"\\n\\n\" + haiku, field and phase updated")
    func syncTurn() async throws {
        let sonnet = try Self.organism()
        let haiku = "quiet words drift\nlove resonates in the field\nsilence answers"
        let draft = try await sonnet.compose(TurnRequest(prompt: "What is love?", seed: 11))
        #expect(draft.temperature == 0.8)                          // chat.py's first turn
        #expect(draft.raw.count == 801)
        let result = try await sonnet.settle(draft, context: TurnContext(prompt: "What is love?", upstream: [haiku]))
        #expect(result.organism == "sonnet" && result.seed == 11)
        #expect(result.input == "What is love?\n\n" + haiku)
        #expect(result.output == draft.output)
        let d = try #require(result.dissonance)
        #expect((0...1).contains(d))
        let stats = try await sonnet.field.stats()
        #expect(result.fieldSize == stats.vocabSize)
        if let text = draft.sonnet {
            #expect(text.split(separator: "\n", omittingEmptySubsequences: false).count == 14)
            let brain = try SonnetBrain(contentsOf: try Fixtures.sonnetFile("sonnetbrain.json"))
            let base = SonnetFormatter.validate(text).valid ? 0.8 : 0.5
            #expect(result.quality == (base + brain.score(text)) / 2)
            #expect(sonnet.phase.observations == 1)
            #expect(sonnet.nextTemperature == sonnet.phase.temperatureSonnet)
            let user = try #require(try await sonnet.field.sonnetRow(id: 1))
            #expect(user.addedBy == "user" && user.temperature == 0.8 && user.text == text && user.dissonance == d)
            // Empty cloud before the turn: novelty 1.
            #expect(result.extras.first { $0.name == "pulse_novelty" }?.value == 1.0)
        } else {
            #expect(result.output == String(draft.raw.prefix(500)))
            #expect(stats.sonnetCount == 0 && sonnet.phase.observations == 0)
        }
        #expect(result.timings.map(\.name).prefix(4) == ["generate", "format", "quality", "dissonance"])
    }

    @Test("async context: the prompt alone")
    func asyncContext() async throws {
        let sonnet = try Self.organism(reflect: false)
        let draft = try await sonnet.compose(TurnRequest(prompt: "Why?", seed: 5))
        let result = try await sonnet.settle(draft, context: TurnContext(prompt: "Why?"))
        #expect(result.input == "Why?")
    }

    @Test("two runs with the same seeds and fresh fields give identical turns")
    func reproducibleTurns() async throws {
        var outputs: [[String]] = [], metrics: [[Double?]] = []
        for _ in 0..<2 {
            let sonnet = try Self.organism()
            var texts: [String] = [], numbers: [Double?] = []
            for (i, prompt) in ["What is love?", "Where does time go?"].enumerated() {
                let r = try await sonnet.turn(TurnRequest(prompt: prompt, seed: UInt64(100 + i)), upstream: ["a haiku"])
                texts.append(r.output)
                numbers += [r.dissonance, r.quality, r.temperature, r.fieldSize.map(Double.init)]
            }
            outputs.append(texts)
            metrics.append(numbers)
        }
        #expect(outputs[0] == outputs[1])
        #expect(metrics[0] == metrics[1])
    }

    @Test("absorb: EXHALE trigrams enter the cloud atomically")
    func absorb() async throws {
        let sonnet = try Self.organism(database: nil)
        try await sonnet.absorb("I some tate governing")
        #expect(try await sonnet.field.trigramRowCount() == 2)
        #expect(try await sonnet.field.trigramCount(Trigram("some", "tate", "governing")) == 1)
    }
}
