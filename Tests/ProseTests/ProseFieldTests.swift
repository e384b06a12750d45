import HarmonixCore
import Testing

@testable import LlamaGGUF
@testable import Prose

/// Field behaviours of prose.md §4 (the original's test_harmonix), each on its own temporary database.
@Suite struct ProseFieldTests {
    @Test func schemaExistsAfterOpening() async throws {
        let field = try FieldFixtures.freshField()
        let tables = try await field.tableNames()
        #expect(tables.contains("prose"))
        #expect(tables.contains("prose_sentences"))
        #expect(tables.contains("prose_trigrams"))
    }

    @Test func emptyFieldStatsAreZero() async throws {
        let stats = try await FieldFixtures.freshField().stats()
        #expect(stats == ProseStats(totalProse: 0, averageQuality: 0, averageDissonance: 0, averageSemanticDensity: 0, trigramVocabulary: 0))
        #expect(stats.entries.map(\.key) == ["total_prose", "avg_quality", "avg_dissonance", "avg_semantic_density", "trigram_vocabulary"])
    }

    @Test func addProseReturnsIncreasingIdsAndCountsRows() async throws {
        let field = try FieldFixtures.freshField()
        var ids: [Int64] = []
        for i in 0..<5 { ids.append(try await field.addProse("Prose number \(i) speaks.")) }
        #expect(ids.allSatisfy { $0 > 0 })
        #expect(ids == ids.sorted() && Set(ids).count == 5)
        #expect(try await field.stats().totalProse == 5)
    }

    @Test func addProseStoresMetricsSentencesAndTrigramsTogether() async throws {
        let field = try FieldFixtures.freshField()
        let text = "Waves return. The shore listens!\n\nSilence answers"
        let id = try await field.addProse(text, quality: 0.7, dissonance: 0.81, temperature: 0.63, addedBy: "prose_cascade")
        let record = try #require(try await field.record(id: id))
        #expect(record.text == text)
        #expect(record.wordCount == 7 && record.sentenceCount == 3 && record.paragraphCount == 2)
        #expect(record.addedBy == "prose_cascade" && record.quality == 0.7 && record.temperature == 0.63)
        // meaningful: waves, return., shore, listens!, silence, answers (6 distinct) / 7 words
        #expect(record.semanticDensity == 6.0 / 7.0)
        let sentences = try await field.sentences(ofProse: id)
        #expect(sentences.map(\.number) == [0, 1, 2])
        #expect(sentences.map(\.text) == ["Waves return.", "The shore listens!", "Silence answers"])
        #expect(sentences.map(\.wordCount) == [2, 3, 2])
        // 7 words → 5 trigrams, lowercased, punctuation kept.
        #expect(try await field.trigramTotals() == (rows: 5, mentions: 5))
        #expect(try await field.trigramCount("the", "shore", "listens!") == 1)
    }

    @Test func emptyOutputIsStoredAsAnEmptyRow() async throws {
        let field = try FieldFixtures.freshField()
        let id = try await field.addProse("", quality: 0.5, dissonance: 0.808, temperature: 0.56, addedBy: "prose_organism")
        let record = try #require(try await field.record(id: id))
        #expect(record.text == "" && record.wordCount == 0 && record.semanticDensity == 0)
        #expect(try await field.sentences(ofProse: id).isEmpty)
    }

    @Test func trigramsUpsertAndDisturbancesOnlyTouchTrigrams() async throws {
        let field = try FieldFixtures.freshField()
        try await field.updateTrigrams("the quick brown fox")
        #expect(try await field.stats().trigramVocabulary == 2)
        try await field.updateTrigrams("The QUICK brown")
        #expect(try await field.trigramCount("the", "quick", "brown") == 2)
        try await field.addDisturbance("what is the nature of language?", source: "cascade_user")
        let stats = try await field.stats()
        #expect(stats.trigramVocabulary == 6)
        #expect(stats.totalProse == 0)
        try await field.addDisturbance("two words")
        #expect(try await field.trigramTotals() == (rows: 6, mentions: 7))
    }

    @Test func dissonanceOfDistinctWordsIsInRangeWithPulse() {
        let (d, pulse) = ProseDissonance.compute(input: "consciousness", prose: "awareness")
        #expect(d >= 0 && d <= 1)
        #expect(pulse.novelty == 1.0 && pulse.arousal == 0.0)
        #expect(ProseDissonance.temperature(for: 0.2, base: 0.8) > 0)
        #expect(ProseDissonance.temperature(for: 0.9, base: 0.8) > 0)
    }

    @Test func temperatureMapIsStrictAtItsThresholds() {
        #expect(ProseDissonance.temperature(for: 0.7, base: 0.9) == 0.9)
        #expect(ProseDissonance.temperature(for: 0.3, base: 0.9) == 0.9)
        #expect(ProseDissonance.temperature(for: 0.7000001, base: 0.8) == 0.8 * 0.7)
        #expect(ProseDissonance.temperature(for: 0.2999999, base: 0.8) == 0.8 * 1.2)
    }

    @Test func recentAndBestProse() async throws {
        let field = try FieldFixtures.freshField()
        try await field.addProse("Low one.", quality: 0.3)
        try await field.addProse("High one.", quality: 0.9)
        try await field.addProse("Target prose.", quality: 0.6)
        let recent = try await field.recentProse(limit: 2)
        #expect(recent.count == 2)
        #expect(recent[0].text.contains("Target"))
        let best = try await field.bestProse(limit: 2)
        #expect(best.map(\.quality) == [0.9, 0.6])
    }

    @Test func averageQualityOfTwoRows() async throws {
        let field = try FieldFixtures.freshField()
        try await field.addProse("First text here.", quality: 0.6)
        try await field.addProse("Second text here.", quality: 0.8)
        #expect(abs(try await field.stats().averageQuality - 0.7) < 1e-12)
    }

    @Test func everySeedModeGivesTextWithThreeProses() async throws {
        let field = try FieldFixtures.freshField()
        for text in ["Alpha speaks first.", "Beta answers second.", "Gamma closes third."] { try await field.addProse(text) }
        var rng = SeededGenerator(seed: 3)
        for mode in FieldSeedMode.allCases {
            let seed = try await field.fieldSeed(mode: mode, generator: &rng)
            #expect(!seed.text.isEmpty)
        }
    }
}
