import HarmonixCore

/// The two tokenizers behind `external_vocab`: Python Leo's `tok_py` (V1–V4) and C Leo's
/// content-word splitter (V5), ported bit for bit so the logged Leo figures reproduce exactly.
///
/// ```swift
/// LeoTokenizer.pythonTokens("Hi, me? ... Leo's")   // ["hi", "me", "", "leo's"]
/// LeoTokenizer.contentWords("The river's song")     // ["river's", "song"]
/// ```
///
/// Tokens are compared by Unicode scalars, as Python compares `str`, never by Swift's canonical
/// equivalence (which would merge a precomposed "é" with "e" + combining accent).
public enum LeoTokenizer {

    /// `tok_py` of `metrics.md` §1.2: split on Python whitespace (runs collapsed), keep a raw token
    /// only if it has more than 2 Unicode scalars, then lowercase it (Python's `str.lower()`) and
    /// strip `. , ! ? ; : " - ( )` from both ends. A token made only of strip characters (`...`)
    /// becomes the empty string, which is kept: two texts that both hold one share the token `""`.
    public static func pythonTokens(_ text: String) -> [String] {
        // The length test runs on the raw token, before lowercasing and stripping.
        PythonText.split(text).filter { $0.unicodeScalars.count > 2 }.map { stripEnds(PythonText.lower($0)) }
    }

    /// The words of C Leo's `leo_echo_ratio` (V5): maximal runs of ASCII letters or `'` (C `isalpha`
    /// in the C locale, so every non-ASCII byte separates words), lowercased, kept when at least
    /// 3 bytes long and neither a function word nor a stop word (`LeoStopWords`).
    public static func contentWords(_ text: String) -> [String] {
        var words: [String] = []
        var current: [UInt8] = []
        func flush() {
            if current.count >= 3 {
                let word = String(decoding: current, as: UTF8.self)
                if !LeoStopWords.excludedFromEcho.contains(word) { words.append(word) }
            }
            current.removeAll(keepingCapacity: true)
        }
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): current.append(byte + 32)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "'"): current.append(byte)
            default: if !current.isEmpty { flush() }
            }
        }
        if !current.isEmpty { flush() }
        return words
    }

    /// Python's `str.lower()` (``PythonText/lower(_:)``), the name the tokenizer tests use.
    static func pythonLowercased(_ text: String) -> String { PythonText.lower(text) }

    /// The ASCII characters `tok_py` strips from both ends of a token.
    static let stripCharacters: Set<Unicode.Scalar> = [".", ",", "!", "?", ";", ":", "\"", "-", "(", ")"]

    static func stripEnds(_ token: String) -> String {
        let scalars = Array(token.unicodeScalars)
        var start = 0
        var end = scalars.count
        while start < end, stripCharacters.contains(scalars[start]) { start += 1 }
        while end > start, stripCharacters.contains(scalars[end - 1]) { end -= 1 }
        if start == 0 && end == scalars.count { return token }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[start..<end])
        return String(view)
    }
}

/// A token keyed by its Unicode scalars, so set membership follows Python's code-point equality.
struct ScalarKey: Hashable {
    let scalars: [Unicode.Scalar]
    init(_ token: String) { scalars = Array(token.unicodeScalars) }
}
