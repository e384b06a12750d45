/// One typed view per tensor of a llama GGUF, resolved by name once at load (forward never looks up).
///
/// Shapes are (rows × cols) with `y = W·x` one dot product per row.
public struct LlamaWeights: @unchecked Sendable {
    public struct Layer: @unchecked Sendable {
        public let attnNorm: UnsafePointer<Float>   // (dim)
        public let wq: WeightMatrix                 // (nh·hd × dim)
        public let wk: WeightMatrix                 // (nkv·hd × dim)
        public let wv: WeightMatrix                 // (nkv·hd × dim)
        public let wo: WeightMatrix                 // (dim × nh·hd)
        public let ffnNorm: UnsafePointer<Float>    // (dim)
        public let wGate: WeightMatrix              // (ffn × dim)
        public let wUp: WeightMatrix                // (ffn × dim)
        public let wDown: WeightMatrix              // (dim × ffn)
    }

    public let tokenEmbedding: WeightMatrix         // (vocab × dim)
    public let layers: [Layer]
    public let outputNorm: UnsafePointer<Float>     // (dim)
    /// `output.weight`, or `token_embd.weight` when the head is tied (SmolLM2).
    public let output: WeightMatrix                 // (vocab × dim)
    public let tiedOutput: Bool
    /// Norm vectors converted to f32 once (they are tiny); owned here.
    private let normStorage: [UnsafeMutablePointer<Float>]

    /// Resolves and checks every tensor against the config.
    /// - throws: `GGUFError` naming the missing, unsupported or misshaped tensor.
    /// - parameter interleave: give Q4_1 / Q8_0 matrices their 8-row interleaved copy for the x8 kernels
    ///   (the mapped row-major pages are dropped as they are copied).
    public init(gguf: GGUFFile, config c: LlamaConfig, interleave: Bool = false) throws {
        var norms: [UnsafeMutablePointer<Float>] = []
        func matrix(_ name: String, rows: Int, cols: Int) throws -> WeightMatrix {
            let t = try gguf.tensor(name)
            guard t.info.dimensions.count == 2, t.rows == rows, t.cols == cols else {
                throw GGUFError.inconsistent(path: gguf.path, subject: "tensor '\(name)'",
                                             detail: "shape \(t.info.dimensions) (ne0, ne1), expected [\(cols), \(rows)] from the metadata")
            }
            return interleave ? WeightMatrix(t).interleaved(releaseSource: true) : WeightMatrix(t)
        }
        func vector(_ name: String, count: Int) throws -> UnsafePointer<Float> {
            let t = try gguf.tensor(name)
            guard t.info.dimensions == [count] else {
                throw GGUFError.inconsistent(path: gguf.path, subject: "tensor '\(name)'",
                                             detail: "shape \(t.info.dimensions), expected [\(count)]")
            }
            let out = UnsafeMutablePointer<Float>.allocate(capacity: count)
            WeightMatrix(t).dequantizeRow(0, into: out)
            norms.append(out)
            return UnsafePointer(out)
        }
        do {
            tokenEmbedding = try matrix("token_embd.weight", rows: c.vocabSize, cols: c.dim)
            var layers: [Layer] = []
            for l in 0..<c.layerCount {
                let p = "blk.\(l)."
                layers.append(Layer(
                    attnNorm: try vector(p + "attn_norm.weight", count: c.dim),
                    wq: try matrix(p + "attn_q.weight", rows: c.headCount * c.headDim, cols: c.dim),
                    wk: try matrix(p + "attn_k.weight", rows: c.kvDim, cols: c.dim),
                    wv: try matrix(p + "attn_v.weight", rows: c.kvDim, cols: c.dim),
                    wo: try matrix(p + "attn_output.weight", rows: c.dim, cols: c.headCount * c.headDim),
                    ffnNorm: try vector(p + "ffn_norm.weight", count: c.dim),
                    wGate: try matrix(p + "ffn_gate.weight", rows: c.ffnDim, cols: c.dim),
                    wUp: try matrix(p + "ffn_up.weight", rows: c.ffnDim, cols: c.dim),
                    wDown: try matrix(p + "ffn_down.weight", rows: c.dim, cols: c.ffnDim)))
            }
            self.layers = layers
            outputNorm = try vector("output_norm.weight", count: c.dim)
            if gguf.hasTensor("output.weight") {
                output = try matrix("output.weight", rows: c.vocabSize, cols: c.dim)
                tiedOutput = false
            } else {
                output = tokenEmbedding
                tiedOutput = true
            }
        } catch {
            norms.forEach { $0.deallocate() }
            throw error
        }
        normStorage = norms
    }

    /// Frees the f32 norm copies; called once by the owning model.
    func release() { normStorage.forEach { $0.deallocate() } }

    /// Every matrix, for sizing scratch buffers.
    var allMatrices: [WeightMatrix] {
        [tokenEmbedding, output] + layers.flatMap { [$0.wq, $0.wk, $0.wv, $0.wo, $0.wGate, $0.wUp, $0.wDown] }
    }
}
