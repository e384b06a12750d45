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
    let att: UnsafeMutablePointer<Float>      // (nh × ctx)
    let logits: UnsafeMutablePointer<Float>   // (vocab)
    let ropeCos: UnsafeMutablePointer<Float>  // (ropeDim / 2) for the current position
    let ropeSin: UnsafeMutablePointer<Float>  // (ropeDim / 2)
    let keyCache: UnsafeMutablePointer<Float16>    // (layer, ctx, nkv·hd)
    let valueCache: UnsafeMutablePointer<Float16>  // (layer, ctx, nkv·hd)
    let activations: ActivationScratch
    let contextLength: Int

    init(config c: LlamaConfig, contextLength: Int, useFastKernels: Bool) {
        self.contextLength = contextLength
        let qDim = c.headCount * c.headDim
        x = .allocate(capacity: c.dim)
        xb = .allocate(capacity: max(c.dim, qDim))
        xb2 = .allocate(capacity: c.dim)
        q = .allocate(capacity: qDim)
        k = .allocate(capacity: c.kvDim)
        v = .allocate(capacity: c.kvDim)
        hb = .allocate(capacity: c.ffnDim)
        hb2 = .allocate(capacity: c.ffnDim)
        att = .allocate(capacity: c.headCount * contextLength)
        logits = .allocate(capacity: c.vocabSize)
        ropeCos = .allocate(capacity: max(1, c.ropeDim / 2))
        ropeSin = .allocate(capacity: max(1, c.ropeDim / 2))
        // Large allocations are lazily backed by the OS: only the positions actually used become resident.
        keyCache = .allocate(capacity: c.layerCount * contextLength * c.kvDim)
        valueCache = .allocate(capacity: c.layerCount * contextLength * c.kvDim)
        activations = ActivationScratch(capacity: max(c.dim, c.ffnDim, qDim), useFastKernels: useFastKernels)
    }

    deinit {
        for p in [x, xb, xb2, q, k, v, hb, hb2, att, logits, ropeCos, ropeSin] { p.deallocate() }
        keyCache.deallocate()
        valueCache.deallocate()
    }
}
