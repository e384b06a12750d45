import Foundation
import Testing
@testable import LlamaGGUF
@testable import Prose

/// SmolLM2's GPT-2 byte-level BPE (`tokenizer.ggml.pre = smollm`) against `smollm2_golden.json`.
@Suite struct TokenizerBPETests {
    static func tokenizer() throws -> any Tokenizer { try TokenizerFactory.make(gguf: try Fixtures.modelFile()) }

    @Test func everyGoldenTokenizeCase() throws {
        let golden = try Fixtures.golden()
        let cases = try #require(golden["tokenize"] as? [String: [Int]])
        #expect(cases.count == 5)
        let tok = try Self.tokenizer()
        #expect(tok is BPETokenizer)
        for (text, ids) in cases {
            #expect(tok.encode(text, addSpecial: true, parseSpecial: true) == ids, "\(text.debugDescription)")
        }
    }

    @Test func flagsOfTheFile() throws {
        let v = try Self.tokenizer().vocabulary
        #expect(v.addBOS == false && v.addEOS == false)
        #expect(v.bosID == 1 && v.eosID == 2)
        // EOS <|im_end|> and <|endoftext|> (llama.cpp treats the latter as end of generation by name).
        #expect(v.endOfGeneration == [0, 2])
        #expect(v.specialTokens.count == 17)
    }

    @Test func decodeInvertsEncode() throws {
        let tok = try Self.tokenizer()
        for text in ["The field resonates.", "It's 2025: words, 123 flows...  ok", "Ünïcödé — 日本語 🎵 end\n\n", " leading and trailing "] {
            #expect(tok.decode(tok.encode(text)) == text)
        }
    }

    @Test func specialTokensAreParsedOnlyWhenAsked() throws {
        let tok = try Self.tokenizer()
        let parsed = tok.encode("<|im_start|>user", addSpecial: true, parseSpecial: true)
        #expect(parsed.first == 1)
        #expect(tok.decode(Array(parsed.dropFirst())) == "user")
        let literal = tok.encode("<|im_start|>user", addSpecial: true, parseSpecial: false)
        #expect(!literal.contains(1))
        #expect(tok.decode(literal) == "<|im_start|>user")
        // Control tokens decode to nothing, as llama.cpp's detokenizer with special = false.
        #expect(tok.decode([1, 504, 2]) == "The")
    }

    /// The pre-tokeniser reproduces Python `regex.findall` pieces (mini_llama.py `BPE.pieces`), including
    /// the dropped lone "\n" before a word (no `|\s+` alternative).
    @Test func preTokenizerPieces() {
        let pre = GPT2PreTokenizer(splitDigits: true)
        #expect(pre.pieces("  Hello\n\nworld  ") == [" ", " Hello", "\n", "world", "  "])
        #expect(pre.pieces("It's 2025: ok...") == ["It", "'s", " ", "2", "0", "2", "5", ":", " ok", "..."])
        #expect(pre.pieces("we'll they're I'd x'y") == ["we", "'ll", " they", "'re", " I", "'d", " x", "'", "y"])
        // A lone tab before a word matches nothing and is dropped, like the second "\n" above.
        #expect(pre.pieces("tabs\there") == ["tabs", "here"])
        #expect(GPT2PreTokenizer(splitDigits: false).pieces("ab 123 4") == ["ab", " 123", " 4"])
    }
}
