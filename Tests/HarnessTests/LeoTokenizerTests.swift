import Testing
@testable import Harness

/// `tok_py` (metrics.md §1.2) against Python itself. Expected lists produced by the spec's
/// definition run in CPython 3:
/// `python3 -c 'tok_py=lambda t:[w.lower().strip(".,!?;:\"-()") for w in t.split() if len(w)>2]; print(tok_py(CASE))'`
@Suite struct LeoTokenizerTests {

    @Test(arguments: [
        ("me? it. Hi, ...", ["me", "it", "hi", ""]),
        ("don\u{2019}t don't Leo's word\u{2014}word", ["don\u{2019}t", "don't", "leo's", "word\u{2014}word"]),
        ("a an the (a) ab [word] 'quoted' *bold*", ["the", "a", "[word]", "'quoted'", "*bold*"]),
        ("tab\there\n\nnew\u{00A0}nbsp\u{3000}ideo\u{1C}info\u{200B}zero",
         ["tab", "here", "new", "nbsp", "ideo", "info\u{200B}zero"]),
        ("?!. -- \"Quote\"", ["", "quote"]),
    ])
    func pythonTokensMatchCPython(text: String, expected: [String]) {
        #expect(LeoTokenizer.pythonTokens(text) == expected)
    }

    /// Length counts Unicode scalars on the raw token: a decomposed "é" (e + U+0301) makes "éx" 3
    /// scalars long (kept), the precomposed one 2 (dropped). CPython: ['éx', 'école'].
    @Test func lengthCountsScalarsAndLowercasingIsUnicode() {
        let tokens = LeoTokenizer.pythonTokens("e\u{301}x \u{E9}x \u{C9}COLE")
        #expect(tokens.map { Array($0.unicodeScalars) } == [Array("e\u{301}x".unicodeScalars), Array("\u{E9}cole".unicodeScalars)])
    }

    /// Python's `str.lower()` applies the Final_Sigma rule; Swift's `lowercased()` does not.
    /// CPython: 'ΟΔΟΣ'→'οδος', 'ΣΑΣ.'→'σας.', 'Σ'→'σ', "ΑΣ'Β"→"ασ'β", 'ΑΣ.Β'→'ασ.β', 'ΑΣ-'→'ας-',
    /// 'İSTANBUL'→'i̇stanbul', 'ẞIG'→'ßig'.
    @Test(arguments: [
        ("\u{39F}\u{394}\u{39F}\u{3A3}", "\u{3BF}\u{3B4}\u{3BF}\u{3C2}"),
        ("\u{3A3}\u{391}\u{3A3}.", "\u{3C3}\u{3B1}\u{3C2}."),
        ("\u{3A3}", "\u{3C3}"),
        ("\u{391}\u{3A3}'\u{392}", "\u{3B1}\u{3C3}'\u{3B2}"),
        ("\u{391}\u{3A3}.\u{392}", "\u{3B1}\u{3C3}.\u{3B2}"),
        ("\u{391}\u{3A3}-", "\u{3B1}\u{3C2}-"),
        ("\u{130}STANBUL", "i\u{307}stanbul"),
        ("\u{1E9E}IG", "\u{DF}ig"),
    ])
    func lowercasingFollowsPython(raw: String, lowered: String) {
        #expect(Array(LeoTokenizer.pythonLowercased(raw).unicodeScalars) == Array(lowered.unicodeScalars))
    }

    /// Python compares code points, so precomposed and decomposed "café" are different words —
    /// Swift's `==` would merge them; the metric must not.
    @Test func tokensCompareByScalarsNotCanonicalEquivalence() {
        let value = ExternalVocab.score(prompt: "caf\u{E9} time", reply: "cafe\u{301}", variant: .v3)
        #expect(value == 0)
        let same = ExternalVocab.score(prompt: "caf\u{E9} time", reply: "caf\u{E9}", variant: .v3)
        #expect(same == 1)
    }

    /// C Leo's V5 words: ASCII letter/apostrophe runs, lowercased, ≥ 3 bytes, minus function and
    /// stop words (metrics.md §1.3); any non-ASCII byte separates.
    @Test(arguments: [
        ("The river's song", ["river's", "song"]),
        ("Hello, WORLD!! it's", ["hello", "world", "it's"]),
        ("na\u{EF}ve caf\u{E9}", ["caf"]),
        ("about tell yes you your which whom itself", [String]()),
        ("don\u{2019}t stop", ["don", "stop"]),
    ])
    func contentWords(text: String, expected: [String]) {
        #expect(LeoTokenizer.contentWords(text) == expected)
    }
}
