import Foundation
import ProseKernelsC

// MARK: - Batched prompt evaluation
//
// The prompt's tokens go through the layers together: each weight matrix multiplies all of their
// activation vectors in one pass (`prose_matmul_x8`: the weights stream from memory once per batch
// instead of once per token), attention stays causal (token t of the batch sees positions 0...t, all
// written to the KV cache before any of the batch's attention runs), and everything per token —
// RMSNorm, RoPE, the cache writes, attention, SwiGLU, the activation quantisation — is the one-token
// code on that token's row. Every float is therefore the one `forward(token:position:)` computes:
// the batched prompt is bit-identical to the prompt fed token by token (LlamaBatchTests).

/// Per-token buffers of one batch of prompt tokens (row t of each at t · width), allocated once.
final class LlamaBatchState: @unchecked Sendable {
    let capacity: Int
    let x: UnsafeMutablePointer<Float>      // (T, dim) residual stream
    let xb: UnsafeMutablePointer<Float>     // (T, xbWidth) normalised input / attention output
    let xb2: UnsafeMutablePointer<Float>    // (T, dim) matrix outputs added to the residual
    let q: UnsafeMutablePointer<Float>      // (T, nh·hd)
    let k: UnsafeMutablePointer<Float>      // (T, nkv·hd)
    let v: UnsafeMutablePointer<Float>      // (T, nkv·hd)
    let hb: UnsafeMutablePointer<Float>     // (T, ffn) gate, then silu(gate)·up
    let hb2: UnsafeMutablePointer<Float>    // (T, ffn) up
    let xbWidth: Int
    /// One activation scratch per token (quantised exactly as the one-token path quantises).
    let scratch: [ActivationScratch]
    /// scratch[t].expanded, the operand list of `prose_matmul_x8`.
    let expanded: UnsafeMutablePointer<UnsafeRawPointer?>
    /// scratch[t].bytes (the Q8_K blocks), the operand list of `prose_matmul_kquant`.
    let quantized: UnsafeMutablePointer<UnsafeRawPointer?>
    /// Attention scratch of each parallel part (scores, f16 weights, f16 query of one head at a time).
    let attentionParts: Int
    let scores: UnsafeMutablePointer<Float>     // (parts, cacheStride)
    let weights16: UnsafeMutablePointer<UInt16> // (parts, cacheStride)
    let query16: UnsafeMutablePointer<UInt16>   // (parts, hd)
    let cacheStride: Int

    init(config c: LlamaConfig, capacity: Int, useFastKernels: Bool, cacheStride: Int, parts: Int) {
        self.capacity = capacity
        let qDim = c.headCount * c.headDim
        xbWidth = max(c.dim, qDim)
        x = .allocate(capacity: capacity * c.dim)
        xb = .allocate(capacity: capacity * xbWidth)
        xb2 = .allocate(capacity: capacity * c.dim)
        q = .allocate(capacity: capacity * qDim)
        k = .allocate(capacity: capacity * c.kvDim)
        v = .allocate(capacity: capacity * c.kvDim)
        hb = .allocate(capacity: capacity * c.ffnDim)
        hb2 = .allocate(capacity: capacity * c.ffnDim)
        scratch = (0..<capacity).map { _ in
            ActivationScratch(capacity: max(c.dim, c.ffnDim, qDim), useFastKernels: useFastKernels)
        }
        expanded = .allocate(capacity: capacity)
        quantized = .allocate(capacity: capacity)
        self.cacheStride = cacheStride
        attentionParts = parts
        scores = .allocate(capacity: parts * cacheStride)
        weights16 = .allocate(capacity: parts * cacheStride)
        query16 = .allocate(capacity: parts * c.headDim)
        for t in 0..<capacity {
            expanded[t] = UnsafeRawPointer(scratch[t].expanded)
            quantized[t] = UnsafeRawPointer(scratch[t].bytes)
        }
    }

    deinit {
        for p in [x, xb, xb2, q, k, v, hb, hb2, scores] { p.deallocate() }
        weights16.deallocate()
        query16.deallocate()
        expanded.deallocate()
        quantized.deallocate()
    }
}

extension LlamaModel {
    /// Tokens per batch: enough that a batch streams the weights once for many tokens, small enough
    /// that the per-token buffers (~40 KB a token for SmolLM2) stay modest.
    static let promptBatchCapacity = 64

    /// Runs `tokens` at positions 0..<count (a fresh sequence) and returns the last token's logits when
    /// `computeLogits`. Batched (`batchedPrompt`, not in `exactFloat` mode) or token by token; both give
    /// the same bits.
    public func evaluatePrompt(_ tokens: [Int], computeLogits: Bool = true) -> UnsafePointer<Float>? {
        precondition(!tokens.isEmpty, "empty prompt")
        precondition(tokens.count <= contextLength, "prompt of \(tokens.count) tokens exceeds the context \(contextLength)")
        if !batchedPrompt || exactFloat || tokens.count == 1 {
            var logits: UnsafePointer<Float>?
            for (pos, id) in tokens.enumerated() {
                logits = forward(token: id, position: pos, computeLogits: computeLogits && pos == tokens.count - 1)
            }
            return logits
        }
        var start = 0
        var logits: UnsafePointer<Float>?
        while start < tokens.count {
            let end = min(tokens.count, start + Self.promptBatchCapacity)
            logits = forwardBatch(tokens[start..<end], position: start, computeLogits: computeLogits && end == tokens.count)
            start = end
        }
        return logits
    }

    /// `forward(token:position:)` for tokens at positions position..<position + count, in one pass per
    /// matrix; returns the last token's logits when `computeLogits`.
    func forwardBatch(_ ids: ArraySlice<Int>, position p0: Int, computeLogits: Bool) -> UnsafePointer<Float>? {
        let c = config, s = state
        let count = ids.count
        precondition(count >= 1 && count <= Self.promptBatchCapacity)
        precondition(p0 >= 0 && p0 + count <= contextLength, "positions \(p0)..<\(p0 + count) outside the context 0..<\(contextLength)")
        let b: LlamaBatchState
        if let made = batch {
            b = made
        } else {
            b = LlamaBatchState(config: c, capacity: Self.promptBatchCapacity, useFastKernels: s.activations.useFastKernels,
                                cacheStride: cacheStride, parts: pool.threadCount == 1 ? 1 : 4 * pool.threadCount)
            batch = b
        }
        for t in 0..<count { b.scratch[t].useFastKernels = s.activations.useFastKernels }
        let dim = c.dim, kvDim = c.kvDim, qDim = c.headCount * c.headDim, ffn = c.ffnDim, xbW = b.xbWidth

        for (t, id) in ids.enumerated() {
            precondition(id >= 0 && id < c.vocabSize, "token \(id) outside the vocabulary 0..<\(c.vocabSize)")
            weights.tokenEmbedding.dequantizeRow(id, into: b.x + t * dim)
        }
        for (l, layer) in weights.layers.enumerated() {
            for t in 0..<count { rmsNorm(b.x + t * dim, layer.attnNorm, into: b.xb + t * xbW, count: dim) }
            multiplyBatchGrouped([(layer.wq, b.q, qDim), (layer.wk, b.k, kvDim), (layer.wv, b.v, kvDim)],
                                 input: b.xb, stride: xbW, count: dim, tokens: count, batch: b)
            for t in 0..<count {
                let pos = p0 + t
                computeRope(position: pos)
                applyRope(b.q + t * qDim, heads: c.headCount)
                applyRope(b.k + t * kvDim, heads: c.kvHeadCount)
                let keyRow = s.keyCache + (l * cacheStride + pos) * kvDim
                let valueChunk = s.valueCache + (l * cacheStride + pos / 64 * 64) * kvDim
                let kt = b.k + t * kvDim, vt = b.v + t * kvDim
                for i in 0..<kvDim {
                    keyRow[i] = Float16(kt[i]).bitPattern
                    valueChunk[i * 64 + pos % 64] = Float16(vt[i]).bitPattern
                }
            }
            // Causal: every key and value of the batch is in the cache; token t reads positions ≤ p0 + t.
            attendBatch(layer: l, from: p0, count: count, batch: b)
            multiplyBatchGrouped([(layer.wo, b.xb2, dim)], input: b.xb, stride: xbW, count: qDim, tokens: count, batch: b)
            for i in 0..<(count * dim) { b.x[i] += b.xb2[i] }
            for t in 0..<count { rmsNorm(b.x + t * dim, layer.ffnNorm, into: b.xb + t * xbW, count: dim) }
            multiplyBatchGrouped([(layer.wGate, b.hb, ffn), (layer.wUp, b.hb2, ffn)],
                                 input: b.xb, stride: xbW, count: dim, tokens: count, batch: b)
            // Per token: the 8-wide exp and its scalar tail must fall on the same elements as in `forward`.
            for t in 0..<count { prose_swiglu(Int32(ffn), b.hb + t * ffn, b.hb + t * ffn, b.hb2 + t * ffn) }
            multiplyBatchGrouped([(layer.wDown, b.xb2, dim)], input: b.hb, stride: ffn, count: ffn, tokens: count, batch: b)
            for i in 0..<(count * dim) { b.x[i] += b.xb2[i] }
        }

        guard computeLogits else { return nil }
        // The head for the last token only, exactly as `forward` computes it.
        rmsNorm(b.x + (count - 1) * dim, weights.outputNorm, into: s.xb, count: dim)
        s.activations.prepare(s.xb, count: dim, for: weights.output.type.activationType)
        multiply([(weights.output, s.logits)])
        return UnsafePointer(s.logits)
    }

    /// The attention of every (token, head) pair of the batch in one parallel dispatch, each pair by the
    /// one-token path's `HeadAttention` on its part's scratch: token t's heads land in row t of `xb`.
    private func attendBatch(layer l: Int, from p0: Int, count: Int, batch b: LlamaBatchState) {
        let head = headAttention(layer: l)
        let heads = config.headCount, hd = config.headDim, qDim = heads * hd, xbW = b.xbWidth, stride = b.cacheStride
        let q = Shared(b.q), out = Shared(b.xb), scores = Shared(b.scores), w16 = Shared(b.weights16), q16 = Shared(b.query16)
        let items = count * heads, available = b.attentionParts
        pool.run { part, parts in
            precondition(parts <= available, "attention scratch for \(available) parts, pool asked for \(parts)")
            for i in (items * part / parts)..<(items * (part + 1) / parts) {
                let t = i / heads, h = i % heads
                head.run(head: h, position: p0 + t, q: q.p + t * qDim + h * hd, out: out.p + t * xbW + h * hd,
                         scores: scores.p + part * stride, p16: w16.p + part * stride, q16: q16.p + part * hd)
            }
        }
    }

    /// Y_j = W_j · X for matrices reading the same batch input X (row t at input + t·stride): each
    /// token's row quantised once per activation type, then one parallel dispatch (rows split in 8-row
    /// groups as in `multiply`).
    private func multiplyBatchGrouped(_ jobs: [(WeightMatrix, UnsafeMutablePointer<Float>, Int)], input: UnsafeMutablePointer<Float>,
                                      stride: Int, count: Int, tokens: Int, batch b: LlamaBatchState) {
        var prepared: ActivationType?
        var pending: [(WeightMatrix, UnsafeMutablePointer<Float>, Int)] = []
        for job in jobs {
            let type = job.0.type.activationType
            if type != prepared {
                if !pending.isEmpty { multiplyBatch(pending, tokens: tokens, batch: b) }
                pending = []
                // Each token's quantisation is its own (its scratch, its row): the parts split the tokens.
                let scratch = b.scratch, x = Shared(input)
                pool.run { part, parts in
                    for t in (tokens * part / parts)..<(tokens * (part + 1) / parts) {
                        scratch[t].prepare(x.p + t * stride, count: count, for: type)
                    }
                }
                prepared = type
            }
            pending.append(job)
        }
        multiplyBatch(pending, tokens: tokens, batch: b)
    }

    private func multiplyBatch(_ jobs: [(WeightMatrix, UnsafeMutablePointer<Float>, Int)], tokens: Int, batch b: LlamaBatchState) {
        let scratch = b.scratch, expanded = Shared(b.expanded), quantized = Shared(b.quantized)
        let list = jobs.map { ($0.0, Shared($0.1), $0.2) }
        let fast = state.activations.useFastKernels
        for (w, _, _) in list {
            precondition(scratch[0].preparedType == w.type.activationType && scratch[0].preparedCount == w.cols,
                         "batch activations not prepared for \(w.name)")
        }
        pool.run { part, parts in
            for (w, y, stride) in list {
                let groups = (w.rows + 7) / 8
                let lo = min(w.rows, 8 * (groups * part / parts)), hi = min(w.rows, 8 * (groups * (part + 1) / parts))
                guard lo < hi else { continue }
                if fast, let x8 = w.interleavedRows {
                    prose_matmul_x8(x8.kind, Int32(w.cols), x8.bytes, Int32(w.rows), Int32(lo), Int32(hi), Int32(tokens),
                                    expanded.p, y.p, stride)
                } else if fast, w.type == .q4_K || w.type == .q5_K || w.type == .q6_K {
                    prose_matmul_kquant(Int32(w.type.rawValue), Int32(w.cols), w.data, w.rowBytes, Int32(lo), Int32(hi), Int32(tokens),
                                        quantized.p, y.p, stride)
                } else {
                    for t in 0..<tokens { w.multiply(rows: lo..<hi, activations: scratch[t], into: y.p + t * stride) }
                }
            }
        }
    }
}
