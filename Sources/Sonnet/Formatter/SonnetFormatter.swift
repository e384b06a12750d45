import HarmonixCore

/// Turns the NanoGPT's raw play-script text into a 14-line sonnet (spec §2): clean each line,
/// keep the first 14 survivors, check the meter.
///
/// ```swift
/// if let sonnet = SonnetFormatter.format(raw) { … }   // nil: fewer than 14 clean lines
/// let (ok, reason) = SonnetFormatter.validate(sonnet)
/// ```
public enum SonnetFormatter {
    /// Speaker names whose line is dropped when they open it (rule 3, exact first token, uppercased).
    static let knownNames: Set<String> = [
        "GLOUCESTER", "JULIET", "BUCKINGHAM", "ROMEO", "HAMLET", "DUKE", "KING", "QUEEN", "PRINCE", "LORD",
        "LADY", "GRUMIO", "CLAURENCE", "RICHARD", "HENRY", "FIRST", "SECOND", "THIRD", "CITIZEN", "SERVANT",
        "MESSENGER", "BRUTUS", "WARWICK", "POMPEY", "HORTENSIO", "ISABELLA", "AUMERLE", "CLEOMENES", "LUCIO",
        "MENENIUS", "CAPULET", "MERCUTIO", "FRIAR", "JORF", "SOM'LEY", "TLANTIO",
    ]

    public static let sonnetLines = 14
    /// `format` looks at no more than this many clean lines.
    public static let formatMaxLines = 20

    /// One line cleaned by the rules of §2.1, in order; nil = rejected.
    public static func cleanLine(_ line: String) -> String? {
        let s = PythonText.strip(line, .swiftCharacters)
        if s.isEmpty { return nil }                                           // 1
        if isSpeakerHeader(s) {                                               // 2
            let after = s[s.index(after: s.firstIndex(of: ":")!)...]
            let text = PythonText.strip(String(after), .swiftCharacters)
            guard text.count > 2, let first = text.first else { return nil }
            if (first.isASCII && first.isUppercase) || first == "\"" || first == "'" { return text }
            return nil
        }
        if let token = PythonText.split(s, .swiftCharacters).first, knownNames.contains(token.uppercased()) { return nil }  // 3
        if s.hasPrefix("[") || s.hasPrefix("(") { return nil }                 // 4
        if let first = s.first, first.isLowercase { return nil }             // 5
        if s.count < 3 { return nil }                                         // 6
        if let colon = s.firstIndex(of: ":") {                                // 7
            let position = s.distance(from: s.startIndex, to: colon)
            if Double(position) < Double(s.count) / 2 { return nil }
        }
        return s                                                              // 8
    }

    /// `^[A-Z\s'\-]+:` — one or more of A–Z, whitespace, `'`, `-`, then a colon.
    private static func isSpeakerHeader(_ s: String) -> Bool {
        var sawOne = false
        for ch in s {
            if ch == ":" { return sawOne }
            let allowed = (ch.isASCII && ch.isUppercase) || ch.isWhitespace || ch == "'" || ch == "-"
            if !allowed { return false }
            sawOne = true
        }
        return false
    }

    /// The cleaned lines of `raw` split on "\n", in order, stopping at `maxLines`.
    public static func extractLines(_ raw: String, maxLines: Int = 40) -> [String] {
        var kept: [String] = []
        for line in raw.split(separator: "\n", omittingEmptySubsequences: false) {
            if let clean = cleanLine(String(line)) {
                kept.append(clean)
                if kept.count >= maxLines { break }
            }
        }
        return kept
    }

    /// The first 14 lines joined by "\n" (no trailing newline); nil when fewer than 14.
    public static func formatSonnet(_ lines: [String]) -> String? {
        guard lines.count >= sonnetLines else { return nil }
        return lines.prefix(sonnetLines).joined(separator: "\n")
    }

    /// `extract_lines(raw, 20)` then `formatSonnet`. `validateMeter` computes the meter but, as in
    /// the original, never changes the result.
    public static func format(_ raw: String, validateMeter: Bool = false) -> String? {
        let lines = extractLines(raw, maxLines: formatMaxLines)
        guard let sonnet = formatSonnet(lines) else { return nil }
        if validateMeter { _ = checkMeter(Array(lines.prefix(sonnetLines))) }
        return sonnet
    }

    /// Meter check: valid iff the mean syllable count per line is in [9, 13] (empty → mean 0).
    public static func checkMeter(_ lines: [String]) -> (valid: Bool, counts: [Int]) {
        let counts = lines.map(Syllables.count)
        let mean = counts.isEmpty ? 0 : Double(counts.reduce(0, +)) / Double(counts.count)
        return (mean >= 9.0 && mean <= 13.0, counts)
    }

    /// (true, "Valid sonnet structure"), or false with "Expected 14 lines, got N" / "Meter off (avg
    /// X.X syllables, expected ~10)".
    public static func validate(_ sonnet: String) -> (valid: Bool, reason: String) {
        let lines = sonnet.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count == sonnetLines else { return (false, "Expected 14 lines, got \(lines.count)") }
        let (valid, counts) = checkMeter(lines)
        if !valid {
            let mean = Double(counts.reduce(0, +)) / Double(counts.count)
            return (false, "Meter off (avg \(PythonText.oneDecimal(mean)) syllables, expected ~10)")
        }
        return (true, "Valid sonnet structure")
    }
}
