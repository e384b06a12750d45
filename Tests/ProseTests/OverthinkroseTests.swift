import HarmonixCore
import Testing

@testable import LlamaGGUF
@testable import Prose

/// Overthinkrose (prose.md §3.2): ring transformations, scores, thresholds and stored rows.
@Suite struct OverthinkroseTests {
    static let paragraph =
        "Resonance gathers slowly in language. Meaning travels between speakers! Silence carries its own weight."

    @Test func coherenceBandsAndWeights() {
        #expect(Overthinkrose.coherence("") == 0)
        // 4 words, all distinct, one fragment: 0.4·0.3 + 0.3·1 + 0.3·0.5
        #expect(abs(Overthinkrose.coherence("one two three four") - (0.12 + 0.3 + 0.15)) < 1e-12)
        // 20 words (0.7), 10 distinct (0.5), 2 fragments (1.0)
        let twenty = Array(repeating: "a b c d e f g h i j.", count: 2).joined(separator: " ")
        #expect(abs(Overthinkrose.coherence(twenty) - (0.28 + 0.15 + 0.3)) < 1e-12)
        // 60 distinct words with two sentences: 0.4 + 0.3 + 0.3 = 1.0
        let sixty = (0..<30).map { "w\($0)" }.joined(separator: " ") + ". " + (30..<60).map { "w\($0)" }.joined(separator: " ") + "."
        #expect(Overthinkrose.coherence(sixty) == 1.0)
    }

    @Test func densityUsesTheShorterStopwordList() {
        // "its" counts for Overthinkrose (not a stopword there), not for the field.
        #expect(Overthinkrose.density("its meaning") == 1.0)
        #expect(SemanticDensity.of("its meaning") == 0.5)
    }

    @Test func driftReplacesOnlyMappedWordsAndCapitalises() {
        var rng = SeededGenerator(seed: 4)
        // Factor 1: every word longer than 3 is tried; only map keys change. "flow," keeps its comma → no match.
        let drifted = OverthinkroseVariation.drift("Love and time\nflow, resonance see", factor: 1.0, generator: &rng)
        let words = PythonText.words(drifted)
        #expect(words.count == 6)
        #expect(OverthinkroseVariation.synonyms["love"]!.map(PythonText.capitalize).contains(words[0]))
        #expect(words[1] == "and")
        #expect(OverthinkroseVariation.synonyms["time"]!.contains(words[2]))
        #expect(words[3] == "flow,")
        #expect(OverthinkroseVariation.synonyms["resonance"]!.contains(words[4]))
        #expect(words[5] == "see")  // 3 letters: never replaced
        #expect(!drifted.contains("\n"))
        var none = SeededGenerator(seed: 4)
        #expect(OverthinkroseVariation.drift("Love and time", factor: 0.0, generator: &none) == "Love and time")
    }

    @Test func echoKeepsEverySentence() {
        for seed in UInt64(0)..<20 {
            var rng = SeededGenerator(seed: seed)
            let text = Self.paragraph + "\n\nSecond paragraph here. It ends."
            let echoed = OverthinkroseVariation.echo(text, factor: 1.0, generator: &rng)
            #expect(ProseSplit.sentences(echoed).sorted() == ProseSplit.sentences(text).sorted())
            #expect(ProseSplit.paragraphs(echoed).count == 2)
        }
    }

    @Test func metaBuildsTemplatesFromAlphabeticKeywords() {
        var rng = SeededGenerator(seed: 9)
        let meta = OverthinkroseVariation.meta("Resonance gathers slowly; language, silence and meaning travel", generator: &rng)
        // Keywords: len > 5 and alphabetic → Resonance, gathers, slowly(6? "slowly;" not alphabetic), meaning, travel
        let fragments = ProseSplit.fragments(meta)
        #expect(!fragments.isEmpty && fragments.count <= 5)
        for keyword in ["language,", "slowly;"] { #expect(!meta.contains(keyword)) }
        #expect(["Resonance", "gathers", "meaning", "travel", "resonance"].contains { meta.contains($0) })
        var empty = SeededGenerator(seed: 1)
        #expect(OverthinkroseVariation.meta("tiny words only", generator: &empty) == "")
    }

    @Test func synthesisNeedsTwoTextsAndReusesTheirSentences() {
        var rng = SeededGenerator(seed: 2)
        #expect(OverthinkroseVariation.synthesis(["Only one. Text."], generator: &rng) == "")
        let texts = ["Alpha one. Alpha two. Alpha three.", "Beta one! Beta two?", "Gamma one."]
        let all = Set(texts.flatMap(ProseSplit.sentences))
        let made = OverthinkroseVariation.synthesis(texts, generator: &rng)
        let sentences = ProseSplit.sentences(made)
        #expect(sentences.count == 5)  // 2 + 2 + 1
        #expect(sentences.allSatisfy(all.contains))
    }

    @Test func expandOnTwoShortProsesRunsTwoRings() async throws {
        let field = try FieldFixtures.freshField()
        try await field.addProse("Short prose one.")
        try await field.addProse("Short prose two.")
        var rng = SeededGenerator(seed: 5)
        let outcomes = try await Overthinkrose(field: field).expand(rings: 2, generator: &rng)
        #expect(outcomes.map(\.ring) == [.echo, .drift])
        // Rows are stored exactly for the outcomes above both thresholds.
        let stored = outcomes.filter { $0.proseID != nil }
        #expect(stored.allSatisfy { $0.coherence >= 0.35 && $0.density >= 0.3 })
        #expect(try await field.stats().totalProse == 2 + stored.count)
        #expect(try await field.trigramTotals().mentions == 2)  // bare rows add no trigrams
    }

    @Test func expandStoresPassingRingsAsBareRows() async throws {
        let field = try FieldFixtures.freshField()
        let texts = [
            Self.paragraph, "Language breathes through every speaker. Patterns emerge and dissolve.",
            "Thought becomes sound, sound becomes meaning. Meaning returns to silence.",
        ]
        for text in texts { try await field.addProse(text) }
        var rng = SeededGenerator(seed: 12)
        let outcomes = try await Overthinkrose(field: field).expand(generator: &rng)
        #expect(outcomes.map(\.ring) == OverthinkroseRing.allCases)
        let stored = outcomes.filter { $0.proseID != nil }
        #expect(!stored.isEmpty)
        for outcome in stored {
            let record = try #require(try await field.record(id: outcome.proseID!))
            #expect(record.addedBy == outcome.ring.addedBy)
            #expect(record.quality == outcome.coherence && record.semanticDensity == outcome.density)
            #expect(record.wordCount == nil && record.dissonance == 0.5 && record.temperature == 0.8)
            #expect(try await field.sentences(ofProse: outcome.proseID!).isEmpty)
        }
        // A second expand reads only non-Overthinkrose rows.
        let inputs = try await field.recentProse(limit: 5, excludingWritersWithPrefix: "overthinkrose_")
        #expect(Set(inputs.map(\.text)) == Set(texts))
        // Nothing to expand on an empty field.
        var other = SeededGenerator(seed: 1)
        #expect(try await Overthinkrose(field: try FieldFixtures.freshField()).expand(generator: &other).isEmpty)
    }
}
