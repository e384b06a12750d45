import Foundation
import ProseKernelsC

// MARK: - Llama transformer (forward pass of one token)
//
// Ports the forward pass of `shared/tools/mini_llama.py` (`run`), with llama.cpp's numerics where they
// differ from that f32 reference (prose.md §5.2): activations are quantised to 8 bits before each
// integer matrix-vector product (Q8_1 for Q4_1 weights, Q8_0 for Q8_0/Q4_0, Q8_K for K-quants), the KV
// cache and the query are f16 for the attention dot products, and RMSNorm sums in double.
// Legend: dim = d_model, hd = head_dim, nh / nkv = query / key-value heads, ffn = SwiGLU width,
// pos = position of the token in the sequence. Left out: RoPE scaling. The batched prompt path
// (`evaluatePrompt`, LlamaBatch.swift) runs this same pass for many tokens with the same bits.

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
    /// Buffers of the batched prompt path (`LlamaBatch.swift`), made at the first prompt of > 1 token.
    var batch: LlamaBatchState?
    /// true = prompts are evaluated in batches (matrix × matrix, same bits); false = token by token.
    /// Starts false when the environment sets `HARMONIX_PROMPT_BATCH=0` (for speed comparisons).
    public var batchedPrompt = ProcessInfo.processInfo.environment["HARMONIX_PROMPT_BATCH"] != "0"

    /// - parameter contextLength: positions of the KV cache (default min(trained, 2048) like the original's n_ctx).
    /// - parameter useFastKernels: false = Swift oracle kernels only (tests).
    public init(file: GGUFFile, threads: Int = 1, contextLength: Int? = nil, useFastKernels: Bool = true) throws {
        self.file = file
        config = try LlamaConfig(gguf: file)
        try KernelPath.checkEnvironment()
        weights = try LlamaWeights(gguf: file, config: config, interleave: useFastKernels)
        self.contextLength = max(1, min(contextLength ?? 2048, config.trainedContext))
        state = LlamaRunState(config: config, contextLength: self.contextLength, useFastKernels: useFastKernels)
        pool = MatvecPool(threads: threads)
    }

    deinit { weights.release() }

    /// true = f32 activations and dequantised weights in every matvec, q and attention weights not rounded
    /// to f16 (the `mini_llama.py` numerics except the f16 KV cache); a slow diagnostic mode for tests
    /// against the exact-f32 golden logits.
    public var exactFloat: Bool {
        get { state.activations.exactFloat }
        set { state.activations.exactFloat = newValue }
    }

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
            multiplyGrouped([(layer.wq, s.q), (layer.wk, s.k), (layer.wv, s.v)], input: s.xb, count: dim)
            // rotate q, k: adjacent pairs (x[2i], x[2i+1]) by θ_i = pos·base^(−2i/hd)   ("NORM" RoPE)
            applyRope(s.q, heads: c.headCount)
            applyRope(s.k, heads: c.kvHeadCount)
            // append k, v to the f16 cache; V is transposed in chunks of 64 positions
            // (chunk c of layer l: kvDim rows of 64 positions), so a new position touches one chunk only.
            let keyRow = s.keyCache + (l * cacheStride + pos) * kvDim
            let valueChunk = s.valueCache + (l * cacheStride + pos / 64 * 64) * kvDim
            for i in 0..<kvDim {
                keyRow[i] = Float16(s.k[i]).bitPattern
                valueChunk[i * 64 + pos % 64] = Float16(s.v[i]).bitPattern
            }
            // att = softmax(q·Kᵀ / sqrt(hd)) · V over positions 0...pos, head h uses kv head h / (nh / nkv)
            attention(layer: l, position: pos)
            // x += Wo · concat(att)
            s.activations.prepare(s.xb, count: qDim, for: layer.wo.type.activationType)
            multiply([(layer.wo, s.xb2)])
            for i in 0..<dim { s.x[i] += s.xb2[i] }
            // h = rmsnorm(x) * ffn_norm ; x += Wdown · (silu(Wgate·h) ⊙ (Wup·h))          (SwiGLU)
            rmsNorm(s.x, layer.ffnNorm, into: s.xb, count: dim)
            multiplyGrouped([(layer.wGate, s.hb), (layer.wUp, s.hb2)], input: s.xb, count: dim)
            if s.activations.exactFloat {
                for i in 0..<c.ffnDim {
                    let g = s.hb[i]
                    s.hb[i] = g / (1 + expf(-g)) * s.hb2[i]   // silu(g)·up, silu(x) = x·σ(x)
                }
            } else {
                prose_swiglu(Int32(c.ffnDim), s.hb, s.hb, s.hb2)   // same, with ggml's exp approximation
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
    func rmsNorm(_ x: UnsafePointer<Float>, _ w: UnsafePointer<Float>, into y: UnsafeMutablePointer<Float>, count n: Int) {
        var sum: Double = 0
        for i in 0..<n { sum += Double(x[i] * x[i]) }
        let mean = Float(sum / Double(n))
        let scale = 1 / sqrtf(mean + config.rmsEpsilon)
        for i in 0..<n { y[i] = (x[i] * scale) * w[i] }
    }

    /// cos/sin of θ_i = pos·base^(−2i/ropeDim), θ advanced by repeated multiplication as in ggml's rope cache.
    func computeRope(position pos: Int) {
        let half = config.ropeDim / 2
        let thetaScale = powf(config.ropeBase, -2 / Float(config.ropeDim))
        var theta = Float(pos)
        for i in 0..<half {
            state.rope[2 * i] = cosf(theta)
            state.rope[2 * i + 1] = sinf(theta)
            theta *= thetaScale
        }
    }

    func applyRope(_ v: UnsafeMutablePointer<Float>, heads: Int) {
        for h in 0..<heads {
            prose_rope_pairs(Int32(config.ropeDim), v + h * config.headDim, state.rope)
        }
    }

    /// Attention of every query head over the cache, written into `xb` (nh·hd).
    ///
    /// llama.cpp without flash attention, operation for operation: kq = f16(q)·K_f16 (`ggml_vec_dot_f16`),
    /// softmax(kq·scale) with ggml's exp and sum order over positions padded with −∞ to a multiple of 16,
    /// weights rounded to f16, out = V_f16ᵀ·p over positions zero-padded to a multiple of 64 (the AVX2 or
    /// AVX-512 form, whichever llama.cpp built with -march=native uses on this CPU).
    func attention(layer l: Int, position pos: Int) {
        let c = config, s = state
        let hd = c.headDim, kvDim = c.kvDim, group = c.headCount / c.kvHeadCount
        let scale = 1 / sqrtf(Float(hd))
        let stride = cacheStride
        let keys = Shared(s.keyCache + l * stride * kvDim), values = Shared(s.valueCache + l * stride * kvDim)
        let q = Shared(s.q), q16 = Shared(s.q16), out = Shared(s.xb), att = Shared(s.att), prob = Shared(s.prob16)
        let exact = s.activations.exactFloat
        let heads = c.headCount
        let head = headAttention(layer: l)
        let work: @Sendable (Range<Int>) -> Void = { range in
            for h in range {
                let kvh = h / group
                let scores = att.p + h * stride
                let oh = out.p + h * hd
                if exact {
                    // f32 reference: q·k in f32, softmax in f32, no f16 rounding of q or weights.
                    let qh = q.p + h * hd
                    var maxScore = -Float.infinity
                    for t in 0...pos {
                        let kt = keys.p + t * kvDim + kvh * hd
                        var dot: Float = 0
                        for i in 0..<hd { dot += qh[i] * Float(Float16(bitPattern: kt[i])) }
                        scores[t] = dot * scale
                        maxScore = max(maxScore, scores[t])
                    }
                    var sum: Double = 0
                    for t in 0...pos {
                        scores[t] = expf(scores[t] - maxScore)
                        sum += Double(scores[t])
                    }
                    for i in 0..<hd {
                        let channel = kvh * hd + i
                        var acc: Float = 0
                        for t in 0...pos {
                            let v = values.p[(t / 64 * 64) * kvDim + channel * 64 + t % 64]
                            acc += scores[t] / Float(sum) * Float(Float16(bitPattern: v))
                        }
                        oh[i] = acc
                    }
                    continue
                }
                head.run(head: h, position: pos, q: q.p + h * hd, out: oh, scores: scores, p16: prob.p + h * stride, q16: q16.p + h * hd)
            }
        }
        if pos < 64 || pool.threadCount == 1 {
            work(0..<heads)
        } else {
            pool.run { part, parts in work((heads * part / parts)..<(heads * (part + 1) / parts)) }
        }
    }

    /// The attention of layer `l` over its caches (shared by the one-token and the batched paths).
    func headAttention(layer l: Int) -> HeadAttention {
        let c = config, stride = cacheStride
        return HeadAttention(keys: state.keyCache + l * stride * c.kvDim, values: state.valueCache + l * stride * c.kvDim,
                             kvDim: c.kvDim, headDim: c.headDim, group: c.headCount / c.kvHeadCount,
                             scale: 1 / sqrtf(Float(c.headDim)))
    }

    /// Positions per layer in the caches (context plus the 64-position padding the f16 dot reads).
    var cacheStride: Int { state.cacheStride }

    /// y_j = W_j · x for matrices reading the same input: one quantisation and one parallel dispatch per
    /// activation type (mixed files, e.g. Q5_K_M with Q6_K `attn_v`, may pair different types).
    private func multiplyGrouped(_ jobs: [(WeightMatrix, UnsafeMutablePointer<Float>)], input x: UnsafePointer<Float>, count: Int) {
        let first = jobs[0].0.type.activationType
        if jobs.allSatisfy({ $0.0.type.activationType == first }) {
            state.activations.prepare(x, count: count, for: first)
            multiply(jobs)
            return
        }
        for job in jobs {
            state.activations.prepare(x, count: count, for: job.0.type.activationType)
            multiply([job])
        }
    }

    /// y_j = W_j · activations for several matrices sharing one prepared activation vector, in one
    /// parallel dispatch: part p of P computes the rows of groups [p·G/P, (p+1)·G/P) of every matrix,
    /// G = its 8-row groups (the x8 kernels' unit; a split inside a group would compute it twice).
    func multiply(_ jobs: [(WeightMatrix, UnsafeMutablePointer<Float>)]) {
        let acts = state.activations
        let list = jobs.map { ($0.0, Shared($0.1)) }
        pool.run { part, parts in
            for (w, y) in list {
                let groups = (w.rows + 7) / 8
                let lo = min(w.rows, 8 * (groups * part / parts)), hi = min(w.rows, 8 * (groups * (part + 1) / parts))
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
