import Foundation
import HarmonixCore
import Testing
@testable import NanoGPTEngine
@testable import Sonnet

/// Field behaviours of sonnet.md §6 C, each on its own temporary database.
@Suite("SonnetField")
struct SonnetFieldTests {
    static func fourteenLines(_ word: String = "Line") -> String {
        (1...14).map { "\(word) \($0) of the sonnet here" }.joined(separator: "\n")
    }

    @Test("opening creates the file and the four tables")
    func schema() async throws {
        let path = Fixtures.temporaryDatabasePath()
        let field = try SonnetField(path: path)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try await field.tableNames() == ["sonnets", "sonnet_lines", "sonnet_trigrams", "metrics"])
    }

    @Test("add_sonnet stores the row exactly, 14 lines and the trigrams")
    func addSonnet() async throws {
        let field = try SonnetField(path: Fixtures.temporaryDatabasePath())
        let text = Self.fourteenLines()
        let id = try await field.addSonnet(text, quality: 0.75, dissonance: 0.6, temperature: 0.9, addedBy: "test")
        #expect(id > 0)
        let row = try #require(try await field.sonnetRow(id: id))
        #expect(row.quality == 0.75 && row.dissonance == 0.6 && row.temperature == 0.9 && row.addedBy == "test")
        #expect(row.text == text)
        #expect(row.wordCount == 14 * 6 && row.lineCount == 14)
        #expect(try await field.lineNumbersBySonnet()[id] == Array(1...14))
        // 84 words → 82 trigrams; "of the sonnet" recurs 14 times.
        #expect(try await field.trigramCount(Trigram("of", "the", "sonnet")) == 14)
        #expect(try await field.trigramCount(Trigram("line", "1", "of")) == 1)
        for i in 2...5 { _ = try await field.addSonnet("Sonnet \(i)\n" + text) }
        #expect(try await field.stats().sonnetCount == 5)
    }

    @Test("add_sonnet of empty text stores a row with one empty line")
    func addEmpty() async throws {
        let field = try SonnetField(path: Fixtures.temporaryDatabasePath())
        let id = try await field.addSonnet("")
        #expect(id > 0)
        #expect(try await field.lineNumbersBySonnet()[id] == [1])
        #expect(try await field.sonnetRow(id: id)?.wordCount == 0)
        #expect(try await field.trigramRowCount() == 0)
    }

    @Test("update_trigrams: distinct rows, repeated counts, vocab_size")
    func updateTrigrams() async throws {
        let field = try SonnetField(path: Fixtures.temporaryDatabasePath())
        try await field.updateTrigrams([Trigram("a", "b", "c"), Trigram("d", "e", "f")])
        #expect(try await field.trigramRowCount() == 2)
        try await field.updateTrigrams([Trigram("a", "b", "c")])
        #expect(try await field.trigramCount(Trigram("a", "b", "c")) == 2)
        try await field.updateTrigrams([Trigram("g", "h", "i")])
        #expect(try await field.stats().vocabSize == 3)   // word1 ∈ {a, d, g}
    }

    @Test("dissonance on an empty cloud, after adding, and the neutral cases")
    func dissonance() async throws {
        let field = try SonnetField(path: Fixtures.temporaryDatabasePath())
        let sonnet = Self.fourteenLines()
        let (d0, p0) = try await field.computeDissonance(userInput: "Tell me of love", sonnet: sonnet)
        #expect(p0.novelty == 1.0 && d0 > 0.6 && d0 <= 1)
        try await field.addSonnet(sonnet)
        let (d1, p1) = try await field.computeDissonance(userInput: "Tell me of love", sonnet: Self.fourteenLines("Verse"))
        #expect(p1.novelty < 1 && d1 < 0.9 && d1 >= 0)
        let emptyUser = try await field.computeDissonance(userInput: "", sonnet: sonnet)
        #expect(emptyUser.dissonance == 0.5 && emptyUser.pulse == Pulse())
        let emptySonnet = try await field.computeDissonance(userInput: "hello", sonnet: "   ")
        #expect(emptySonnet.dissonance == 0.5 && emptySonnet.pulse == Pulse())
    }

    @Test("'the' against 'the'×14 on an empty cloud gives exactly 0.7")
    func theVersusThe() async throws {
        let field = try SonnetField(path: Fixtures.temporaryDatabasePath())
        let (d, pulse) = try await field.computeDissonance(userInput: "the", sonnet: String(repeating: "the\n", count: 14))
        #expect(abs(d - 0.7) < 1e-12)
        #expect(pulse.arousal == 13 && pulse.novelty == 1)
    }

    @Test("worked values: the Hamlet sonnet vs 'What is love and death?' before and after adding it")
    func workedValues() async throws {
        let field = try SonnetField(path: Fixtures.temporaryDatabasePath())
        let user = "What is love and death?"
        let (d0, p0) = try await field.computeDissonance(userInput: user, sonnet: Fixtures.hamletSonnet)
        // sonnet.md §3.3 / cascade.md §3.4: 0.98929, pulse (1.0, 23.0, 1.0).
        #expect(abs(d0 - 0.98929) < 5e-6)
        #expect(p0 == Pulse(novelty: 1.0, arousal: 23.0, entropy: 1.0))
        let temps = SonnetField.adjustTemperature(d0)
        #expect(temps.sonnet == 1.0 && abs(temps.harmonix - 0.99464) < 5e-6)
        try await field.addSonnet(Fixtures.hamletSonnet, quality: 0.8, dissonance: d0, temperature: temps.sonnet, addedBy: "test")
        let (d1, p1) = try await field.computeDissonance(userInput: user, sonnet: Fixtures.hamletSonnet)
        #expect(abs(d1 - 0.28929) < 5e-6)
        #expect(p1.novelty == 0)
        #expect(try await field.stats().vocabSize == 81)
    }

    @Test("similar sonnets: dissonance does not rise; a text's own novelty does not increase once added")
    func similarSonnets() async throws {
        let field = try SonnetField(path: Fixtures.temporaryDatabasePath())
        var values: [Double] = []
        for i in 0..<5 {
            let s = Self.fourteenLines() + "\nAnd one more thought \(i)"
            let (d, _) = try await field.computeDissonance(userInput: "What is the sonnet", sonnet: s)
            values.append(d)
            #expect((0...1).contains(d))
            try await field.addSonnet(s)
        }
        #expect(values.last! <= values.first! + 0.05)
        let text = "Brand new words appear here tonight\n" + Self.fourteenLines("Fresh")
        let before = try await field.computeDissonance(userInput: "words", sonnet: text).pulse.novelty
        try await field.addSonnet(text)
        let after = try await field.computeDissonance(userInput: "words", sonnet: text).pulse.novelty
        #expect(after <= before && after == 0)
    }

    @Test("pulse ranges; 3 user words vs 120 sonnet words → arousal > 10")
    func pulse() async throws {
        let field = try SonnetField(path: Fixtures.temporaryDatabasePath())
        let (_, p) = try await field.computeDissonance(userInput: "love and death", sonnet: Fixtures.hamletSonnet)
        #expect((0...1).contains(p.novelty) && p.arousal >= 0 && p.entropy >= 0)
        #expect(abs(p.arousal - 39.0) < 1e-12)    // |3 − 120| / 3
    }

    @Test("adjust_temperature: the three bands and the harmonix line")
    func adjustTemperature() {
        #expect(SonnetField.adjustTemperature(0.2).sonnet == 0.6)
        #expect(SonnetField.adjustTemperature(0.9).sonnet == 1.0)
        #expect(SonnetField.adjustTemperature(0.5).sonnet == 0.8)
        let low = SonnetField.adjustTemperature(0.0), high = SonnetField.adjustTemperature(1.0)
        #expect(low.sonnet == 0.6 && low.harmonix == 0.5)
        #expect(high.sonnet == 1.0 && high.harmonix == 1.0)
        #expect(SonnetField.adjustTemperature(0.3).sonnet == 0.8)   // boundaries: d < 0.3, d < 0.7
        #expect(SonnetField.adjustTemperature(0.7).sonnet == 1.0)
    }

    @Test("recent sonnets newest first; best sonnets by quality")
    func recentAndBest() async throws {
        let field = try SonnetField(path: Fixtures.temporaryDatabasePath())
        #expect(try await field.recentSonnets(limit: 3).isEmpty)
        for (i, q) in [0.5, 0.8, 0.6, 0.9, 0.7].enumerated() {
            try await field.addSonnet("Sonnet \(i)", quality: q)
        }
        let recent = try await field.recentSonnets(limit: 3)
        #expect(recent.map(\.text) == ["Sonnet 4", "Sonnet 3", "Sonnet 2"])
        let best = try await field.bestSonnets(limit: 10, minQuality: 0.7)
        #expect(best.map(\.quality) == [0.9, 0.8, 0.7])

        let flat = try SonnetField(path: Fixtures.temporaryDatabasePath())
        for i in 0..<3 { try await flat.addSonnet("Plain \(i)", quality: 0.5) }
        #expect(try await flat.bestSonnets(limit: 10, minQuality: 0.8).isEmpty)
    }

    @Test("stats: empty, three sonnets, vocab growth")
    func stats() async throws {
        let field = try SonnetField(path: Fixtures.temporaryDatabasePath())
        #expect(try await field.stats() == FieldStats(sonnetCount: 0, averageQuality: 0, averageDissonance: 0, vocabSize: 0))
        for (q, d) in [(0.6, 0.5), (0.7, 0.6), (0.8, 0.7)] {
            try await field.addSonnet(Self.fourteenLines(), quality: q, dissonance: d)
        }
        let s = try await field.stats()
        #expect(s.sonnetCount == 3 && abs(s.averageQuality - 0.7) < 1e-12 && abs(s.averageDissonance - 0.6) < 1e-12)
        #expect(s.vocabSize > 0)
        try await field.addSonnet("Entirely unseen vocabulary arrives now quickly")
        #expect(try await field.stats().vocabSize > s.vocabSize)
    }

    @Test("persistence: a second instance sees the rows; reopening keeps them")
    func persistence() async throws {
        let path = Fixtures.temporaryDatabasePath()
        do {
            let first = try SonnetField(path: path)
            try await first.addSonnet(Self.fourteenLines(), quality: 0.8)
            let second = try SonnetField(path: path)
            #expect(try await second.stats().sonnetCount == 1)
            try await first.addSonnet("Second one here", quality: 0.8)
            try await first.addSonnet("Third one here", quality: 0.8)
        }
        let reopened = try SonnetField(path: path)
        let s = try await reopened.stats()
        #expect(s.sonnetCount == 3 && abs(s.averageQuality - 0.8) < 1e-12)
    }

    @Test("absorb: the meta sentence's trigrams enter the cloud")
    func absorb() async throws {
        let field = try SonnetField(path: Fixtures.temporaryDatabasePath())
        #expect(try await field.absorb("High of liberter") == 1)
        #expect(try await field.trigramCount(Trigram("high", "of", "liberter")) == 1)
        #expect(try await field.absorb("resonance unbroken") == 0)
        #expect(try await field.cloudVocabulary() == ["high", "of", "liberter"])
    }
}
