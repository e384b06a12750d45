import HarmonixCore
import Testing

@testable import LlamaGGUF
@testable import Prose

/// The text primitives of prose.md §2.2 with Python semantics. Expected values were produced with
/// CPython 3 (`re.split(r'([.!?]+)\s+', s)`, `str.split()`, `str.lower()`, …) and are written out here.
@Suite struct ProseFormatterSplitTests {
    @Test func wordsSplitOnPythonWhitespaceOnly() {
        // python3 -c "print('a\x1cb\u200bc\xa0d\r\ne'.split())" → ['a', 'b\u200bc', 'd', 'e']
        #expect(PythonText.words("a\u{1C}b\u{200B}c\u{A0}d\r\ne") == ["a", "b\u{200B}c", "d", "e"])
        #expect(PythonText.words("  resonance?  is\tit ") == ["resonance?", "is", "it"])
        #expect(PythonText.words(" \n\t ").isEmpty)
    }

    @Test func stripRemovesPythonWhitespace() {
        #expect(PythonText.strip("\u{85}\r\n text \u{3000}") == "text")
        #expect(PythonText.strip("   ") == "")
        #expect(PythonText.strip("\u{200B}x") == "\u{200B}x")  // zero-width space is not whitespace
    }

    @Test func lowerFollowsPythonIncludingFinalSigma() {
        // python3 -c "print('ΣΑΣ ΟΔΟΣ. Σ'.lower(), len('İx'.lower()))" → σας οδος. σ 3
        #expect(PythonText.lower("ΣΑΣ ΟΔΟΣ. Σ") == "σας οδος. σ")
        #expect(PythonText.length(PythonText.lower("İx")) == 3)
        #expect(PythonText.lower("What IS Resonance?") == "what is resonance?")
    }

    @Test func capitalizeAndIsAlpha() {
        #expect(PythonText.capitalize("love") == "Love")
        #expect(PythonText.capitalize("ǆemal") == "ǅemal")  // titlecase, as Python 3.8+
        #expect(PythonText.isAlpha("résonance"))
        #expect(!PythonText.isAlpha("don't"))
        #expect(!PythonText.isAlpha(""))
    }

    @Test func splitKeepingTerminatorsMatchesReSplit() {
        // re.split(r'([.!?]+)\s+', 'Wait... what?! Yes.\u2003No\x1cway. End.')
        #expect(
            ProseSplit.splitKeepingTerminators("Wait... what?! Yes.\u{2003}No\u{1C}way. End.")
                == ["Wait", "...", "what", "?!", "Yes", ".", "No\u{1C}way", ".", "End."])
        // re.split(r'([.!?]+)\s+', 'a.\x1cb. \x85c.\u200bd') → ['a', '.', 'b', '.', 'c.\u200bd']
        #expect(ProseSplit.splitKeepingTerminators("a.\u{1C}b. \u{85}c.\u{200B}d") == ["a", ".", "b", ".", "c.\u{200B}d"])
        #expect(ProseSplit.splitKeepingTerminators("") == [""])
    }

    @Test func formatterSentencesMatchTheSpecExample() {
        // prose.md §2.2 [MEASURED]
        #expect(
            ProseSplit.sentences("Hello world. This is it!  And more?no space. Last one")
                == ["Hello world.", "This is it!", "And more?no space.", "Last one"])
        #expect(ProseSplit.sentences("a.b. c") == ["a.b.", "c"])
        #expect(ProseSplit.sentences("Ends with space. ") == ["Ends with space."])
        #expect(ProseSplit.sentences("   ").isEmpty)
    }

    @Test func terminatorFragmentsAndParagraphs() {
        // re.split(r'[.!?]+', 'A. b!? c...') → ['A', ' b', ' c', '']
        #expect(ProseSplit.splitOnTerminators("A. b!? c...") == ["A", " b", " c", ""])
        #expect(ProseSplit.fragments("A. b!? c...") == ["A", "b", "c"])
        // re.split(r'\n\n+', 'a\n\n\nb\n\nc\n') → ['a', 'b', 'c\n']
        #expect(ProseSplit.splitParagraphsRaw("a\n\n\nb\n\nc\n") == ["a", "b", "c\n"])
        #expect(ProseSplit.paragraphs("a\n\n\nb\n\n  \n\nc\n") == ["a", "b", "c"])
    }
}
