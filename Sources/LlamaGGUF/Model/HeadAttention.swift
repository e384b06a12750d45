import ProseKernelsC

/// One head of causal attention over the f16 KV cache of one layer, with llama.cpp's arithmetic:
/// the query rounded to f16, f16 dot products for the scores, the 8-wide exp of `prose_softmax_exp`,
/// the weights rounded to f16, f16 dot products over the V chunks.
///
/// Why a value of its own: the one-token path runs the heads of one position in parallel, the batched
/// prompt runs every (token, head) pair of a batch in parallel; both call this, so a batched prompt
/// keeps the one-token bits. The caller gives the scratch (scores, weights, f16 query), so parallel
/// parts never share a buffer.
struct HeadAttention: @unchecked Sendable {
    let keys: UnsafePointer<UInt16>     // this layer's key cache (position, nkv·hd)
    let values: UnsafePointer<UInt16>   // this layer's value cache (chunk of 64 positions, nkv·hd, 64)
    let kvDim: Int
    let headDim: Int
    let group: Int                      // query heads per KV head
    let scale: Float

    /// out[0..<hd] = attention of query head `h` (its f32 values at `q`) at position `pos`.
    /// Scratch: `scores` ≥ pos + 16 floats, `p16` ≥ pos + 64 halves, `q16` ≥ hd halves.
    func run(head h: Int, position pos: Int, q: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>,
             scores: UnsafeMutablePointer<Float>, p16: UnsafeMutablePointer<UInt16>, q16: UnsafeMutablePointer<UInt16>) {
        let kvh = h / group, hd = headDim
        let n16 = (pos + 1 + 15) / 16 * 16, n64 = (pos + 1 + 63) / 64 * 64
        for i in 0..<hd { q16[i] = Float16(q[i]).bitPattern }
        var maxScore = -Float.infinity
        for t in 0...pos {
            scores[t] = prose_vec_dot_f16(Int32(hd), keys + t * kvDim + kvh * hd, q16) * scale
            maxScore = max(maxScore, scores[t])
        }
        for t in (pos + 1)..<n16 { scores[t] = -Float.infinity }
        let sum = prose_softmax_exp(Int32(n16), scores, scores, maxScore)
        let inv = Float(1.0 / sum)
        for t in 0...pos { p16[t] = Float16(scores[t] * inv).bitPattern }
        for t in (pos + 1)..<n64 { p16[t] = 0 }
        for i in 0..<hd {
            out[i] = prose_vec_dot_f16_chunked(Int32(n64), values + (kvh * hd + i) * 64, 64 * kvDim, p16)
        }
    }
}
