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
    /// only if it has more than 2 Unicode scalars, then lowercase it and strip `. , ! ? ; : " - ( )`
    /// from both ends. A token made only of strip characters (`...`) becomes the empty string,
    /// which is kept: two texts that both hold one share the token `""`.
    public static func pythonTokens(_ text: String) -> [String] {
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            // The length test runs on the raw token, before lowercasing and stripping.
            if current.count > 2 {
                tokens.append(stripEnds(pythonLowercased(String(current))))
            }
            current = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars {
            if isPythonWhitespace(scalar) {
                if !current.isEmpty { flush() }
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { flush() }
        return tokens
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

    /// Python's `str.lower()`: full Unicode lowercase mapping (as Swift's `lowercased()`), plus the
    /// one context rule Python applies and Swift does not: capital sigma (U+03A3) becomes final
    /// sigma ς (U+03C2) when a cased letter precedes it and none follows it (case-ignorable
    /// characters skipped on both sides), e.g. "ΟΔΟΣ" → "οδος".
    static func pythonLowercased(_ text: String) -> String {
        let capitalSigma: Unicode.Scalar = "\u{03A3}"
        guard text.unicodeScalars.contains(capitalSigma) else { return text.lowercased() }
        let scalars = Array(text.unicodeScalars)
        var result = ""
        for (i, scalar) in scalars.enumerated() {
            guard scalar == capitalSigma else {
                result += scalar.properties.lowercaseMapping
                continue
            }
            var before = i - 1
            while before >= 0 && scalars[before].properties.isCaseIgnorable { before -= 1 }
            var isFinal = before >= 0 && scalars[before].properties.isCased
            if isFinal {
                var after = i + 1
                while after < scalars.count && scalars[after].properties.isCaseIgnorable { after += 1 }
                isFinal = after == scalars.count || !scalars[after].properties.isCased
            }
            result.unicodeScalars.append(isFinal ? "\u{03C2}" : "\u{03C3}")
        }
        return result
    }

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

    /// Python's `str.split()` separators: the characters `str.isspace()` accepts. This is Unicode's
    /// White_Space set plus the information separators U+001C…U+001F (which Python treats as
    /// whitespace because of their bidirectional class), without U+180E.
    static func isPythonWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F,
            0x205F, 0x3000:
            return true
        default:
            return false
        }
    }
}

/// A token keyed by its Unicode scalars, so set membership follows Python's code-point equality.
struct ScalarKey: Hashable {
    let scalars: [Unicode.Scalar]
    init(_ token: String) { scalars = Array(token.unicodeScalars) }
}
