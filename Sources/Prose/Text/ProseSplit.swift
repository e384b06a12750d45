import HarmonixCore

/// The regular-expression splits of the original, ported as hand-written scanners over code points
/// so they match Python's `re` exactly (ICU's `\s` and Swift `Regex`'s character semantics differ
/// from Python's on rare whitespace and on "\r\n").
///
/// | function | Python |
/// |---|---|
/// | ``splitKeepingTerminators(_:)`` | `re.split(r'([.!?]+)\s+', s)` |
/// | ``sentences(_:)`` | the formatter's `split_sentences` |
/// | ``splitOnTerminators(_:)`` | `re.split(r'[.!?]+', s)` |
/// | ``splitParagraphsRaw(_:)`` | `re.split(r'\n\n+', s)` |
/// | ``paragraphs(_:)`` | the formatter's paragraph split (strip, drop empties) |
///
/// ```swift
/// ProseSplit.sentences("Hello world. This is it!  And more?no space. Last one")
/// // ["Hello world.", "This is it!", "And more?no space.", "Last one"]
/// ```
public enum ProseSplit {
    @inline(__always)
    static func isTerminator(_ s: Unicode.Scalar) -> Bool {
        s == "." || s == "!" || s == "?"
    }

    /// `re.split(r'([.!?]+)\s+', text)`: pieces and captured terminator runs interleaved
    /// (`[piece0, punct0, piece1, punct1, …, lastPiece]`, always an odd count).
    ///
    /// A match is a maximal run of `.!?` followed by at least one whitespace code point; the
    /// whitespace run is consumed. A run followed by a non-space (as in "3.5" or "?no") never splits.
    public static func splitKeepingTerminators(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var parts: [String] = []
        var pieceStart = 0
        var i = 0
        while i < scalars.count {
            guard isTerminator(scalars[i]) else { i += 1; continue }
            var runEnd = i
            while runEnd < scalars.count, isTerminator(scalars[runEnd]) { runEnd += 1 }
            guard runEnd < scalars.count, PythonText.isSpace(scalars[runEnd]) else {
                i = runEnd  // every start inside this run fails the same way
                continue
            }
            var spaceEnd = runEnd
            while spaceEnd < scalars.count, PythonText.isSpace(scalars[spaceEnd]) { spaceEnd += 1 }
            parts.append(string(scalars[pieceStart..<i]))
            parts.append(string(scalars[i..<runEnd]))
            pieceStart = spaceEnd
            i = spaceEnd
        }
        parts.append(string(scalars[pieceStart..<scalars.count]))
        return parts
    }

    /// The formatter's `split_sentences`: piece + its terminator run, stripped; a trailing piece
    /// without a terminator-plus-space is kept when non-blank; blank pieces are dropped.
    public static func sentences(_ text: String) -> [String] {
        let parts = splitKeepingTerminators(text)
        var result: [String] = []
        var i = 0
        while i + 1 < parts.count {
            let sentence = PythonText.strip(parts[i] + parts[i + 1])
            if !sentence.isEmpty { result.append(sentence) }
            i += 2
        }
        if parts.count % 2 == 1 {
            let tail = PythonText.strip(parts[parts.count - 1])
            if !tail.isEmpty { result.append(tail) }
        }
        return result
    }

    /// `re.split(r'[.!?]+', text)`: the raw pieces between runs of terminators (may be empty or blank).
    public static func splitOnTerminators(_ text: String) -> [String] {
        split(text, runStartsAt: { isTerminator($0[$1]) }, runContinues: isTerminator)
    }

    /// `[p.strip() for p in re.split(r'[.!?]+', text) if p.strip()]`: the stripped, non-blank
    /// fragments used by the recent seed, MetaProse and Overthinkrose's coherence.
    public static func fragments(_ text: String) -> [String] {
        splitOnTerminators(text).map(PythonText.strip).filter { !$0.isEmpty }
    }

    /// `re.split(r'\n\n+', text)`: raw pieces between runs of two or more newlines.
    public static func splitParagraphsRaw(_ text: String) -> [String] {
        split(text, runStartsAt: { $0[$1] == "\n" && $1 + 1 < $0.count && $0[$1 + 1] == "\n" },
              runContinues: { $0 == "\n" })
    }

    /// The formatter's paragraph split: `\n\n+` pieces, stripped, blanks dropped.
    public static func paragraphs(_ text: String) -> [String] {
        splitParagraphsRaw(text).map(PythonText.strip).filter { !$0.isEmpty }
    }

    /// `re.split(separator, text)` for a separator that is a run of code points: a run starts at
    /// index `i` of the scalars when `runStartsAt(scalars, i)` and extends while `runContinues`;
    /// the raw pieces between runs (may be empty or blank), as Python returns them.
    static func split(_ text: String, runStartsAt starts: ([Unicode.Scalar], Int) -> Bool,
                      runContinues continues: (Unicode.Scalar) -> Bool) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var parts: [String] = []
        var pieceStart = 0
        var i = 0
        while i < scalars.count {
            if starts(scalars, i) {
                parts.append(string(scalars[pieceStart..<i]))
                while i < scalars.count, continues(scalars[i]) { i += 1 }
                pieceStart = i
            } else {
                i += 1
            }
        }
        parts.append(string(scalars[pieceStart..<scalars.count]))
        return parts
    }

    @inline(__always)
    static func string(_ slice: ArraySlice<Unicode.Scalar>) -> String {
        var view = String.UnicodeScalarView()
        view.append(contentsOf: slice)
        return String(view)
    }
}
