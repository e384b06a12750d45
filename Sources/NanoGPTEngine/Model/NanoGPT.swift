import HarmonixBase
import NanoGPTKernelsC

/// The Sonnet character-level NanoGPT (spec §1): 4 pre-LN blocks of 4-head causal attention and a
/// tanh-GELU FFN over a ≤ 64-character window, untied head, float32.
///
/// Legend (spec §1.4): T window length, C = 128 features, H = 4 heads of D = 32, F = 512.
/// ```
/// x = tokEmb[id] + posEmb[0..<T]
/// per block: h = LN1(x); [Q|K|V] = h·Wqkvᵀ; per head S = Q·Kᵀ·scale, causal softmax, O = P·V
///            x += [O0..O3]·Wprojᵀ + b; h = LN2(x); x += GELU(h·W0ᵀ + b0)·W2ᵀ + b2
/// logits = LN_f(x[T−1])·Wheadᵀ + bhead
/// ```
/// All rows of the window go through one GEMM per weight (``Gemm``). With
/// `skipUnusedLastLayerRows` the last block computes K and V for every row but queries,
/// attention, projection and FFN only for row T−1, the one the logits read — exact, and ≈ 20 %
/// less work.
///
/// - warning: Not thread-safe: one instance owns its scratch buffers. ``SonnetEngine`` serialises
///   access; create one model per thread otherwise.
public final class NanoGPT {
    public let attentionScale: AttentionScale
    public let skipUnusedLastLayerRows: Bool
    /// When set, every forward pass adds its cycles per kind of work to it (`bench sonnet`'s
    /// breakdown); nil costs one untaken branch per section.
    public var profile: ForwardProfile?

    private struct Layer {
        let qkv: PackedWeights        // 128 → 384: Q heads 0..3, K heads 0..3, V heads 0..3
        let proj: PackedWeights       // 128 → 128
        let ffnIn: PackedWeights      // 128 → 512
        let ffnOut: PackedWeights     // 512 → 128
        let projBias, ffnInBias, ffnOutBias: AlignedBuffer
        let ln1Weight, ln1Bias, ln2Weight, ln2Bias: AlignedBuffer
    }

    private static let capacityRows = 72   // 64 window rows + room for a 6-row block read past the end
    private static let qkvWidth = 3 * NanoGPTConfig.embedding

    private let layers: [Layer]
    private let tokenEmbedding, positionEmbedding: AlignedBuffer
    private let lnFWeight, lnFBias, headBias: AlignedBuffer
    private let head: PackedWeights

    // Scratch, allocated once.
    private let x, h, qkv, keysT, scores, attention, ffn, logitsRow: AlignedBuffer

    /// Packs `weights` for the kernels.
    ///
    /// - throws: `CPUFeatures.Missing` when the CPU lacks AVX2/FMA/F16C, which the kernels need.
    public init(
        weights: SonnetWeights, attentionScale: AttentionScale = .numpyInference,
        skipUnusedLastLayerRows: Bool = true
    ) throws {
        try CPUFeatures.requireKernelSupport()
        try SonnetGemmPath.checkEnvironment()
        let c = NanoGPTConfig.self
        self.attentionScale = attentionScale
        self.skipUnusedLastLayerRows = skipUnusedLastLayerRows
        layers = weights.blocks.map { b in
            Layer(
                qkv: PackedWeights(stacking: b.query + b.key + b.value, inputs: c.embedding),
                proj: PackedWeights(b.projWeight, inputs: c.embedding),
                ffnIn: PackedWeights(b.ffnInWeight, inputs: c.embedding),
                ffnOut: PackedWeights(b.ffnOutWeight, inputs: c.ffn),
                projBias: AlignedBuffer(b.projBias), ffnInBias: AlignedBuffer(b.ffnInBias),
                ffnOutBias: AlignedBuffer(b.ffnOutBias),
                ln1Weight: AlignedBuffer(b.ln1Weight), ln1Bias: AlignedBuffer(b.ln1Bias),
                ln2Weight: AlignedBuffer(b.ln2Weight), ln2Bias: AlignedBuffer(b.ln2Bias))
        }
        tokenEmbedding = AlignedBuffer(weights.tokenEmbedding)
        positionEmbedding = AlignedBuffer(weights.positionEmbedding)
        lnFWeight = AlignedBuffer(weights.lnFWeight)
        lnFBias = AlignedBuffer(weights.lnFBias)
        head = PackedWeights(weights.headWeight, inputs: c.embedding)
        var paddedBias = weights.headBias
        paddedBias += [Float](repeating: 0, count: head.paddedOutputs - c.vocabSize)
        headBias = AlignedBuffer(paddedBias)

        let rows = Self.capacityRows
        x = AlignedBuffer(count: rows * c.embedding)
        h = AlignedBuffer(count: rows * c.embedding)
        qkv = AlignedBuffer(count: rows * Self.qkvWidth)
        keysT = AlignedBuffer(count: c.headSize * c.blockSize)
        scores = AlignedBuffer(count: rows * c.blockSize)
        attention = AlignedBuffer(count: rows * c.embedding)
        ffn = AlignedBuffer(count: rows * c.ffn)
        logitsRow = AlignedBuffer(count: Gemm.rowBlock * head.paddedOutputs)
    }

    /// Logits of the last position for a window of 1...64 token ids (spec §1.4).
    public func lastLogits(_ ids: [Int]) -> [Float] {
        precondition((1...NanoGPTConfig.blockSize).contains(ids.count), "a window holds 1...64 token ids")
        ids.withUnsafeBufferPointer { forward($0) }
        return Array(UnsafeBufferPointer(start: logitsRow.pointer, count: NanoGPTConfig.vocabSize))
    }

    /// Runs the forward pass; the last position's 65 logits are left in ``logitsPointer``.
    func forward(_ ids: UnsafeBufferPointer<Int>) {
        let c = NanoGPTConfig.self
        let t = ids.count
        let width = c.embedding
        profile?.start()
        for (row, id) in ids.enumerated() {
            let dst = x.pointer + row * width
            let tok = tokenEmbedding.pointer + id * width
            let pos = positionEmbedding.pointer + row * width
            for j in 0..<width { dst[j] = tok[j] + pos[j] }
        }
        profile?.mark(.embedding)
        for (index, layer) in layers.enumerated() {
            let last = index == layers.count - 1
            block(layer, rows: t, queryStart: last && skipUnusedLastLayerRows ? t - 1 : 0)
        }
        layerNorm(
            x.pointer + (t - 1) * width, into: h.pointer + (t - 1) * width, rows: 1,
            weight: lnFWeight.pointer, bias: lnFBias.pointer, epsilon: c.layerNormEpsilon)
        profile?.mark(.layerNorm)
        Gemm.multiply(
            rows: 1, k: width, n: head.paddedOutputs, a: h.pointer + (t - 1) * width, lda: width,
            b: head.operand, bias: headBias.pointer, c: logitsRow.pointer, ldc: head.paddedOutputs,
            accumulate: false)
        profile?.mark(.linear)
    }

    var logitsPointer: UnsafePointer<Float> { UnsafePointer(logitsRow.pointer) }

    /// ``VectorMath/layerNorm``, on 16 lanes in C on the AVX-512 path (same results).
    private func layerNorm(
        _ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>, rows: Int,
        weight: UnsafePointer<Float>, bias: UnsafePointer<Float>, epsilon: Float
    ) {
        if sonnet_gemm_path() == SONNET_GEMM_AVX512 {
            sonnet_layer_norm_avx512(x, out, Int32(rows), weight, bias, epsilon)
        } else {
            VectorMath.layerNorm(x, into: out, rows: rows, weight: weight, bias: bias, epsilon: epsilon)
        }
    }

    /// One transformer block over rows 0..<t; outputs (x rows) are updated for rows queryStart..<t.
    private func block(_ layer: Layer, rows t: Int, queryStart q0: Int) {
        let c = NanoGPTConfig.self
        let width = c.embedding, qw = Self.qkvWidth, d = c.headSize, window = c.blockSize
        let xp = x.pointer, hp = h.pointer, qkvp = qkv.pointer
        let m = t - q0   // rows that carry queries
        // The AVX-512 path also runs LayerNorm, Kᵀ, softmax and GELU in C on 16 lanes (same results).
        let wide = sonnet_gemm_path() == SONNET_GEMM_AVX512
        // Query rows per causal block: the GEMM tile's height (8 on AVX-512, 6 on AVX2). Any height
        // gives the same bits: keys past a row's own last one get probability exactly 0, so they add
        // fma(0, v, acc) = acc to P·V and +0 to the softmax sum.
        let attentionRows = wide ? 8 : Gemm.rowBlock

        layerNorm(
            xp, into: hp, rows: t, weight: layer.ln1Weight.pointer, bias: layer.ln1Bias.pointer,
            epsilon: c.layerNormEpsilon)
        profile?.mark(.layerNorm)
        if q0 == 0 {
            Gemm.multiply(
                rows: t, k: width, n: qw, a: hp, lda: width, b: layer.qkv.operand, bias: nil,
                c: qkvp, ldc: qw, accumulate: false)
        } else {
            // Keys and values for every row (panels 8..<24), queries for rows q0..<t only.
            Gemm.multiply(
                rows: t, k: width, n: 2 * width, a: hp, lda: width, b: layer.qkv.operand(fromPanel: width / Gemm.panelWidth),
                bias: nil, c: qkvp + width, ldc: qw, accumulate: false)
            Gemm.multiply(
                rows: m, k: width, n: width, a: hp + q0 * width, lda: width, b: layer.qkv.operand, bias: nil,
                c: qkvp + q0 * qw, ldc: qw, accumulate: false)
        }
        profile?.mark(.linear)

        let scale = attentionScale.value
        let kt = keysT.pointer, sp = scores.pointer
        for head in 0..<c.heads {
            // Kᵀ of this head: kt[dim][key], row stride `window`.
            let kSource = qkvp + width + head * d
            if wide {
                sonnet_transpose_keys_avx512(kSource, Int32(qw), Int32(t), kt, Int32(window))
            } else {
                sonnet_transpose_keys(kSource, Int32(qw), Int32(t), kt, Int32(window))
            }
            profile?.mark(.keysTranspose)
            // Causal blocking: query rows r0..<r0+b (b = attentionRows) see keys 0..<q0+r0+b only, so each row block
            // computes scores and P·V over its visible keys (half the attention work at T = 64).
            var r0 = 0
            while r0 < m {
                let blockRows = min(attentionRows, m - r0)
                let visible = q0 + r0 + blockRows
                let keyColumns = (visible + Gemm.panelWidth - 1) / Gemm.panelWidth * Gemm.panelWidth
                let softmaxWidth = (visible + 7) / 8 * 8
                let rowScores = sp + r0 * window
                Gemm.multiply(
                    rows: blockRows, k: d, n: keyColumns, a: qkvp + (q0 + r0) * qw + head * d, lda: qw,
                    b: Gemm.Operand(base: UnsafePointer(kt), rowStride: window, panelStride: Gemm.panelWidth),
                    bias: nil, c: rowScores, ldc: window, accumulate: false)
                profile?.mark(.attentionProducts)
                if wide {
                    sonnet_causal_softmax_rows_avx512(
                        rowScores, Int32(window), Int32(blockRows), Int32(q0 + r0), Int32(softmaxWidth), scale)
                } else {
                    for r in 0..<blockRows {
                        VectorMath.causalSoftmaxRow(rowScores + r * window, last: q0 + r0 + r, width: softmaxWidth, scale: scale)
                    }
                }
                profile?.mark(.softmax)
                Gemm.multiply(
                    rows: blockRows, k: visible, n: d, a: rowScores, lda: window,
                    b: Gemm.Operand(base: UnsafePointer(qkvp + 2 * width + head * d), rowStride: qw, panelStride: Gemm.panelWidth),
                    bias: nil, c: attention.pointer + (q0 + r0) * width + head * d, ldc: width, accumulate: false)
                profile?.mark(.attentionProducts)
                r0 += attentionRows
            }
        }

        Gemm.multiply(
            rows: m, k: width, n: width, a: attention.pointer + q0 * width, lda: width, b: layer.proj.operand,
            bias: layer.projBias.pointer, c: xp + q0 * width, ldc: width, accumulate: true)
        profile?.mark(.linear)
        layerNorm(
            xp + q0 * width, into: hp + q0 * width, rows: m, weight: layer.ln2Weight.pointer,
            bias: layer.ln2Bias.pointer, epsilon: c.layerNormEpsilon)
        profile?.mark(.layerNorm)
        Gemm.multiply(
            rows: m, k: width, n: c.ffn, a: hp + q0 * width, lda: width, b: layer.ffnIn.operand,
            bias: layer.ffnInBias.pointer, c: ffn.pointer, ldc: c.ffn, accumulate: false)
        profile?.mark(.linear)
        if wide {
            sonnet_gelu_rows_avx512(ffn.pointer, Int32(m), Int32(c.ffn), Int32(c.ffn))
        } else {
            VectorMath.geluRows(ffn.pointer, rows: m, width: c.ffn, ld: c.ffn)
        }
        profile?.mark(.gelu)
        Gemm.multiply(
            rows: m, k: c.ffn, n: width, a: ffn.pointer, lda: c.ffn, b: layer.ffnOut.operand,
            bias: layer.ffnOutBias.pointer, c: xp + q0 * width, ldc: width, accumulate: true)
        profile?.mark(.linear)
    }
}
