/// The handful of Python `str` operations the original Prose field is built on, with Python's
/// semantics: code points (not grapheme clusters), Python's whitespace set, `str.lower()` with the
/// final-sigma rule.
///
/// Why not Foundation: `String.split(whereSeparator:)` works on `Character`s ("\r\n" is one
/// character), `Character.isWhitespace` misses Python's U+001C…U+001F and `trimmingCharacters`
/// differs on them too. Field values (word counts, densities, trigrams) must equal the original's,
/// so every split and strip goes through here.
///
/// ```swift
/// PythonText.words("  resonance?  is\tit ")   // ["resonance?", "is", "it"]
/// PythonText.lower("ΟΔΟΣ")                     // "οδος" with a final "ς"
/// ```
public enum PythonText {
    /// Python's `str.isspace()` for one code point (CPython `_PyUnicode_IsWhitespace`: bidi class
    /// WS, B or S, or category Zs). This is also what `\s` matches in a `str` regex.
    @inlinable
    public static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A, 0x2028, 0x2029, 0x202F,
            0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// Python `s.split()`: runs of whitespace separate words; empty words never appear.
    public static func words(_ text: String) -> [String] {
        var result: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isSpace(scalar) {
                if !current.isEmpty {
                    result.append(String(current))
                    current = String.UnicodeScalarView()
                }
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { result.append(String(current)) }
        return result
    }

    /// Python `s.strip()`: removes leading and trailing whitespace code points.
    public static func strip(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isSpace($0) })!
        return String(scalars[first...last])
    }

    /// Python `len(s)`: the number of code points.
    @inlinable
    public static func length(_ text: String) -> Int { text.unicodeScalars.count }

    /// Python `s[:n]`: the first `n` code points.
    public static func prefix(_ text: String, _ n: Int) -> String {
        String(String.UnicodeScalarView(text.unicodeScalars.prefix(n)))
    }

    /// Python `str.lower()`: full lowercase mapping per code point, and capital sigma becomes final
    /// "ς" when a cased letter precedes it and none follows (skipping case-ignorable code points),
    /// as CPython's `handle_capital_sigma` does.
    public static func lower(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        // Fast path: ASCII only.
        if scalars.allSatisfy({ $0.isASCII }) {
            var out = String.UnicodeScalarView()
            for s in scalars {
                out.append(s.value >= 0x41 && s.value <= 0x5A ? Unicode.Scalar(s.value + 32)! : s)
            }
            return String(out)
        }
        var out = ""
        out.unicodeScalars.reserveCapacity(scalars.count)
        for (i, s) in scalars.enumerated() {
            if s.value == 0x03A3 {
                out.unicodeScalars.append(isFinalSigma(scalars, at: i) ? "\u{03C2}" : "\u{03C3}")
            } else {
                out.unicodeScalars.append(contentsOf: s.properties.lowercaseMapping.unicodeScalars)
            }
        }
        return out
    }

    private static func isFinalSigma(_ scalars: [Unicode.Scalar], at index: Int) -> Bool {
        var j = index - 1
        while j >= 0, scalars[j].properties.isCaseIgnorable { j -= 1 }
        guard j >= 0, scalars[j].properties.isCased else { return false }
        var k = index + 1
        while k < scalars.count, scalars[k].properties.isCaseIgnorable { k += 1 }
        return !(k < scalars.count && scalars[k].properties.isCased)
    }

    /// Python `str.isalpha()`: non-empty and every code point is a letter (categories L*).
    public static func isAlpha(_ text: String) -> Bool {
        guard !text.isEmpty else { return false }
        return text.unicodeScalars.allSatisfy { scalar in
            switch scalar.properties.generalCategory {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter:
                return true
            default:
                return false
            }
        }
    }

    /// Python `str.capitalize()` (3.8+): first code point titlecased, the rest lowercased.
    public static func capitalize(_ text: String) -> String {
        guard let first = text.unicodeScalars.first else { return "" }
        let rest = String(String.UnicodeScalarView(text.unicodeScalars.dropFirst()))
        return first.properties.titlecaseMapping + lower(rest)
    }
}
