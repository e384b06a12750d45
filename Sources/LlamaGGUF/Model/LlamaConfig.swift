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
    /// RoPE base 10000, RoPE dims = head dim, ε = 1e-5).
    /// - throws: `GGUFError.missingKey` / `.inconsistent` naming the key.
    public init(gguf: GGUFFile) throws {
        architecture = try gguf.string("general.architecture")
        guard architecture == "llama" else {
            throw GGUFError.inconsistent(path: gguf.path, subject: "key 'general.architecture'",
                                         detail: "'\(architecture)' is not supported (only 'llama')")
        }
        let a = architecture
        layerCount = try gguf.int("\(a).block_count")
        dim = try gguf.int("\(a).embedding_length")
        ffnDim = try gguf.int("\(a).feed_forward_length")
        headCount = try gguf.int("\(a).attention.head_count")
        kvHeadCount = try gguf.int("\(a).attention.head_count_kv", default: headCount)
        guard headCount > 0, kvHeadCount > 0, dim % headCount == 0, headCount % kvHeadCount == 0 else {
            throw GGUFError.inconsistent(path: gguf.path, subject: "key '\(a).attention.head_count'",
                                         detail: "\(headCount) query heads, \(kvHeadCount) kv heads, d_model \(dim)")
        }
        headDim = dim / headCount
        ropeDim = try gguf.int("\(a).rope.dimension_count", default: headDim)
        ropeBase = Float(try gguf.double("\(a).rope.freq_base", default: 10000))
        rmsEpsilon = Float(try gguf.double("\(a).attention.layer_norm_rms_epsilon", default: 1e-5))
        trainedContext = try gguf.int("\(a).context_length", default: 2048)
        vocabSize = try gguf.tensorInfo("token_embd.weight").rowCount
    }

    public var kvDim: Int { kvHeadCount * headDim }
}
