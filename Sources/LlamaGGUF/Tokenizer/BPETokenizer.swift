/// GPT-2 byte-level BPE (SmolLM2): pre-tokenise, map each piece's UTF-8 bytes through the byte-level
/// map, then repeatedly merge the adjacent pair of lowest rank in `tokenizer.ggml.merges` (leftmost on
/// ties) until no pair is ranked; each final symbol is a vocabulary entry (mini_llama.py `BPE.encode`).
public struct BPETokenizer: Tokenizer {
    public let vocabulary: Vocabulary
    /// "left right" → rank.
    private let ranks: [String: Int]
    private let preTokenizer: GPT2PreTokenizer

    /// - parameter preTokenizer: `tokenizer.ggml.pre`; "smollm" splits digits individually first.
    public init(vocabulary: Vocabulary, merges: [String], preTokenizer: String) {
        self.vocabulary = vocabulary
        var ranks: [String: Int] = [:]
        ranks.reserveCapacity(merges.count)
        for (i, m) in merges.enumerated() where ranks[m] == nil { ranks[m] = i }
        self.ranks = ranks
        self.preTokenizer = GPT2PreTokenizer(splitDigits: preTokenizer == "smollm")
    }

    public func encode(_ text: String, addSpecial: Bool, parseSpecial: Bool) -> [Int] {
        var ids: [Int] = []
        if addSpecial && vocabulary.addBOS, let bos = vocabulary.bosID { ids.append(bos) }
        let fragments = parseSpecial ? vocabulary.partitionSpecial(text) : [.text(text)]
        for fragment in fragments {
            switch fragment {
            case let .token(id): ids.append(id)
            case let .text(t):
                for piece in preTokenizer.pieces(t) { encodePiece(piece, into: &ids) }
            }
        }
        if addSpecial && vocabulary.addEOS, let eos = vocabulary.eosID { ids.append(eos) }
        return ids
    }

    private func encodePiece(_ piece: String, into ids: inout [Int]) {
        var symbols = ByteLevelMap.encode(piece.utf8).unicodeScalars.map { String($0) }
        mergeAdjacentPairs(&symbols) { left, right in ranks[left + " " + right].map { -Double($0) } }
        for sym in symbols {
            if let id = vocabulary.ids[sym] {
                ids.append(id)
            } else {
                // Not in the vocabulary (cannot happen with a complete byte-level vocab): fall back to
                // its single byte-level characters, then to the unknown token.
                for ch in sym.unicodeScalars {
                    if let id = vocabulary.ids[String(ch)] { ids.append(id) } else if let unk = vocabulary.unknownID { ids.append(unk) }
                }
            }
        }
    }

    public func pieceBytes(_ id: Int) -> [UInt8] {
        guard id >= 0 && id < vocabulary.tokens.count else { return [] }
        switch vocabulary.types[id] {
        case .control, .unknown, .unused: return []
        case .userDefined: return Array(vocabulary.tokens[id].utf8)
        default: return ByteLevelMap.decode(vocabulary.tokens[id])
        }
    }
}
