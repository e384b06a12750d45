/// SentencePiece-BPE as llama.cpp's `llm_tokenizer_spm` (Llama-2 / TinyLlama vocabularies):
/// spaces become "▁" (with one "▁" prefixed when `add_space_prefix`), the text starts as one symbol
/// per UTF-8 character, and the adjacent pair whose concatenation is a vocabulary entry with the
/// highest score is merged first (leftmost on ties) until no pair is in the vocabulary. A symbol not
/// in the vocabulary is emitted as its bytes' `<0xXX>` tokens (byte fallback), else as unknown.
public struct SentencePieceTokenizer: Tokenizer {
    public let vocabulary: Vocabulary
    public let addSpacePrefix: Bool
    private let byteTokens: [Int?]

    public init(vocabulary: Vocabulary, addSpacePrefix: Bool = true) {
        self.vocabulary = vocabulary
        self.addSpacePrefix = addSpacePrefix
        byteTokens = (0..<256).map { b in
            vocabulary.ids["<0x" + String(b, radix: 16, uppercase: true).leftPadded(to: 2) + ">"]
        }
    }

    public func encode(_ text: String, addSpecial: Bool, parseSpecial: Bool) -> [Int] {
        var ids: [Int] = []
        if addSpecial && vocabulary.addBOS, let bos = vocabulary.bosID { ids.append(bos) }
        let fragments = parseSpecial ? vocabulary.partitionSpecial(text) : [.text(text)]
        // llama.cpp prefixes a space to the first text fragment and to each one after a special token.
        var previousWasSpecial = true
        for fragment in fragments {
            switch fragment {
            case let .token(id):
                ids.append(id)
                previousWasSpecial = true
            case let .text(t):
                var s = t
                if addSpacePrefix && previousWasSpecial { s = " " + s }
                encodeFragment(s.replacingSpaces(), into: &ids)
                previousWasSpecial = false
            }
        }
        if addSpecial && vocabulary.addEOS, let eos = vocabulary.eosID { ids.append(eos) }
        return ids
    }

    private func encodeFragment(_ text: String, into ids: inout [Int]) {
        // One symbol per code point (not per grapheme cluster), as SentencePiece and llama.cpp.
        var symbols = text.unicodeScalars.map { String($0) }
        mergeAdjacentPairs(&symbols) { left, right in vocabulary.ids[left + right].map { Double(vocabulary.scores[$0]) } }
        for sym in symbols {
            if let id = vocabulary.ids[sym] {
                ids.append(id)
                continue
            }
            for b in sym.utf8 {
                if let id = byteTokens[Int(b)] { ids.append(id) } else if let unk = vocabulary.unknownID { ids.append(unk) }
            }
        }
    }

    public func pieceBytes(_ id: Int) -> [UInt8] {
        guard id >= 0 && id < vocabulary.tokens.count else { return [] }
        let text = vocabulary.tokens[id]
        switch vocabulary.types[id] {
        case .control, .unknown, .unused: return []
        case .byte:
            // "<0xXX>"
            if text.count == 6, let b = UInt8(text.dropFirst(3).prefix(2), radix: 16) { return [b] }
            return []
        default:
            return Array(text.replacingOccurrences(of: "\u{2581}", with: " ").utf8)
        }
    }
}

extension String {
    fileprivate func leftPadded(to n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }

    /// " " → "▁" (U+2581), SentencePiece's visible space.
    fileprivate func replacingSpaces() -> String {
        var out = String.UnicodeScalarView()
        for s in unicodeScalars { out.append(s == " " ? "\u{2581}" : s) }
        return String(out)
    }

    fileprivate func replacingOccurrences(of target: String, with replacement: String) -> String {
        var out = String.UnicodeScalarView()
        let t = target.unicodeScalars.first!
        for s in unicodeScalars {
            if s == t { out.append(contentsOf: replacement.unicodeScalars) } else { out.append(s) }
        }
        return String(out)
    }
}
