// Q8_0 block (34 bytes / 32 values):
//   offset 0: d   f16 scale
//   offset 2: qs  32 × int8
// value j = d · qs[j]
// Also the activation format paired with Q4_0 and Q8_0 weights: quantizeRow computes
// d = max|x| / 127, q = round-half-even(x · 127 / max|x|) like ggml's AVX2 `quantize_row_q8_0`.
// dot (Q8_0 × Q8_0) = Σ_blocks d_w·d_a · Σ_j qw_j·qa_j, accumulated in 8 float lanes of 4 products.

/// Kernels for Q8_0 weights (SmolLM2's `token_embd`, also its tied output head).
public enum Q8_0Kernel {
    public static let blockBytes = 34

    public static func dequantizeRow(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, count n: Int) {
        for b in 0..<(n / 32) {
            let blk = src + b * blockBytes
            let d = loadHalf(blk, 0)
            for j in 0..<32 {
                dst[b * 32 + j] = d * Float(blk.load(fromByteOffset: 2 + j, as: Int8.self))
            }
        }
    }

    /// Quantises `n` activations to Q8_0 blocks at `dst` (n / 32 × 34 bytes).
    public static func quantizeRow(_ x: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, count n: Int) {
        for b in 0..<(n / 32) {
            let xb = x + b * 32
            let blk = dst + b * blockBytes
            var amax: Float = 0
            for j in 0..<32 { amax = max(amax, abs(xb[j])) }
            let d = amax / 127
            let id: Float = amax != 0 ? 127 / amax : 0
            storeHalf(d, blk, 0)
            for j in 0..<32 {
                let q = (xb[j] * id).rounded(.toNearestOrEven)
                blk.storeBytes(of: Int8(q), toByteOffset: 2 + j, as: Int8.self)
            }
        }
    }

    /// Reference dot product of a Q8_0 row with Q8_0 activations (the oracle of the C kernel).
    public static func dot(_ n: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var acc = SIMD8<Float>()
        for b in 0..<(n / 32) {
            let wb = w + b * blockBytes, ab = a + b * blockBytes
            let d = loadHalf(wb, 0) * loadHalf(ab, 0)
            var lanes = SIMD8<Float>()
            for lane in 0..<8 {
                var s: Int32 = 0
                for j in (lane * 4)..<(lane * 4 + 4) {
                    s += Int32(wb.load(fromByteOffset: 2 + j, as: Int8.self)) * Int32(ab.load(fromByteOffset: 2 + j, as: Int8.self))
                }
                lanes[lane] = Float(s)
            }
            acc = acc.addingProduct(SIMD8(repeating: d), lanes)
        }
        return horizontalSum8(acc)
    }
}
