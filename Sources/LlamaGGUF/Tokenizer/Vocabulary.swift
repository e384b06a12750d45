/// The token table of a GGUF file (`tokenizer.ggml.*`) shared by both tokenizer kinds.
public struct Vocabulary: Sendable {
    /// GGUF/llama.cpp token types.
    public enum TokenType: Int, Sendable {
        case undefined = 0, normal = 1, unknown = 2, control = 3, userDefined = 4, unused = 5, byte = 6
    }

    public let tokens: [String]
    public let types: [TokenType]
    public let scores: [Float]
    public let ids: [String: Int]
    public let bosID: Int?
    public let eosID: Int?
    public let unknownID: Int?
    public let addBOS: Bool
    public let addEOS: Bool
    /// Tokens that end generation: EOS, EOT and the end-of-turn texts llama.cpp recognises by name.
    public let endOfGeneration: Set<Int>
    /// Control and user-defined tokens, longest text first: matched in the text before BPE/SPM when
    /// special tokens are parsed (prose.md §1.3: `parse_special=true`).
    public let specialTokens: [(text: String, id: Int)]

    public init(tokens: [String], types: [TokenType]? = nil, scores: [Float]? = nil, bosID: Int?, eosID: Int?,
                unknownID: Int? = nil, eotID: Int? = nil, addBOS: Bool, addEOS: Bool) {
        self.tokens = tokens
        let types = types ?? Array(repeating: .normal, count: tokens.count)
        self.types = types
        self.scores = scores ?? Array(repeating: 0, count: tokens.count)
        var ids: [String: Int] = [:]
        ids.reserveCapacity(tokens.count)
        for (i, t) in tokens.enumerated() where ids[t] == nil { ids[t] = i }
        self.ids = ids
        self.bosID = bosID
        self.eosID = eosID
        self.unknownID = unknownID
        self.addBOS = addBOS
        self.addEOS = addEOS
        var eog = Set<Int>()
        if let eosID { eog.insert(eosID) }
        if let eotID { eog.insert(eotID) }
        // llama.cpp (`llama_vocab::load`) also treats these texts as end of generation when present.
        for name in ["<|eot_id|>", "<|im_end|>", "<|end|>", "<end_of_turn>", "<|endoftext|>", "<EOT>", "_<EOT>", "<｜end▁of▁sentence｜>"] {
            if let id = ids[name], types[id] == .control || types[id] == .userDefined { eog.insert(id) }
        }
        endOfGeneration = eog
        specialTokens = types.indices
            .filter { (types[$0] == .control || types[$0] == .userDefined) && !tokens[$0].isEmpty }
            .map { (text: tokens[$0], id: $0) }
            .sorted { $0.text.utf8.count > $1.text.utf8.count }
    }

    public init(gguf: GGUFFile) throws {
        let tokens = try gguf.stringArray("tokenizer.ggml.tokens")
        var types: [TokenType]?
        if gguf.metadata["tokenizer.ggml.token_type"] != nil {
            let read = try gguf.intArray("tokenizer.ggml.token_type").map { TokenType(rawValue: $0) ?? .normal }
            guard read.count == tokens.count else {
                throw GGUFError.inconsistent(path: gguf.path, subject: "key 'tokenizer.ggml.token_type'",
                                             detail: "\(read.count) entries, expected one per token (\(tokens.count))")
            }
            types = read
        }
        var scores: [Float]?
        if gguf.metadata["tokenizer.ggml.scores"] != nil {
            let read = try gguf.floatArray("tokenizer.ggml.scores")
            guard read.count == tokens.count else {
                throw GGUFError.inconsistent(path: gguf.path, subject: "key 'tokenizer.ggml.scores'",
                                             detail: "\(read.count) entries, expected one per token (\(tokens.count))")
            }
            scores = read
        }
        let model = try gguf.string("tokenizer.ggml.model")
        func optionalID(_ key: String) throws -> Int? {
            guard gguf.metadata[key] != nil else { return nil }
            let id = try gguf.int(key)
            guard id >= 0 && id < tokens.count else {
                throw GGUFError.inconsistent(path: gguf.path, subject: "key '\(key)'", detail: "token id \(id) outside 0..<\(tokens.count)")
            }
            return id
        }
        // llama.cpp's defaults per tokenizer model: SPM adds BOS, GPT-2 BPE does not unless the file says so.
        let defaultBOS = model == "llama"
        self.init(tokens: tokens, types: types, scores: scores,
                  bosID: try optionalID("tokenizer.ggml.bos_token_id"),
                  eosID: try optionalID("tokenizer.ggml.eos_token_id"),
                  unknownID: try optionalID("tokenizer.ggml.unknown_token_id"),
                  eotID: try optionalID("tokenizer.ggml.eot_token_id"),
                  addBOS: try gguf.bool("tokenizer.ggml.add_bos_token", default: defaultBOS),
                  addEOS: try gguf.bool("tokenizer.ggml.add_eos_token", default: false))
    }

    /// Splits `text` into alternating plain fragments and special-token ids (leftmost, longest match).
    func partitionSpecial(_ text: String) -> [Fragment] {
        guard !specialTokens.isEmpty else { return [.text(text)] }
        var out: [Fragment] = []
        let bytes = Array(text.utf8)
        var start = 0, i = 0
        outer: while i < bytes.count {
            for (tokText, id) in specialTokens {
                let t = tokText.utf8
                if t.count <= bytes.count - i, t.first == bytes[i], bytes[i..<(i + t.count)].elementsEqual(t) {
                    if start < i { out.append(.text(String(decoding: bytes[start..<i], as: UTF8.self))) }
                    out.append(.token(id))
                    i += t.count
                    start = i
                    continue outer
                }
            }
            i += 1
        }
        if start < bytes.count { out.append(.text(String(decoding: bytes[start...], as: UTF8.self))) }
        return out
    }

    enum Fragment: Equatable {
        case text(String)
        case token(Int)
    }
}
