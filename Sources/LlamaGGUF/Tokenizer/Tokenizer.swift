import HarmonixBase

/// Text ↔ token ids for a GGUF model, built from its `tokenizer.ggml.*` metadata.
public protocol Tokenizer: Sendable {
    var vocabulary: Vocabulary { get }
    /// Token ids of `text`; BOS/EOS added per the file's `add_bos_token` / `add_eos_token` when
    /// `addSpecial`, special-token texts (e.g. "<|im_end|>") mapped to their ids when `parseSpecial`.
    func encode(_ text: String, addSpecial: Bool, parseSpecial: Bool) -> [Int]
    /// The bytes of one token (control tokens give no bytes, like llama.cpp with special = false).
    func pieceBytes(_ id: Int) -> [UInt8]
}

extension Tokenizer {
    /// Text of a token sequence (invalid UTF-8 replaced by U+FFFD, as Python's decode(errors='replace')).
    public func decode(_ ids: [Int]) -> String {
        var bytes: [UInt8] = []
        for id in ids { bytes += pieceBytes(id) }
        return String(decoding: bytes, as: UTF8.self)
    }

    public func encode(_ text: String) -> [Int] { encode(text, addSpecial: true, parseSpecial: true) }
}

/// Errors of building a tokenizer from metadata.
public enum TokenizerError: ExplainedError {
    case unsupportedModel(path: String, model: String)

    public var explanation: ErrorExplanation {
        switch self {
        case let .unsupportedModel(path, model): return ErrorExplanation("Unsupported tokenizer: tokenizer.ggml.model is '\(model)' (supported: 'gpt2', 'llama')", while: "loading '\(path)'", fix: "Use a GGUF with a GPT-2 BPE or SentencePiece vocabulary.")
        }
    }
}

/// Picks the tokenizer the file declares.
public enum TokenizerFactory {
    public static func make(gguf: GGUFFile) throws -> any Tokenizer {
        let model = try gguf.string("tokenizer.ggml.model")
        let vocab = try Vocabulary(gguf: gguf)
        switch model {
        case "gpt2":
            let merges = try gguf.stringArray("tokenizer.ggml.merges")
            let pre = (try? gguf.string("tokenizer.ggml.pre")) ?? "default"
            return BPETokenizer(vocabulary: vocab, merges: merges, preTokenizer: pre)
        case "llama":
            let prefix = try gguf.bool("tokenizer.ggml.add_space_prefix", default: true)
            return SentencePieceTokenizer(vocabulary: vocab, addSpacePrefix: prefix)
        default:
            throw TokenizerError.unsupportedModel(path: gguf.path, model: model)
        }
    }
}
