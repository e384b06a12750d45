import HarmonixCore
import Testing
@testable import Haiku

/// test_haiku.py (seed list, generator, chain) and the extra behaviours of haiku.md §6.
@Suite struct HaikuGeneratorTests {
    @Test func seedListShape() throws {
        let seeds = try Fixtures.seedWords()
        #expect(seeds.count == 587)
        #expect(Set(seeds).count == 576)
        let lowercase = seeds.filter { $0 == $0.lowercased() }.count
        #expect(Double(lowercase) / Double(seeds.count) >= 0.95)
        #expect(seeds.contains("I"))
    }

    @Test func missingSeedFileNamesThePath() {
        #expect(throws: HaikuError.seedWordsUnreadable(path: "/nonexistent/seeds.txt", reason: "no such file")) {
            try SeedWords.read(path: "/nonexistent/seeds.txt")
        }
    }

    /// The full list gives 584 keys and 585 transitions; the only branching key is ("many", "few").
    @Test func seedChainHas584KeysAnd585Transitions() throws {
        let gen = HaikuGenerator(seedWords: try Fixtures.seedWords())
        #expect(gen.chain.keyCount == 584)
        #expect(gen.chain.transitionCount == 585)
        #expect(gen.vocabCount == 576)
        let branching = gen.chainRows().filter { row in
            gen.chainRows().filter { $0.first == row.first && $0.second == row.second }.count > 1
        }
        #expect(branching == [
            ChainRow(first: "many", second: "few", next: "all", count: 1),
            ChainRow(first: "many", second: "few", next: "very", count: 1),
        ])
    }

    @Test func vocabFromASubset() throws {
        let seeds = Array(try Fixtures.seedWords().prefix(100))
        let gen = HaikuGenerator(seedWords: seeds)
        #expect(gen.vocabCount >= 90 && gen.vocabCount <= 100)
        #expect(gen.vocabCount == Set(seeds).count)
    }

    @Test func updateChainAddsKeysVocabAndKeepsTenRecent() throws {
        var gen = HaikuGenerator(seedWords: try Fixtures.seedWords())
        let keysBefore = gen.chain.keyCount
        gen.updateChain([tri("new", "test", "words")])
        #expect(gen.chain.keyCount == keysBefore + 1)
        #expect(gen.contains("new") && gen.contains("test"))
        #expect(gen.transitionCount("new", "test", "words") == 1)
        gen.updateChain((0..<15).map { tri("w\($0)", "x", "y") })
        #expect(gen.recentTrigrams.count == 10)
        #expect(gen.recentTrigrams.last == tri("w14", "x", "y"))
        #expect(gen.recentTrigrams.first == tri("w5", "x", "y"))
    }

    @Test func candidatesHaveThreeLines() throws {
        let gen = HaikuGenerator(seedWords: try Fixtures.seedWords())
        var rng = SeededGenerator(seed: 3)
        let cands = gen.generateCandidates(count: 3, temperature: 1.0, rng: &rng)
        #expect(cands.count == 3)
        for c in cands { #expect(c.text.split(separator: "\n", omittingEmptySubsequences: false).count == 3) }
    }

    /// Exact 5-7-5: a line whose first word fits the target and starts a chain key always ends at
    /// exactly the target; a first word over the target stays alone. (A first word that starts no
    /// key takes the unchecked fallback, which may overshoot: haiku.md §2.4.)
    @Test func linesAreExactWheneverTheFirstWordFits() throws {
        let gen = HaikuGenerator(seedWords: try Fixtures.seedWords())
        var rng = SeededGenerator(seed: 11)
        var checked = 0, overlong = 0
        for _ in 0..<3000 {
            for target in [5, 7] {
                let line = gen.generateLine(target: target, temperature: 1.0, rng: &rng)
                let first = line[0]
                let firstSyl = gen.lexicon.syllableCount(first)
                let total = line.reduce(0) { $0 + gen.lexicon.syllableCount($1) }
                if firstSyl > target {
                    #expect(line.count == 1)
                    overlong += 1
                } else if gen.chain.firstKeySecond(startingWith: first) != nil {
                    #expect(total == target, "line \(line.map { gen.lexicon.word($0) }) has \(total) syllables")
                    checked += 1
                }
            }
        }
        #expect(checked > 5000)
    }

    /// The one-word step appends the successor of the first key, skipping its second word.
    @Test func oneWordStepSkipsTheKeysSecondWord() {
        // Chain from the list: (sour, salty) → bland; "sour" (1) then the step must append "bland".
        let seeds = ["sour", "salty", "bland", "old", "current", "x"]
        let gen = HaikuGenerator(seedWords: seeds)
        var rng = SeededGenerator(seed: 1)
        for _ in 0..<200 {
            let line = gen.generateLine(target: 5, temperature: 1.0, rng: &rng).map { gen.lexicon.word($0) }
            if line[0] == "sour" && line.count > 1 {
                #expect(line[1] == "bland")
                return
            }
        }
        Issue.record("no line started with 'sour' in 200 draws")
    }

    @Test func sameSeedSameCandidates() throws {
        let gen = HaikuGenerator(seedWords: try Fixtures.seedWords())
        var a = SeededGenerator(seed: 99), b = SeededGenerator(seed: 99)
        #expect(gen.generateCandidates(count: 5, temperature: 0.8, rng: &a)
                == gen.generateCandidates(count: 5, temperature: 0.8, rng: &b))
    }

    /// Reloading from saved rows rebuilds the same chain (order included) and vocab.
    @Test func chainRoundTripsThroughRows() throws {
        var gen = HaikuGenerator(seedWords: try Fixtures.seedWords())
        gen.updateChain([tri("what", "is", "resonance"), tri("is", "resonance", "zzz")])
        let reloaded = HaikuGenerator(seedWords: try Fixtures.seedWords(), savedRows: gen.chainRows(),
                                      savedRecent: gen.recentTrigrams)
        #expect(reloaded.chainRows() == gen.chainRows())
        #expect(reloaded.recentTrigrams == gen.recentTrigrams)
        #expect(reloaded.vocabCount == gen.vocabCount)
        #expect(reloaded.contains("zzz"))
    }
}
