import Testing
import HarmonixCore
@testable import Cascade

@Suite struct MetaSentenceTests {
    @Test func alphaWordsDropTokensWithPunctuation() {
        #expect(CombinedField.alphaWords("Tears, fall\nand Father's EYES 42 rain.") == ["fall", "and", "eyes"])
    }

    @Test func fewerThanThreeWordsIsUnbroken() {
        var field = CombinedField()
        field.absorb("river stone")
        var rng = SeededGenerator(seed: 1)
        #expect(MetaSentence.compose(from: field, rng: &rng) == "resonance unbroken")
    }

    @Test func sentenceHasThreeToFiveDistinctFieldWordsCapitalisedFirst() {
        var field = CombinedField()
        field.absorb("river stone light echo field night wave river")
        #expect(field.count == 7)
        var lengths = Set<Int>()
        for seed in 0..<200 as Range<UInt64> {
            var rng = SeededGenerator(seed: seed)
            let sentence = MetaSentence.compose(from: field, rng: &rng)
            let words = sentence.split(separator: " ").map { $0.lowercased() }
            lengths.insert(words.count)
            #expect(Set(words).count == words.count)
            #expect(words.allSatisfy { field.words.contains($0) })
            #expect(sentence.first!.isUppercase)
            #expect(sentence.dropFirst() == sentence.lowercased().dropFirst())
        }
        #expect(lengths == [3, 4, 5])
    }

    @Test func exactlyThreeWordsGivesAllThree() {
        var field = CombinedField()
        field.absorb("a b c")
        var rng = SeededGenerator(seed: 9)
        let words = MetaSentence.compose(from: field, rng: &rng).lowercased().split(separator: " ")
        #expect(Set(words) == ["a", "b", "c"])
    }
}
