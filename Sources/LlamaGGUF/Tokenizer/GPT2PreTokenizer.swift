/// Splits text into the pieces BPE merges within, as SmolLM2's `tokenizer.ggml.pre = smollm` does:
/// first every `\p{N}` character alone, then, in the text between digits, Python-`regex` `findall` of
/// GPT-2's pattern `'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)`
/// (prose.md §8.2, `mini_llama.py` `BPE.pieces`).
///
/// The pattern has no final `|\s+`, so a lone whitespace character followed by a non-space (the second
/// "\n" of "\n\nworld") matches no alternative and, as with `findall`, is dropped: this is what the golden
/// ids of `smollm2_golden.json` encode ("  Hello\n\nworld  " → 5 tokens).
/// Hand-written scanner instead of a regex engine: the pattern is fixed and this runs per prompt.
struct GPT2PreTokenizer: Sendable {
    /// true = each digit is its own piece before the GPT-2 pattern runs (SmolLM2 "smollm"); false = plain GPT-2.
    let splitDigits: Bool

    enum Kind { case letter, number, space, other }

    static func kind(_ s: Unicode.Scalar) -> Kind {
        if s.properties.isWhitespace { return .space }
        switch s.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter: return .letter
        case .decimalNumber, .letterNumber, .otherNumber: return .number
        default: return .other
        }
    }

    func pieces(_ text: String) -> [String] {
        let scalars = Array(text.unicodeScalars)
        var out: [String] = []
        var segmentStart = 0
        if splitDigits {
            for (i, s) in scalars.enumerated() where GPT2PreTokenizer.kind(s) == .number {
                if segmentStart < i { scan(scalars, segmentStart..<i, into: &out) }
                out.append(String(String.UnicodeScalarView([s])))
                segmentStart = i + 1
            }
        }
        if segmentStart < scalars.count { scan(scalars, segmentStart..<scalars.count, into: &out) }
        return out
    }

    /// `findall` of the GPT-2 pattern over `scalars[range]` (lookahead sees only this range, like the
    /// regex applied to the substring).
    private func scan(_ s: [Unicode.Scalar], _ range: Range<Int>, into out: inout [String]) {
        let end = range.upperBound
        var i = range.lowerBound
        func emit(_ a: Int, _ b: Int) { out.append(String(String.UnicodeScalarView(s[a..<b]))) }
        func kindAt(_ j: Int) -> Kind { GPT2PreTokenizer.kind(s[j]) }
        while i < end {
            // 's|'t|'re|'ve|'m|'ll|'d
            if s[i] == "'" && i + 1 < end {
                let c1 = s[i + 1]
                if c1 == "s" || c1 == "t" || c1 == "m" || c1 == "d" { emit(i, i + 2); i += 2; continue }
                if i + 2 < end {
                    let c2 = s[i + 2]
                    if (c1 == "r" && c2 == "e") || (c1 == "v" && c2 == "e") || (c1 == "l" && c2 == "l") {
                        emit(i, i + 3); i += 3; continue
                    }
                }
            }
            // ' ?' prefix followed by a run of one class: letters, numbers, or "other"
            let bodyStart = (s[i] == " " && i + 1 < end) ? i + 1 : i
            let bodyKind = kindAt(bodyStart)
            if bodyKind != .space {
                var j = bodyStart + 1
                while j < end && kindAt(j) == bodyKind { j += 1 }
                emit(i, j); i = j; continue
            }
            // \s+(?!\S): the whitespace run, minus its last character when a non-space follows
            if kindAt(i) == .space {
                var j = i + 1
                while j < end && kindAt(j) == .space { j += 1 }
                if j == end { emit(i, j); i = j; continue }
                if j - i >= 2 { emit(i, j - 1); i = j - 1; continue }
            }
            // no alternative matches here: findall skips this character
            i += 1
        }
    }
}
