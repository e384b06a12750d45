import Foundation
import HarmonixCore
import Testing
@testable import Haiku

/// test_integration.py and the canonical turn of haiku.md §1.1, on a real SQLite file per test.
@Suite struct HaikuTurnTests {
    static let prompts = [
        "what is resonance", "tell me about the silence between words", "how does the cloud remember",
        "I feel lost in the noise of the city", "can a machine dream of rain", "where do thoughts go when they end",
        "hi", "the ocean speaks in waves of light", "why is the night so quiet", "write about a broken clock",
        "do you hear the field breathing", "what remains after the storm",
    ]

    @Test func singleTurn() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let organism = try makeOrganism(in: folder)
        let draft = try await organism.compose(TurnRequest(prompt: "  what is resonance  ", seed: 1))
        #expect(draft.dissonance >= 0 && draft.dissonance <= 1)
        #expect(draft.dissonance == 0.0)                 // first turn of a fresh field: stri == utri
        #expect(draft.temperature >= 0.3 && draft.temperature <= 1.5)
        #expect(draft.haiku.split(separator: "\n", omittingEmptySubsequences: false).count == 3)
        #expect(draft.candidates.count == 5 && draft.candidates.contains(draft.haiku))
        #expect(draft.mathBrainLoss >= 0)
        #expect(draft.reflection.split(separator: "\n").count == 3)
        #expect(draft.userTrigrams == [tri("what", "is", "resonance")])
        #expect(draft.systemTrigrams.contains(tri("what", "is", "resonance")))
        #expect(draft.timings.map(\.stage) == TurnStage.allCases)
        let result = try await organism.settle(draft, context: TurnContext(prompt: "what is resonance", upstream: ["ignored"]))
        #expect(result.organism == "haiku" && result.input == "what is resonance" && result.output == draft.haiku)
        #expect(result.dissonance == draft.dissonance && result.quality == draft.quality.quality)
        #expect(result.fieldSize == draft.cloudSize)
        #expect(result.extras.map(\.name).starts(with: ["pulse_novelty", "pulse_arousal", "pulse_entropy"]))
        #expect(result.timings.count == TurnStage.allCases.count)
    }

    /// A prompt of fewer than 3 tokens gives exactly 0.5 and adds nothing to the chain, but its
    /// words enter the field.
    @Test func shortPromptIsNeutral() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let organism = try makeOrganism(in: folder)
        let before = await organism.chain().rows
        let draft = try await organism.compose(TurnRequest(prompt: "hi zzyzx", seed: 2))
        #expect(draft.dissonance == 0.5 && draft.temperature == 0.3 + 1.2 * 0.5)
        #expect(await organism.chain().rows == before)
        #expect(try await organism.field.query("SELECT frequency FROM words WHERE word = 'zzyzx'") == [["1"]])
    }

    @Test func sequentialTurnsTrainAndPersist() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let organism = try makeOrganism(in: folder)
        for i in 0..<4 { _ = try await organism.turn(TurnRequest(prompt: HaikuTurnTests.prompts[i], seed: UInt64(i))) }
        #expect(await organism.mathBrainObservations == 4)
        #expect(try await organism.field.cloudSize() > 576)
        for table in ["words", "trigrams", "metrics", "shards", "haiku_state_log", "markov_bigrams", "recent_trigrams"] {
            #expect(try await organism.field.rowCount(table) > 0, "\(table)")
        }
        #expect(try await organism.field.rowCount("metrics") == 4)
        #expect(try await organism.field.rowCount("haiku_transitions") >= 1)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.shards.path).count >= 1)
        // The chain on disk equals the generator's chain.
        let stored = try await organism.field.loadChain()
        #expect(stored.rows == (await organism.chain().rows))
        #expect(stored.recent.count <= 10)
    }

    /// A new organism on the same file reloads the chain (order included) and the recent trigrams.
    @Test func reopeningReloadsTheChain() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let first = try makeOrganism(in: folder)
        for i in 0..<3 { _ = try await first.turn(TurnRequest(prompt: HaikuTurnTests.prompts[i], seed: UInt64(i))) }
        let rows = await first.chain().rows
        let second = try makeOrganism(in: folder)
        #expect(await second.chain().rows == rows)
        #expect(await second.vocabSize == (await first.vocabSize))
    }

    /// Forced dreams (p = 1, no cooldown) run the dialog and feed its trigrams into the chain.
    @Test func forcedDreamFeedsTheChain() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let organism = try makeOrganism(in: folder) { options in
            options.dream.probability = 1
            options.dream.cooldownTurns = 0
        }
        var dreamed: HaikuTurn?
        for i in 0..<12 where dreamed == nil {
            let keysBefore = await organism.chain().keys
            let turn = try await organism.compose(TurnRequest(prompt: HaikuTurnTests.prompts[i], seed: UInt64(i)))
            if let texts = turn.dream {
                dreamed = turn
                #expect(texts.count == 4 && texts[0] == turn.haiku)
                #expect(await organism.chain().keys > keysBefore)
                let recent = try await organism.field.loadChain().recent
                let lastTrigrams = WordTokenizer.trigrams(texts[3])
                #expect(Array(recent.suffix(lastTrigrams.count)) == Array(lastTrigrams.suffix(10)))
            }
        }
        #expect(dreamed != nil)
        #expect(try await organism.field.rowCount("dream_dialogs") == 1)
        #expect(try await organism.field.rowCount("dream_fragments") >= 9)
    }

    @Test func absorbIsExhale() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let organism = try makeOrganism(in: folder)
        let keys = await organism.chain().keys
        try await organism.absorb("the meta field exhales quietly")
        #expect(try await organism.field.rowCount("trigrams") == 3)
        #expect(try await organism.field.query("SELECT frequency FROM words WHERE word = 'exhales'") == [["1"]])
        #expect(await organism.chain().keys == keys)
    }

    @Test func emptyPromptStillTurns() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let organism = try makeOrganism(in: folder)
        let turn = try await organism.compose(TurnRequest(prompt: "   ", seed: 3))
        #expect(turn.dissonance == 0.5 && turn.userTrigrams.isEmpty)
        #expect(turn.haiku.split(separator: "\n").count == 3)
        try await organism.field.morphCloud(["test"])
    }

    /// With a fixed seed, two runs of 40 turns give identical haikus and identical databases
    /// (every table, every row, in rowid order; timestamps come from the stepping clock).
    @Test func fortyTurnsAreReproducible() async throws {
        func run() async throws -> (haikus: [String], dump: [String: [[String]]], exact: Int, folder: TemporaryFolder) {
            let folder = TemporaryFolder()
            let organism = try makeOrganism(in: folder)
            var haikus: [String] = [], exact = 0
            for i in 0..<40 {
                let prompt = HaikuTurnTests.prompts[i % HaikuTurnTests.prompts.count]
                let seed = SeedDerivation.seed(experiment: 7, prompt: prompt, repeat: i, organism: "haiku")
                let turn = try await organism.compose(TurnRequest(prompt: prompt, seed: seed))
                haikus.append(turn.haiku)
                if turn.lineSyllables == [5, 7, 5] { exact += 1 }
            }
            return (haikus, try await organism.field.dump(), exact, folder)
        }
        let a = try await run(), b = try await run()
        defer { a.folder.remove(); b.folder.remove() }
        #expect(a.haikus == b.haikus)
        #expect(Set(a.haikus).count > 30)
        #expect(a.dump.keys.sorted() == HaikuSchema.tables.sorted())
        for table in HaikuSchema.tables {
            #expect(a.dump[table] == b.dump[table], "table \(table) differs")
        }
        #expect(a.dump["metrics"]?.count == 40 && a.dump["shards"]?.count == 40)
        #expect(a.exact >= 36)
        // Shard files are identical too.
        let filesA = try FileManager.default.contentsOfDirectory(atPath: a.folder.shards.path).sorted()
        let filesB = try FileManager.default.contentsOfDirectory(atPath: b.folder.shards.path).sorted()
        #expect(filesA == filesB && !filesA.isEmpty)
    }

    /// A different seed gives different haikus (the seed really drives the choices).
    @Test func differentSeedsDiffer() async throws {
        let folderA = TemporaryFolder(), folderB = TemporaryFolder()
        defer { folderA.remove(); folderB.remove() }
        let a = try makeOrganism(in: folderA), b = try makeOrganism(in: folderB)
        let ta = try await a.compose(TurnRequest(prompt: "what is resonance", seed: 1))
        let tb = try await b.compose(TurnRequest(prompt: "what is resonance", seed: 2))
        #expect(ta.haiku != tb.haiku)
    }
}

/// Options of the organism: MathBrain persistence, the async field variant, python-parity.
@Suite struct HaikuOrganismOptionTests {
    @Test func brainIsSavedAndRestored() async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let path = folder.url.appendingPathComponent("mathbrain.json").path
        let first = try makeOrganism(in: folder) { $0.brainPath = path }
        for i in 0..<3 { _ = try await first.turn(TurnRequest(prompt: HaikuTurnTests.prompts[i], seed: UInt64(i))) }
        try await first.save()
        #expect(FileManager.default.fileExists(atPath: path))
        let second = try makeOrganism(in: folder) { $0.brainPath = path }
        #expect(await second.mathBrainObservations == 3)
    }

    /// With the async field's dissonance, the user trigrams are counted twice per turn (haiku.md §1.3).
    @Test func asyncFieldVariantCountsUserTrigramsTwice() async throws {
        let folderA = TemporaryFolder(), folderB = TemporaryFolder()
        defer { folderA.remove(); folderB.remove() }
        let sync = try makeOrganism(in: folderA)
        let async = try makeOrganism(in: folderB) { $0.recordTrigramsOnDissonance = true }
        let request = TurnRequest(prompt: "what is resonance", seed: 5)
        _ = try await sync.compose(request)
        _ = try await async.compose(request)
        let sql = "SELECT count FROM trigrams WHERE word1 = 'what' AND word2 = 'is' AND word3 = 'resonance'"
        #expect(try await sync.field.query(sql) == [["1"]])
        #expect(try await async.field.query(sql) == [["3"]])   // update_trigrams + U and S (S contains U)
    }

    /// Character-level dissonance of the original cascade: "abc" vs "abd" share {a, b} of {a, b, c, d}:
    /// J = 0.5, novelty 0.5, arousal 0, entropy 4/20, d = 0.5 × 0.7 (a shared "trigram") = 0.35.
    @Test func pythonParityCascadeStep() async throws {
        let r = Dissonance.characterLevel(prompt: "abc", haiku: "abd")
        #expect(abs(r.dissonance - 0.35) < 1e-12)
        #expect(r.pulse == Pulse(novelty: 0.5, arousal: 0, entropy: 0.2))
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let organism = try makeOrganism(in: folder)
        let before = try await organism.field.dump()
        let result = await organism.cascadeStep(TurnRequest(prompt: "what is resonance in the cloud", seed: 1))
        #expect(result.quality == 0.8 && result.output.split(separator: "\n").count == 3)
        #expect(try await organism.field.dump() == before)
    }
}
