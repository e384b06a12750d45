import Foundation

// MARK: - Llama transformer (forward pass of one token)
//
// Ports the forward pass of `shared/tools/mini_llama.py` (`run`), with llama.cpp's numerics where they
// differ from that f32 reference (prose.md §5.2): activations are quantised to 8 bits before each
// integer matrix-vector product (Q8_1 for Q4_1 weights, Q8_0 for Q8_0/Q4_0, Q8_K for K-quants), the KV
// cache and the query are f16 for the attention dot products, and RMSNorm sums in double.
// Legend: dim = d_model, hd = head_dim, nh / nkv = query / key-value heads, ffn = SwiGLU width,
// pos = position of the token in the sequence. Left out: batched prompt evaluation, RoPE scaling.

/// A loaded llama-architecture model: configuration, weight views into the GGUF mapping, run state.
///
/// - warning: not thread-safe: one sequence at a time (the engine serialises calls).
public final class LlamaModel: @unchecked Sendable {
    public let config: LlamaConfig
    public let weights: LlamaWeights
    public let file: GGUFFile
    public let contextLength: Int
    let state: LlamaRunState
    let pool: MatvecPool

    /// - parameter contextLength: positions of the KV cache (default min(trained, 2048) like the original's n_ctx).
    /// - parameter useFastKernels: false = Swift oracle kernels only (tests).
    public init(file: GGUFFile, threads: Int = 1, contextLength: Int? = nil, useFastKernels: Bool = true) throws {
        self.file = file
        config = try LlamaConfig(gguf: file)
        weights = try LlamaWeights(gguf: file, config: config)
        self.contextLength = max(1, min(contextLength ?? 2048, config.trainedContext))
        state = LlamaRunState(config: config, contextLength: self.contextLength, useFastKernels: useFastKernels)
        pool = MatvecPool(threads: threads)
    }

    deinit { weights.release() }

    /// Runs one token at `position` (0-based; positions must be fed in order from 0) and returns the
    /// logits (vocab) when `computeLogits`, else nil (prompt tokens before the last need no head).
    public func forward(token: Int, position pos: Int, computeLogits: Bool = true) -> UnsafePointer<Float>? {
        let c = config, s = state
        precondition(token >= 0 && token < c.vocabSize, "token \(token) outside the vocabulary 0..<\(c.vocabSize)")
        precondition(pos >= 0 && pos < contextLength, "position \(pos) outside the context 0..<\(contextLength)")
        let dim = c.dim, hd = c.headDim, kvDim = c.kvDim, qDim = c.headCount * hd

        // x = token_embd[tok]                                   (mini_llama: W['token_embd.weight'][tok])
        weights.tokenEmbedding.dequantizeRow(token, into: s.x)
        computeRope(position: pos)

        for (l, layer) in weights.layers.enumerated() {
            // h = rmsnorm(x) * attn_norm
            rmsNorm(s.x, layer.attnNorm, into: s.xb, count: dim)
            // q, k, v = Wq·h, Wk·h, Wv·h  (one activation quantisation, one parallel dispatch)
            s.activations.prepare(s.xb, count: dim, for: layer.wq.type.activationType)
            multiply([(layer.wq, s.q), (layer.wk, s.k), (layer.wv, s.v)])
            // rotate q, k: adjacent pairs (x[2i], x[2i+1]) by θ_i = pos·base^(−2i/hd)   ("NORM" RoPE)
            applyRope(s.q, heads: c.headCount)
            applyRope(s.k, heads: c.kvHeadCount)
            for i in 0..<qDim { s.q[i] = Float(Float16(s.q[i])) }   // ggml converts q to f16 for the f16 K
            // append k, v to the cache (f16)
            let cacheOffset = (l * contextLength + pos) * kvDim
            for i in 0..<kvDim {
                s.keyCache[cacheOffset + i] = Float16(s.k[i])
                s.valueCache[cacheOffset + i] = Float16(s.v[i])
            }
            // att = softmax(q·Kᵀ / sqrt(hd)) · V over positions 0...pos, head h uses kv head h / (nh / nkv)
            attention(layer: l, position: pos)
            // x += Wo · concat(att)
            s.activations.prepare(s.xb, count: qDim, for: layer.wo.type.activationType)
            multiply([(layer.wo, s.xb2)])
            for i in 0..<dim { s.x[i] += s.xb2[i] }
            // h = rmsnorm(x) * ffn_norm ; x += Wdown · (silu(Wgate·h) ⊙ (Wup·h))          (SwiGLU)
            rmsNorm(s.x, layer.ffnNorm, into: s.xb, count: dim)
            s.activations.prepare(s.xb, count: dim, for: layer.wGate.type.activationType)
            if layer.wUp.type.activationType == layer.wGate.type.activationType {
                multiply([(layer.wGate, s.hb), (layer.wUp, s.hb2)])
            } else {
                multiply([(layer.wGate, s.hb)])
                s.activations.prepare(s.xb, count: dim, for: layer.wUp.type.activationType)
                multiply([(layer.wUp, s.hb2)])
            }
            for i in 0..<c.ffnDim {
                let g = s.hb[i]
                s.hb[i] = g / (1 + expf(-g)) * s.hb2[i]   // silu(g)·up, silu(x) = x·σ(x)
            }
            s.activations.prepare(s.hb, count: c.ffnDim, for: layer.wDown.type.activationType)
            multiply([(layer.wDown, s.xb2)])
            for i in 0..<dim { s.x[i] += s.xb2[i] }
        }

        guard computeLogits else { return nil }
        // logits = output · (rmsnorm(x) * output_norm)   (output = token_embd when tied)
        rmsNorm(s.x, weights.outputNorm, into: s.xb, count: dim)
        s.activations.prepare(s.xb, count: dim, for: weights.output.type.activationType)
        multiply([(weights.output, s.logits)])
        return UnsafePointer(s.logits)
    }

    // MARK: - Blocks

    /// y = (x · 1/sqrt(mean(x²) + ε)) · w, the sum in double like ggml's `rms_norm`.
    private func rmsNorm(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count n: Int) {
        var sum: Double = 0
        for i in 0..<n { sum += Double(x[i] * x[i]) }
        let mean = Float(sum / Double(n))
        let scale = 1 / sqrtf(mean + config.rmsEpsilon)
        for i in 0..<n { y[i] = (x[i] * scale) * w[i] }
    }

    /// cos/sin of θ_i = pos·base^(−2i/ropeDim), θ advanced by repeated multiplication as in ggml's rope cache.
    private func computeRope(position pos: Int) {
        let half = config.ropeDim / 2
        let thetaScale = powf(config.ropeBase, -2 / Float(config.ropeDim))
        var theta = Float(pos)
        for i in 0..<half {
            state.ropeCos[i] = cosf(theta)
            state.ropeSin[i] = sinf(theta)
            theta *= thetaScale
        }
    }

    private func applyRope(_ v: UnsafeMutablePointer<Float>, heads: Int) {
        let hd = config.headDim, half = config.ropeDim / 2
        for h in 0..<heads {
            let base = v + h * hd
            for i in 0..<half {
                let x0 = base[2 * i], x1 = base[2 * i + 1]
                let c = state.ropeCos[i], s = state.ropeSin[i]
                base[2 * i] = x0 * c - x1 * s
                base[2 * i + 1] = x0 * s + x1 * c
            }
        }
    }

    /// Attention of every query head over the cache, written into `xb` (nh·hd).
    ///
    /// llama.cpp (no flash attention): scores = f16(q)·K in f32, softmax in f32, output = f16(p)·V.
    private func attention(layer l: Int, position pos: Int) {
        let c = config, s = state
        let hd = c.headDim, kvDim = c.kvDim, group = c.headCount / c.kvHeadCount
        let scale = 1 / sqrtf(Float(hd))
        let ctx = contextLength
        let keys = s.keyCache + l * ctx * kvDim, values = s.valueCache + l * ctx * kvDim
        let q = Shared(s.q), out = Shared(s.xb), att = Shared(s.att)
        let keysP = Shared(keys), valuesP = Shared(values)
        let heads = c.headCount
        let work: @Sendable (Range<Int>) -> Void = { range in
            for h in range {
                let qh = q.p + h * hd
                let kvh = h / group
                let scores = att.p + h * ctx
                var maxScore = -Float.infinity
                for t in 0...pos {
                    let kt = keysP.p + t * kvDim + kvh * hd
                    var dot: Float = 0
                    for i in 0..<hd { dot += qh[i] * Float(kt[i]) }
                    let sc = dot * scale
                    scores[t] = sc
                    maxScore = max(maxScore, sc)
                }
                var sum: Double = 0
                for t in 0...pos {
                    let e = expf(scores[t] - maxScore)
                    scores[t] = e
                    sum += Double(e)
                }
                let inv = Float(1 / sum)
                let oh = out.p + h * hd
                for i in 0..<hd { oh[i] = 0 }
                for t in 0...pos {
                    let p = Float(Float16(scores[t] * inv))
                    let vt = valuesP.p + t * kvDim + kvh * hd
                    for i in 0..<hd { oh[i] += p * Float(vt[i]) }
                }
            }
        }
        if pos < 64 || pool.threadCount == 1 {
            work(0..<heads)
        } else {
            pool.run { part, parts in work((heads * part / parts)..<(heads * (part + 1) / parts)) }
        }
    }

    /// y_j = W_j · activations for several matrices sharing one prepared activation vector, in one
    /// parallel dispatch: part p of P computes rows [p·R/P, (p+1)·R/P) of every matrix.
    private func multiply(_ jobs: [(WeightMatrix, UnsafeMutablePointer<Float>)]) {
        let acts = state.activations
        let list = jobs.map { ($0.0, Shared($0.1)) }
        pool.run { part, parts in
            for (w, y) in list {
                let lo = w.rows * part / parts, hi = w.rows * (part + 1) / parts
                if lo < hi { w.multiply(rows: lo..<hi, activations: acts, into: y.p) }
            }
        }
    }
}

/// A raw pointer handed to pool workers; the pool's `run` returns only after every worker is done.
struct Shared<T>: @unchecked Sendable {
    let p: UnsafeMutablePointer<T>
    init(_ p: UnsafeMutablePointer<T>) { self.p = p }
}
