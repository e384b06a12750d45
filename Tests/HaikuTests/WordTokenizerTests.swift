import HarmonixCore
import Testing
@testable import Haiku

/// test_tokenizer.py, regex mode (the SentencePiece tests do not apply: regex is the product's mode).
@Suite struct WordTokenizerTests {
    @Test func splitsWords() {
        #expect(WordTokenizer.tokens("hello world") == ["hello", "world"])
    }

    @Test func stripsPunctuation() {
        #expect(WordTokenizer.tokens("Hello, world! How are you?") == ["hello", "world", "how", "are", "you"])
        #expect(WordTokenizer.tokens("asdfjkl;") == ["asdfjkl"])
    }

    @Test func lowercases() {
        #expect(WordTokenizer.tokens("Hello WORLD") == ["hello", "world"])
    }

    @Test func apostrophesAndDigitsFollowPythonWordCharacters() {
        #expect(WordTokenizer.tokens("Hello, WORLD! it's 2025") == ["hello", "world", "it", "s", "2025"])
        #expect(WordTokenizer.tokens("snake_case naïve Ünïcode") == ["snake_case", "naïve", "ünïcode"])
    }

    @Test func sixWordsGiveFourTrigrams() {
        #expect(WordTokenizer.trigrams("one two three four five six") == [
            tri("one", "two", "three"), tri("two", "three", "four"), tri("three", "four", "five"),
            tri("four", "five", "six"),
        ])
    }

    @Test func twoWordsGiveNoTrigrams() {
        #expect(WordTokenizer.trigrams("hello world").isEmpty)
    }

    @Test func threeWordsGiveOneTrigram() {
        #expect(WordTokenizer.trigrams("what is resonance") == [tri("what", "is", "resonance")])
    }

    @Test func dualEqualsTheSeparateCalls() {
        let text = "The cloud remembers every word"
        let dual = WordTokenizer.dual(text)
        #expect(dual.tokens == WordTokenizer.tokens(text))
        #expect(dual.trigrams == WordTokenizer.trigrams(text))
        #expect(dual.trigrams.allSatisfy { $0.words.count == 3 })
    }

    @Test func emptyTextGivesNothing() {
        #expect(WordTokenizer.tokens("").isEmpty)
        #expect(WordTokenizer.trigrams("").isEmpty)
        #expect(WordTokenizer.tokens("???").isEmpty)
    }
}
