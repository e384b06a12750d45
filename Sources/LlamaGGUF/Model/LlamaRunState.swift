import Foundation

/// Buffers of one running sequence, allocated once (no allocation inside `forward`).
///
/// Names follow llama2.c's `RunState`: x = residual stream, xb/xb2 = normalised / attention outputs,
/// q/k/v = projections of the current token, hb/hb2 = SwiGLU gate and up, att = attention scores per
/// head, logits = output. The KV cache is f16, as llama.cpp's default `type_k = type_v = f16`.
final class LlamaRunState: @unchecked Sendable {
    let x: UnsafeMutablePointer<Float>        // (dim)
    let xb: UnsafeMutablePointer<Float>       // (max(dim, nh·hd))
    let xb2: UnsafeMutablePointer<Float>      // (dim)
    let q: UnsafeMutablePointer<Float>        // (nh·hd)
    let k: UnsafeMutablePointer<Float>        // (nkv·hd)
    let v: UnsafeMutablePointer<Float>        // (nkv·hd)
    let hb: UnsafeMutablePointer<Float>       // (ffn)
    let hb2: UnsafeMutablePointer<Float>      // (ffn)
    let att: UnsafeMutablePointer<Float>      // (nh × ctx) scores, then exp(score − max)
    let prob16: UnsafeMutablePointer<UInt16>  // (nh × ctx) attention weights as f16, zero-padded to 64
    let q16: UnsafeMutablePointer<UInt16>     // (nh·hd) the query as f16
    let logits: UnsafeMutablePointer<Float>   // (vocab)
    let rope: UnsafeMutablePointer<Float>     // (ropeDim) [cos θ0, sin θ0, cos θ1, …] for the current position
    let keyCache: UnsafeMutablePointer<UInt16>     // (layer, ctx, nkv·hd) f16 bits
    let valueCache: UnsafeMutablePointer<UInt16>   // (layer, ctx / 64, nkv·hd, 64) f16 bits: V transposed per 64-position chunk
    let activations: ActivationScratch
    let contextLength: Int
    /// Positions per layer in the caches: the context rounded up to 64, plus one 64-position chunk of padding.
    let cacheStride: Int

    init(config c: LlamaConfig, contextLength: Int, useFastKernels: Bool) {
        self.contextLength = contextLength
        cacheStride = (contextLength + 63) / 64 * 64 + 64
        let qDim = c.headCount * c.headDim
        x = .allocate(capacity: c.dim)
        xb = .allocate(capacity: max(c.dim, qDim))
        xb2 = .allocate(capacity: c.dim)
        q = .allocate(capacity: qDim)
        k = .allocate(capacity: c.kvDim)
        v = .allocate(capacity: c.kvDim)
        hb = .allocate(capacity: c.ffnDim)
        hb2 = .allocate(capacity: c.ffnDim)
        att = .allocate(capacity: c.headCount * cacheStride)
        prob16 = .allocate(capacity: c.headCount * cacheStride)
        q16 = .allocate(capacity: qDim)
        logits = .allocate(capacity: c.vocabSize)
        rope = .allocate(capacity: max(2, c.ropeDim))
        // calloc: zero pages from the OS, resident only once touched (the caches are read up to a
        // 64-position padding past the current position, so unused slots must be finite zeros).
        let cacheCount = c.layerCount * cacheStride * c.kvDim
        keyCache = calloc(cacheCount, 2)!.bindMemory(to: UInt16.self, capacity: cacheCount)
        valueCache = calloc(cacheCount, 2)!.bindMemory(to: UInt16.self, capacity: cacheCount)
        activations = ActivationScratch(capacity: max(c.dim, c.ffnDim, qDim), useFastKernels: useFastKernels)
    }

    deinit {
        for p in [x, xb, xb2, q, k, v, hb, hb2, att, logits, rope] { p.deallocate() }
        prob16.deallocate()
        q16.deallocate()
        free(keyCache)
        free(valueCache)
    }
}
