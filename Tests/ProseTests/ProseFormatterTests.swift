import Testing

@testable import LlamaGGUF
@testable import Prose

/// `ProseFormatter` (prose.md §2.3 and the formatter behaviours of §4).
@Suite struct ProseFormatterTests {
    @Test func defaultsAndCustomLimits() {
        let standard = ProseFormatter()
        #expect(standard.minWords == 20 && standard.maxWords == 1000)
        let custom = ProseFormatter(minWords: 10, maxWords: 500)
        #expect(custom.minWords == 10 && custom.maxWords == 500)
    }

    @Test func cleanMatchesMeasuredExamplesIncludingRegexQuirks() {
        let formatter = ProseFormatter()
        // prose.md §2.3 [MEASURED]
        #expect(formatter.clean("  hello , world !  how are   you?fine\n\n\n\nok ") == "hello, world! how are you? fine\n\nok")
        #expect(formatter.clean("pi is 3.5 ok") == "pi is 3. 5 ok")
        #expect(formatter.clean("wait...x now") == "wait. .. x now")
        // CPython with the same five substitutions and the line strip (see ProseFormatterSplitTests):
        #expect(formatter.clean("a\t,b \r\n ;c\u{A0}.\n\n\n\nd  e") == "a, b; c.\n\nd e")
        #expect(formatter.clean("x ,\n\n\n, y") == "x, , y")
    }

    @Test func cleanStripsAndAttachesPunctuation() {
        let cleaned = ProseFormatter().clean("  hello , world !  ")
        #expect(cleaned.contains("hello,"))
        #expect(cleaned.contains("world!"))
        #expect(cleaned == "hello, world!")
    }

    @Test func metricsCountWordsSentencesParagraphs() {
        let m = ProseFormatter().metrics("One two three. Four five!\n\nSix seven")
        #expect(m.wordCount == 7)
        #expect(m.sentenceCount == 3)
        #expect(m.paragraphCount == 2)
        #expect(m.averageSentenceLength == 7.0 / 3.0)
        #expect(m.averageParagraphLength == 3.5)
        let empty = ProseFormatter().metrics("")
        #expect(empty.wordCount == 0 && empty.averageSentenceLength == 0 && empty.averageParagraphLength == 0)
    }

    @Test func validateAppliesRulesInOrder() {
        let formatter = ProseFormatter(minWords: 5)
        #expect(formatter.validate("This is a test with enough words here.") == .valid)
        #expect(formatter.validate("Too short") == .tooShort(words: 2, minimum: 5))
        #expect(ProseFormatter(minWords: 1, maxWords: 3).validate("one two three four.") == .tooLong(words: 4, maximum: 3))
        #expect(formatter.validate("     ") == .tooShort(words: 0, minimum: 5))
        // Twelve words; lowercased types {echo, echo., field, field.} → 4/12 < 0.4.
        #expect(
            formatter.validate("Echo echo ECHO echo. echo echo field field. echo echo echo echo.")
                == .tooRepetitive(uniqueRatio: 4.0 / 12.0))
        #expect(formatter.validate("Too short").description.hasPrefix("Too short"))
    }

    @Test func formatReturnsCleanTextOrNil() {
        let formatter = ProseFormatter(minWords: 5)
        let sentence = "The field resonates with patterns of meaning , and every word leaves a trace behind it ."
        let formatted = formatter.format(sentence)
        #expect(formatted == "The field resonates with patterns of meaning, and every word leaves a trace behind it.")
        #expect(formatter.format("") == nil)
        let withMetrics = formatter.formatWithMetrics(sentence)
        #expect(withMetrics?.metrics.wordCount == 15)
        #expect(withMetrics?.metrics.sentenceCount == 1)
    }
}
