// Q4_1 block (20 bytes / 32 values):
//   offset 0: d   f16 scale
//   offset 2: m   f16 minimum
//   offset 4: qs  16 bytes; value j = (qs[j] & 0xF)·d + m for j < 16, (qs[j−16] >> 4)·d + m for j ≥ 16
// Paired with Q8_1 activations (36 bytes / 32: f16 d_a, f16 s_a = d_a·Σqa, 32 × int8):
//   dot = Σ_blocks [ d_w·d_a · Σ_j q_j·qa_j  +  m_w·s_a ]
// (ggml's `ggml_vec_dot_q4_1_q8_1`: integer sums in 8 float lanes of 4 products, the m·s terms in a
// separate scalar sum added at the end).

/// Kernels for Q4_1 weights (every matrix of SmolLM2-135M-Instruct.Q4_1 except `token_embd`).
public enum Q4_1Kernel {
    public static let blockBytes = 20
    /// Bytes of one Q8_1 activation block.
    public static let activationBlockBytes = 36

    public static func dequantizeRow(_ src: UnsafeRawPointer, _ dst: UnsafeMutablePointer<Float>, count n: Int) {
        for b in 0..<(n / 32) {
            let blk = src + b * blockBytes
            let d = loadHalf(blk, 0), m = loadHalf(blk, 2)
            for j in 0..<16 {
                let byte = blk.load(fromByteOffset: 4 + j, as: UInt8.self)
                dst[b * 32 + j] = Float(byte & 0xF) * d + m
                dst[b * 32 + j + 16] = Float(byte >> 4) * d + m
            }
        }
    }

    /// Quantises `n` activations to Q8_1 blocks (ggml's AVX2 `quantize_row_q8_1`).
    public static func quantizeActivations(_ x: UnsafePointer<Float>, _ dst: UnsafeMutableRawPointer, count n: Int) {
        for b in 0..<(n / 32) {
            let xb = x + b * 32
            let blk = dst + b * activationBlockBytes
            var amax: Float = 0
            for j in 0..<32 { amax = max(amax, abs(xb[j])) }
            let d = amax / 127
            let id: Float = amax != 0 ? 127 / amax : 0
            var sum: Int32 = 0
            for j in 0..<32 {
                let q = Int8((xb[j] * id).rounded(.toNearestOrEven))
                sum += Int32(q)
                blk.storeBytes(of: q, toByteOffset: 4 + j, as: Int8.self)
            }
            storeHalf(d, blk, 0)
            storeHalf(d * Float(sum), blk, 2)
        }
    }

    /// Reference dot product of a Q4_1 row with Q8_1 activations (the oracle of the C kernel).
    public static func dot(_ n: Int, _ w: UnsafeRawPointer, _ a: UnsafeRawPointer) -> Float {
        var acc = SIMD8<Float>()
        var summs: Float = 0
        for b in 0..<(n / 32) {
            let wb = w + b * blockBytes, ab = a + b * activationBlockBytes
            summs += loadHalf(wb, 2) * loadHalf(ab, 2)
            let d = loadHalf(wb, 0) * loadHalf(ab, 0)
            var lanes = SIMD8<Float>()
            for lane in 0..<8 {
                var s: Int32 = 0
                for j in (lane * 4)..<(lane * 4 + 4) {
                    let byte = wb.load(fromByteOffset: 4 + (j & 15), as: UInt8.self)
                    let q = Int32(j < 16 ? byte & 0xF : byte >> 4)
                    s += q * Int32(ab.load(fromByteOffset: 4 + j, as: Int8.self))
                }
                lanes[lane] = Float(s)
            }
            acc = acc.addingProduct(SIMD8(repeating: d), lanes)
        }
        return horizontalSum8(acc) + summs
    }
}
