import HarmonixCore

/// HAiKU's regex word tokenizer: the "HAiKU v1.0 tokenization as launched by haiku_run.py"
/// (haiku.md §4, overview decision 2).
///
/// Tokens are the matches of Python's `\b\w+\b` in `text.lower()`: maximal runs of Unicode word
/// characters (letters, numbers, "_"). For example:
///
/// ```swift
/// WordTokenizer.tokens("Hello, WORLD! it's 2025")   // ["hello", "world", "it", "s", "2025"]
/// ```
///
/// The SentencePiece mode of the original is not ported: the official runner never finds its
/// model file and uses this mode.
public enum WordTokenizer {
    /// Lowercased word tokens of `text`, in order.
    public static func tokens(_ text: String) -> [String] {
        var result: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.lowercased().unicodeScalars {
            if isWordScalar(scalar) {
                current.append(scalar)
            } else if !current.isEmpty {
                result.append(String(current))
                current = String.UnicodeScalarView()
            }
        }
        if !current.isEmpty { result.append(String(current)) }
        return result
    }

    /// Consecutive token triples of `text`; empty when it has fewer than 3 tokens.
    public static func trigrams(_ text: String) -> [Trigram] {
        trigrams(of: tokens(text))
    }

    /// Consecutive triples of `tokens`.
    public static func trigrams(of tokens: [String]) -> [Trigram] {
        guard tokens.count >= 3 else { return [] }
        return (0..<(tokens.count - 2)).map { Trigram(tokens[$0], tokens[$0 + 1], tokens[$0 + 2]) }
    }

    /// Tokens and trigrams in one pass (the original's `tokenize_dual`).
    public static func dual(_ text: String) -> (tokens: [String], trigrams: [Trigram]) {
        let t = tokens(text)
        return (t, trigrams(of: t))
    }

    /// Python's `\w` for `str` patterns: alphabetic (categories L*), numeric (N*), or "_".
    @inline(__always)
    static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            let v = scalar.value
            return (v >= 0x61 && v <= 0x7A) || (v >= 0x41 && v <= 0x5A) || (v >= 0x30 && v <= 0x39) || v == 0x5F
        }
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber:
            return true
        default:
            return false
        }
    }
}
