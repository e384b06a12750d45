/// The Python `str` operations the original organisms and Leo's metric are built on, with one set
/// of code-point rules: Python's whitespace set (`str.isspace()`), `str.lower()` with the
/// final-sigma rule, lengths and prefixes in code points.
///
/// Why not Foundation: `String.split(whereSeparator:)` works on `Character`s ("\r\n" is one
/// character), `Character.isWhitespace` misses Python's U+001C…U+001F and `trimmingCharacters`
/// differs on them too. Field values (word counts, densities, trigrams) and Leo's tokens must equal
/// the original's, so their splits and strips go through here.
///
/// One port did not follow these rules: Sonnet's field and formatter (and the cascade's combined
/// field) were written with Swift's `Character` whitespace and `String.lowercased()`. That is the
/// named rule set ``TextRules/swiftCharacters``, so those callers keep their exact output; every
/// other caller uses the default ``TextRules/python``.
///
/// ```swift
/// PythonText.split("  resonance?  is\tit ")   // ["resonance?", "is", "it"]
/// PythonText.lower("ΟΔΟΣ")                     // "οδος" with a final "ς"
/// PythonText.lowerSplit("The SEA", .swiftCharacters)   // ["the", "sea"]
/// ```
public enum PythonText {
    /// Python's `str.isspace()` for one code point (CPython `_PyUnicode_IsWhitespace`: bidi class
    /// WS, B or S, or category Zs). This is also what `\s` matches in a `str` regex: Unicode's
    /// White_Space set plus the information separators U+001C…U+001F, without U+180E.
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
    public static func split(_ text: String) -> [String] { split(text, .python) }

    /// `s.split()` under `rules`.
    public static func split(_ text: String, _ rules: TextRules) -> [String] {
        switch rules.whitespace {
        case .graphemeClusters:
            return text.split(whereSeparator: { $0.isWhitespace }).map(String.init)
        case .python:
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
    }

    /// The words of `text` (Python `s.split()`), the name the Prose field code reads best with.
    @inlinable
    public static func words(_ text: String) -> [String] { split(text) }

    /// Python `s.lower().split()` under `rules`: the original's field words (lowercased, punctuation attached).
    public static func lowerSplit(_ text: String, _ rules: TextRules) -> [String] {
        split(lower(text, rules), rules)
    }

    /// Python `s.strip()`: removes leading and trailing whitespace.
    public static func strip(_ text: String) -> String { strip(text, .python) }

    /// `s.strip()` under `rules`.
    public static func strip(_ text: String, _ rules: TextRules) -> String {
        switch rules.whitespace {
        case .graphemeClusters:
            var sub = Substring(text)
            while let f = sub.first, f.isWhitespace { sub = sub.dropFirst() }
            while let l = sub.last, l.isWhitespace { sub = sub.dropLast() }
            return String(sub)
        case .python:
            let scalars = text.unicodeScalars
            guard let first = scalars.firstIndex(where: { !isSpace($0) }),
                let last = scalars.lastIndex(where: { !isSpace($0) })
            else { return "" }
            return String(scalars[first...last])
        }
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
    /// as CPython's `handle_capital_sigma` does. With ``TextRules/swiftCharacters``: Swift's
    /// `lowercased()`, the same per-code-point mapping without the sigma rule.
    public static func lower(_ text: String) -> String { lower(text, .python) }

    /// `str.lower()` under `rules`.
    public static func lower(_ text: String, _ rules: TextRules) -> String {
        if rules.lowercasing == .perCodePoint { return text.lowercased() }
        let scalars = Array(text.unicodeScalars)
        // Fast path: ASCII only.
        if scalars.allSatisfy({ $0.isASCII }) {
            var out = String.UnicodeScalarView()
            for s in scalars {
                out.append(s.value >= 0x41 && s.value <= 0x5A ? Unicode.Scalar(UInt8(s.value + 32)) : s)
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

    /// `f"{x:.1f}"` for the small positive numbers the formatters print.
    public static func oneDecimal(_ x: Double) -> String {
        let tenths = (x * 10).rounded(.toNearestOrEven)
        let whole = Int(tenths) / 10, frac = abs(Int(tenths)) % 10
        return "\(whole).\(frac)"
    }
}

/// Which whitespace and lowercasing rules a ``PythonText`` call follows.
public struct TextRules: Sendable, Hashable {
    public enum Whitespace: Sendable, Hashable {
        /// Python's `str.isspace()`, code point by code point.
        case python
        /// Swift's `Character.isWhitespace`, grapheme cluster by grapheme cluster ("\r\n" is one
        /// separator; a space followed by a combining mark is one whitespace character).
        case graphemeClusters
    }

    public enum Lowercasing: Sendable, Hashable {
        /// Python's `str.lower()`, with the final-sigma rule.
        case python
        /// Swift's `String.lowercased()`: the per-code-point mapping alone.
        case perCodePoint
    }

    public var whitespace: Whitespace
    public var lowercasing: Lowercasing

    public init(whitespace: Whitespace, lowercasing: Lowercasing) {
        self.whitespace = whitespace
        self.lowercasing = lowercasing
    }

    /// Python's rules: what the original's code computes.
    public static let python = TextRules(whitespace: .python, lowercasing: .python)
    /// The rules Sonnet's port and the cascade's combined field were written with; they differ from
    /// Python's only on rare characters (U+001C…U+001F, final sigma, combining marks after a space).
    public static let swiftCharacters = TextRules(whitespace: .graphemeClusters, lowercasing: .perCodePoint)
}
