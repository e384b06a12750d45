import HarmonixCore

/// Cleans and validates prose (`ProseFormatter` of the original, `formatter.py`).
///
/// The live generation path never formats its output (the returned and stored text is the raw
/// stripped completion); only MetaProse's reflections go through ``format(_:)``, and ``add_prose``
/// uses the metrics and the sentence split.
///
/// ```swift
/// ProseFormatter().clean("  hello , world !  how are   you?fine\n\n\n\nok ")
/// // "hello, world! how are you? fine\n\nok"
/// ```
public struct ProseFormatter: Sendable, Hashable {
    /// Fewer words than this fail ``validate(_:)`` (original default 20).
    public var minWords: Int
    /// More words than this fail ``validate(_:)`` (original default 1000).
    public var maxWords: Int

    public init(minWords: Int = 20, maxWords: Int = 1000) {
        self.minWords = minWords
        self.maxWords = maxWords
    }

    /// Punctuation the cleaning rules attach and space: `,.!?;:`.
    @inline(__always)
    static func isCleanPunctuation(_ s: Unicode.Scalar) -> Bool {
        s == "," || s == "." || s == "!" || s == "?" || s == ";" || s == ":"
    }

    /// `clean_text`, rule by rule in the original's order:
    /// 1. strip; 2. `' +'` → `' '` (spaces only); 3. `\n{3,}` → `\n\n`;
    /// 4. `\s+([,.!?;:])` → `\1`; 5. `([,.!?;:])([^\s\n])` → `\1 \2` (left to right,
    /// non-overlapping, so `"3.5"` → `"3. 5"` and `"wait...x"` → `"wait. .. x"`); 6. strip every line.
    public func clean(_ text: String) -> String {
        var s = Array(PythonText.strip(text).unicodeScalars)
        s = collapseSpaces(s)
        s = collapseNewlines(s)
        s = removeSpaceBeforePunctuation(s)
        s = spaceAfterPunctuation(s)
        return stripLines(s)
    }

    private func collapseSpaces(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        for c in s where !(c == " " && out.last == " ") { out.append(c) }
        return out
    }

    /// `\n{3,}` → `\n\n`: a run of one or two newlines stays as it is.
    private func collapseNewlines(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        replacingRuns(in: s, of: { $0 == "\n" }) { run, _ in
            (Array(repeating: "\n", count: run.count >= 3 ? 2 : run.count), 0)
        }
    }

    /// `\s+([,.!?;:])` → `\1`: a run of whitespace before punctuation goes, other runs stay.
    private func removeSpaceBeforePunctuation(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        replacingRuns(in: s, of: PythonText.isSpace) { run, next in
            if let next, Self.isCleanPunctuation(next) { return ([next], 1) }
            return (Array(run), 0)
        }
    }

    /// The scanner of the `re.sub` rules whose pattern opens with a maximal run (`x+`): each run of
    /// scalars satisfying `member` is replaced by what `rewrite(run, scalar after it)` returns,
    /// which also says how many scalars after the run the match consumed; the rest is copied.
    private func replacingRuns(
        in s: [Unicode.Scalar], of member: (Unicode.Scalar) -> Bool,
        _ rewrite: (ArraySlice<Unicode.Scalar>, Unicode.Scalar?) -> (replacement: [Unicode.Scalar], consumedAfter: Int)
    ) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count)
        var i = 0
        while i < s.count {
            if member(s[i]) {
                var j = i
                while j < s.count, member(s[j]) { j += 1 }
                let (replacement, consumed) = rewrite(s[i..<j], j < s.count ? s[j] : nil)
                out.append(contentsOf: replacement)
                i = j + consumed
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return out
    }

    private func spaceAfterPunctuation(_ s: [Unicode.Scalar]) -> [Unicode.Scalar] {
        var out: [Unicode.Scalar] = []
        out.reserveCapacity(s.count + s.count / 8)
        var i = 0
        while i < s.count {
            if Self.isCleanPunctuation(s[i]), i + 1 < s.count, !PythonText.isSpace(s[i + 1]) {
                out.append(s[i])
                out.append(" ")
                out.append(s[i + 1])
                i += 2
            } else {
                out.append(s[i])
                i += 1
            }
        }
        return out
    }

    /// `'\n'.join(line.strip() for line in text.split('\n'))`, splitting on the code point "\n"
    /// (a Swift `Character` split would keep "\r\n" together).
    private func stripLines(_ s: [Unicode.Scalar]) -> String {
        var result = ""
        var lineStart = 0
        var first = true
        for i in 0...s.count where i == s.count || s[i] == "\n" {
            if !first { result.unicodeScalars.append("\n") }
            result += PythonText.strip(ProseSplit.string(s[lineStart..<i]))
            lineStart = i + 1
            first = false
        }
        return result
    }

    /// `compute_metrics`.
    public func metrics(_ text: String) -> ProseMetrics { ProseMetrics(of: text) }

    /// `validate`: the first failing rule in the original's order, or `.valid`.
    public func validate(_ text: String) -> ProseValidation {
        let words = PythonText.words(text)
        if words.count < minWords { return .tooShort(words: words.count, minimum: minWords) }
        if words.count > maxWords { return .tooLong(words: words.count, maximum: maxWords) }
        if ProseSplit.sentences(text).isEmpty { return .noCompleteSentences }
        if words.count > 10 {
            let unique = Set(words.map(PythonText.lower)).count
            let ratio = Double(unique) / Double(words.count)
            if ratio < 0.4 { return .tooRepetitive(uniqueRatio: ratio) }
        }
        return .valid
    }

    /// `format_prose`: the cleaned text when it validates, else `nil`.
    public func format(_ text: String) -> String? {
        let cleaned = clean(text)
        return validate(cleaned).isValid ? cleaned : nil
    }

    /// `format_with_metrics`: the cleaned text and its metrics when it validates, else `nil`.
    public func formatWithMetrics(_ text: String) -> (text: String, metrics: ProseMetrics)? {
        format(text).map { ($0, ProseMetrics(of: $0)) }
    }
}

/// The verdict of ``ProseFormatter/validate(_:)``; ``description`` is the original's reason text.
public enum ProseValidation: Sendable, Hashable, CustomStringConvertible {
    case valid
    case tooShort(words: Int, minimum: Int)
    case tooLong(words: Int, maximum: Int)
    case noCompleteSentences
    case tooRepetitive(uniqueRatio: Double)

    public var isValid: Bool { self == .valid }

    public var description: String {
        switch self {
        case .valid: return ""
        case .tooShort(let n, let min): return "Too short (\(n) words, minimum \(min))"
        case .tooLong(let n, let max): return "Too long (\(n) words, maximum \(max))"
        case .noCompleteSentences: return "No complete sentences found"
        case .tooRepetitive(let r): return "Too repetitive (unique ratio \(r))"
        }
    }
}
