import HarmonixCore
import Testing

@testable import LlamaGGUF
@testable import Prose

/// Golden values of prose.md §2.5 (measured with the original Python code) and the shipped
/// `prose.db` (its stored metrics were written by the original's `add_prose`).
@Suite struct ProseFieldGoldenTests {
    static func close(_ a: Double, _ b: Double, _ tolerance: Double = 1e-9) -> Bool { abs(a - b) <= tolerance }

    @Test func dissonanceGoldenValues() {
        var (d, p) = ProseDissonance.compute(input: "What is resonance?", prose: "")
        #expect(Self.close(d, 0.806))
        #expect(p == PulseSnapshot(novelty: 1.0, arousal: 1.0, entropy: 0.03))
        #expect(Self.close(ProseDissonance.temperature(for: d, base: 0.8), 0.56))
        #expect(Self.close(ProseDissonance.temperature(for: d, base: 0.9), 0.63))

        (d, p) = ProseDissonance.compute(input: "", prose: "")
        #expect(d == 0.5)
        #expect(p == PulseSnapshot(novelty: 1.0, arousal: 0.0, entropy: 0.0))
        #expect(ProseDissonance.temperature(for: d, base: 0.9) == 0.9)

        #expect(Self.close(ProseDissonance.compute(input: "tell me about resonance", prose: "").dissonance, 0.808))

        (d, p) = ProseDissonance.compute(input: "consciousness", prose: "awareness")
        #expect(Self.close(d, 0.504))
        #expect(p == PulseSnapshot(novelty: 1.0, arousal: 0.0, entropy: 0.02))

        (d, p) = ProseDissonance.compute(
            input: "What is resonance?",
            prose: "Resonance is the interplay between the sound, the words, and the message.")
        #expect(Self.close(d, 0.955333, 1e-6))
        #expect(Self.close(p.novelty, 2.0 / 3.0) && p.arousal == 2.0 && Self.close(p.entropy, 0.11))
    }

    @Test func cascadeCombinedInputWithTwentyFourUniqueWords() {
        // §2.5: user + 3 haiku lines + 2 sonnet lines, 24 unique words → 0.848. Any such text gives
        // 0.8 + 0.2·24/100; this one is written out with exactly 24 distinct lowercased words.
        let combined = "What is love?\nsilver rain falls down\nquiet river holds the moon\nmorning breaks\n"
            + "Shall I compare thee to summer's day,\nthou art lovely"
        #expect(Set(PythonText.words(PythonText.lower(combined))).count == 24)
        #expect(Self.close(ProseDissonance.compute(input: combined, prose: "").dissonance, 0.848))
    }

    @Test func semanticDensityExample() {
        #expect(SemanticDensity.of("The field resonates with patterns of meaning.") == 4.0 / 7.0)
        #expect(SemanticDensity.of("") == 0)
        // "its" is a field stopword but not an Overthinkrose one.
        #expect(SemanticDensity.of("its way", stopwords: SemanticDensity.fieldStopwords) == 0.5)
        #expect(SemanticDensity.of("its way", stopwords: SemanticDensity.overthinkroseStopwords) == 1.0)
    }

    @Test func statsOfTheShippedField() async throws {
        let (field, _) = try FieldFixtures.shippedFieldCopy()
        let stats = try await field.stats()
        #expect(stats.totalProse == 8)
        #expect(Self.close(stats.averageQuality, 0.65625))
        #expect(Self.close(stats.averageDissonance, 1.0164167, 1e-7))
        #expect(Self.close(stats.averageSemanticDensity, 0.52395, 1e-5))
        #expect(stats.trigramVocabulary == 102)
    }

    @Test func recomputedMetricsEqualTheShippedRows() async throws {
        let (field, _) = try FieldFixtures.shippedFieldCopy()
        for id in Int64(1)...8 {
            let row = try #require(try await field.record(id: id))
            let metrics = ProseMetrics(of: row.text)
            #expect(metrics.wordCount == row.wordCount, "word_count of row \(id)")
            #expect(metrics.sentenceCount == row.sentenceCount, "sentence_count of row \(id)")
            #expect(metrics.paragraphCount == row.paragraphCount, "paragraph_count of row \(id)")
            #expect(Self.close(SemanticDensity.of(row.text), row.semanticDensity ?? -1), "density of row \(id)")
            let stored = try await field.sentences(ofProse: id)
            #expect(stored.map(\.text) == ProseSplit.sentences(row.text), "sentences of row \(id)")
            #expect(stored.map(\.wordCount) == stored.map { PythonText.words($0.text).count })
        }
    }

    @Test func seedsOnTheShippedField() async throws {
        let (field, _) = try FieldFixtures.shippedFieldCopy()
        var rng = SeededGenerator(seed: 11)
        let recent = try await field.fieldSeed(mode: .recent, generator: &rng)
        #expect(recent == FieldSeed(text: "The field resonates.", mode: .recent, source: .recentDefault))
        let trigram = try await field.fieldSeed(mode: .trigram, generator: &rng)
        #expect(trigram.text == "The field resonates." && trigram.source == .recentDefault)
        var stored: [String] = []
        for id in Int64(1)...8 { stored += try await field.sentences(ofProse: id).map(\.text) }
        #expect(stored.count == 9)
        for _ in 0..<20 {
            let random = try await field.fieldSeed(mode: .random, generator: &rng)
            #expect(stored.contains(random.text) && random.source == .random)
        }
    }
}
