import Foundation
import Testing
@testable import LlamaGGUF
@testable import Prose

/// The SentencePiece-BPE tokenizer (TinyLlama / Llama-2 vocabularies) on a vocabulary built here, with
/// expected ids worked out by hand from llama.cpp's `llm_tokenizer_spm` rules: highest-score merge of
/// an adjacent pair whose concatenation is in the vocabulary, leftmost on ties; byte fallback.
@Suite struct TokenizerSentencePieceTests {
    /// 0 <unk>, 1 <s>, 2 </s>, 3…258 <0x00>…<0xFF>, then pieces with scores.
    static let pieces: [(String, Float)] = [
        ("▁", -10), ("h", -10), ("e", -10), ("l", -10), ("o", -10), ("w", -10), ("r", -10), ("d", -10),   // 259…266
        ("ll", -1), ("▁h", -2), ("el", -3), ("▁w", -2.5), ("or", -3.5), ("ld", -4),                       // 267…272
        ("▁he", -5), ("▁hell", -6), ("▁hello", -7), ("▁wor", -8), ("▁world", -9),                         // 273…277
    ]

    static func tokenizer(addBOS: Bool = true) -> SentencePieceTokenizer {
        var tokens = ["<unk>", "<s>", "</s>"]
        var types: [Vocabulary.TokenType] = [.unknown, .control, .control]
        var scores: [Float] = [0, 0, 0]
        for b in 0..<256 {
            tokens.append(String(format: "<0x%02X>", b))
            types.append(.byte)
            scores.append(0)
        }
        for (p, s) in pieces {
            tokens.append(p)
            types.append(.normal)
            scores.append(s)
        }
        let vocab = Vocabulary(tokens: tokens, types: types, scores: scores, bosID: 1, eosID: 2, unknownID: 0,
                               addBOS: addBOS, addEOS: false)
        return SentencePieceTokenizer(vocabulary: vocab, addSpacePrefix: true)
    }

    @Test func mergesByScore() {
        // "▁hello▁world": ll(−1) → ▁h(−2) → ▁w(−2.5) → or → ld → ▁he → ▁hell → ▁hello → ▁wor → ▁world
        #expect(Self.tokenizer().encode("hello world") == [1, 275, 277])
    }

    @Test func tiesMergeLeftmostFirst() {
        // "▁lll": "ll" at positions 1 and 2 score alike; the left one merges, "▁l" is not a piece.
        #expect(Self.tokenizer().encode("lll") == [1, 259, 267, 262])
    }

    @Test func byteFallbackForUnknownCharacters() {
        // "i" and "!" are not pieces: <0x69> = 3 + 0x69 = 108, <0x21> = 36; "é" = C3 A9 → 198, 172.
        #expect(Self.tokenizer().encode("hi!") == [1, 268, 108, 36])
        #expect(Self.tokenizer().encode("é") == [1, 259, 198, 172])
    }

    @Test func bosFlagAndSpecialTokens() {
        #expect(Self.tokenizer(addBOS: false).encode("hello") == [275])
        // "<s>" in the text is the BOS token; the text after it gets the space prefix again.
        #expect(Self.tokenizer().encode("<s>hello world", addSpecial: true, parseSpecial: true) == [1, 1, 275, 277])
        #expect(Self.tokenizer().encode("hello", addSpecial: false, parseSpecial: true) == [275])
    }

    @Test func decodesSpacesAndBytes() {
        let tok = Self.tokenizer()
        #expect(tok.decode([1, 275, 277, 2]) == " hello world")
        #expect(tok.decode([259, 198, 172]) == " é")
        #expect(tok.decode(tok.encode("hello hi! é")) == " hello hi! é")
    }
}
