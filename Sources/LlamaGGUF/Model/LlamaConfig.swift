/// Dimensions of a llama-architecture model, read from GGUF metadata (`<arch>.…` keys).
///
/// Legend used across `Model/`: dim = d_model, hd = head_dim, nh = query heads, nkv = key/value heads,
/// ffn = SwiGLU hidden size, ctx = context length used (≤ trained context).
public struct LlamaConfig: Sendable, Equatable {
    public var architecture: String
    public var layerCount: Int
    public var dim: Int
    public var ffnDim: Int
    public var headCount: Int
    public var kvHeadCount: Int
    public var headDim: Int
    /// RoPE rotates the first `ropeDim` values of each head (usually all of them).
    public var ropeDim: Int
    public var ropeBase: Float
    public var rmsEpsilon: Float
    public var trainedContext: Int
    public var vocabSize: Int

    /// Reads the configuration; missing optional keys take llama.cpp's defaults (kv heads = heads,
    /// RoPE base 10000, RoPE dims = head dim, ε = 1e-5). Every value is checked before anything is
    /// sized by it: counts ≥ 1, d_model = heads × head dim with an even head dim, heads a multiple of
    /// kv heads, RoPE over the whole head (as llama.cpp requires for llama), RoPE base and ε finite
    /// and > 0, context ≥ 1, and a vocabulary as long as `token_embd.weight` has rows.
    /// - throws: `GGUFError.missingKey` / `.wrongKeyType` / `.inconsistent` naming the key and the expected value.
    public init(gguf: GGUFFile) throws {
        architecture = try gguf.string("general.architecture")
        guard architecture == "llama" else {
            throw GGUFError.inconsistent(path: gguf.path, subject: "key 'general.architecture'",
                                         detail: "'\(architecture)' is not supported (only 'llama')")
        }
        let a = architecture
        func bad(_ key: String, _ detail: String) -> GGUFError {
            .inconsistent(path: gguf.path, subject: "key '\(key)'", detail: detail)
        }
        func positive(_ key: String, default fallback: Int? = nil) throws -> Int {
            let v = try fallback.map { try gguf.int(key, default: $0) } ?? gguf.int(key)
            // The kernels take 32-bit counts.
            guard v >= 1, v <= Int(Int32.max) else { throw bad(key, "\(v), expected 1...\(Int32.max)") }
            return v
        }
        layerCount = try positive("\(a).block_count")
        dim = try positive("\(a).embedding_length")
        ffnDim = try positive("\(a).feed_forward_length")
        headCount = try positive("\(a).attention.head_count")
        kvHeadCount = try positive("\(a).attention.head_count_kv", default: headCount)
        guard dim % headCount == 0 else {
            throw bad("\(a).attention.head_count", "\(headCount) heads do not divide d_model \(dim) ('\(a).embedding_length')")
        }
        guard headCount % kvHeadCount == 0 else {
            throw bad("\(a).attention.head_count_kv", "\(kvHeadCount), expected a divisor of the \(headCount) query heads")
        }
        headDim = dim / headCount
        guard headDim % 2 == 0 else {
            throw bad("\(a).attention.head_count", "head dimension \(dim) / \(headCount) = \(headDim), expected an even number (RoPE rotates pairs)")
        }
        for key in ["\(a).attention.key_length", "\(a).attention.value_length"] where gguf.metadata[key] != nil {
            let v = try gguf.int(key)
            guard v == headDim else { throw bad(key, "\(v), expected the head dimension \(dim) / \(headCount) = \(headDim)") }
        }
        ropeDim = try gguf.int("\(a).rope.dimension_count", default: headDim)
        guard ropeDim == headDim else {
            throw bad("\(a).rope.dimension_count", "\(ropeDim), expected the head dimension \(headDim)")
        }
        ropeBase = Float(try gguf.double("\(a).rope.freq_base", default: 10000))
        guard ropeBase.isFinite, ropeBase > 0 else {
            throw bad("\(a).rope.freq_base", "\(ropeBase), expected a finite number > 0")
        }
        rmsEpsilon = Float(try gguf.double("\(a).attention.layer_norm_rms_epsilon", default: 1e-5))
        guard rmsEpsilon.isFinite, rmsEpsilon > 0 else {
            throw bad("\(a).attention.layer_norm_rms_epsilon", "\(rmsEpsilon), expected a finite number > 0")
        }
        trainedContext = try positive("\(a).context_length", default: 2048)
        let embedding = try gguf.tensorInfo("token_embd.weight")
        vocabSize = embedding.rowCount
        guard embedding.dimensions.count == 2, embedding.rowLength == dim, vocabSize <= Int(Int32.max) else {
            throw GGUFError.inconsistent(path: gguf.path, subject: "tensor 'token_embd.weight'",
                                         detail: "shape \(embedding.dimensions) (ne0, ne1), expected [\(dim), vocabulary]")
        }
        if let tokens = gguf.metadata["tokenizer.ggml.tokens"]?.arrayValue, tokens.count != vocabSize {
            throw bad("tokenizer.ggml.tokens", "\(tokens.count) tokens, expected \(vocabSize) (the rows of 'token_embd.weight')")
        }
        if gguf.metadata["\(a).vocab_size"] != nil {
            let v = try gguf.int("\(a).vocab_size")
            guard v == vocabSize else { throw bad("\(a).vocab_size", "\(v), expected \(vocabSize) (the rows of 'token_embd.weight')") }
        }
    }

    public var kvDim: Int { kvHeadCount * headDim }
}
